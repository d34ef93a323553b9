# Sourced by bin/build and bin/vecprop: points JAVA_HOME at a JDK 25 or newer, or stops with one line.
# Looks at $JAVA_HOME, then the java on PATH, then every JDK under /usr/lib/jvm (newest first).

vecprop_java_feature() { # prints the feature version (25 for 25.0.3, 8 for 1.8.0_392) of the JDK at $1, or nothing
  local release="$1/release" v
  [ -x "$1/bin/javac" ] || return 0
  if [ -f "$release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\(1\.\)\{0,1\}\([0-9]*\).*/\2/p' "$release")
  else
    v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \(1\.\)\{0,1\}\([0-9]*\).*/\2/p')
  fi
  printf '%s' "$v"
}

vecprop_find_jdk() {
  local candidate v
  local -a candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for candidate in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -V -r); do
    candidates+=("${candidate%/}")
  done
  for candidate in "${candidates[@]}"; do
    v=$(vecprop_java_feature "$candidate")
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then
      printf '%s' "$candidate"
      return 0
    fi
  done
  return 1
}

vecprop_given_home="${JAVA_HOME:-}"
if ! JAVA_HOME=$(vecprop_find_jdk); then
  echo "vecprop: needs a JDK 25 or newer; none in JAVA_HOME, on PATH or under /usr/lib/jvm (install one, e.g. Temurin 25, and set JAVA_HOME)" >&2
  exit 1
fi
if [ -n "$vecprop_given_home" ] && [ "$vecprop_given_home" != "$JAVA_HOME" ]; then
  # One line, so that a JAVA_HOME set for something else is not passed over without a word.
  vecprop_given=$(vecprop_java_feature "$vecprop_given_home")
  if [ -n "$vecprop_given" ]; then
    vecprop_given="is Java $vecprop_given, older than 25"
  elif [ -x "$vecprop_given_home/bin/javac" ]; then
    vecprop_given="holds a JDK whose version cannot be read"
  else
    vecprop_given="holds no JDK (no bin/javac)"
  fi
  echo "vecprop: JAVA_HOME ($vecprop_given_home) $vecprop_given; using $JAVA_HOME" >&2
  unset vecprop_given
fi
unset vecprop_given_home
export JAVA_HOME
