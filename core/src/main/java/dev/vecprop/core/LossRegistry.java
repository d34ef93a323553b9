package dev.vecprop.core;

import dev.vecprop.core.internal.PluginFaults;
import dev.vecprop.core.internal.Words;
import dev.vecprop.spi.LossFunction;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The loss functions available by name, found with {@link ServiceLoader}; core itself names none.
 *
 * <p>{@link #system()} looks in the application's module graph and class path; {@link #of(ModuleLayer)}
 * in a layer built by the application; {@link #withPlugins(List)} adds every loss plugin jar found in the
 * given folders, without restarting anything but the lookup: a modular jar (one with a
 * {@code module-info.class}) gets a {@link ModuleLayer} of its own on top of core's layer (the boot layer,
 * unless the application loaded vecprop into a layer of its own), a plain jar a
 * class loader of its own, read through its {@code META-INF/services/dev.vecprop.spi.LossFunction} file.
 * When core itself is on the class path (in no named module), a modular plugin cannot require it, so every jar
 * is read as a plain one: through its services file, its {@code module-info} and any {@code provider()} method
 * unread.
 * A jar that cannot be loaded is skipped and reported in {@link #problems()}; the others still load.
 */
public final class LossRegistry {

    private final List<LossFunction> all;
    /** The name each loss of {@link #all} was filed under, by identity. */
    private final Map<LossFunction, String> names;
    private final Map<String, LossFunction> byName;
    private final Map<String, List<LossFunction>> clashes;
    private final List<String> problems;

    /**
     * A loss with the name it gave when found and checked: the registry asks a plugin its name once, so that one
     * whose {@code name()} then throws or answers otherwise is filed under the name that was checked.
     */
    private record Named(String name, LossFunction loss) {
    }

    private LossRegistry(List<Named> losses, List<String> problems) {
        List<LossFunction> distinct = new ArrayList<>();
        Map<String, LossFunction> map = new LinkedHashMap<>();
        Map<String, List<LossFunction>> clash = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>(problems);
        Map<LossFunction, String> nameOf = new java.util.IdentityHashMap<>();
        for (Named named : losses) {
            LossFunction loss = named.loss();
            nameOf.putIfAbsent(loss, named.name());
            LossFunction other = map.putIfAbsent(named.name(), loss);
            if (other == null) {
                distinct.add(loss);
            } else if (other != loss) {
                clash.computeIfAbsent(named.name(), n -> new ArrayList<>(List.of(other))).add(loss);
                distinct.add(loss);
            }
        }
        clash.forEach((name, all) -> notes.add(clashMessage(name, all)));
        this.all = List.copyOf(distinct);
        this.names = Collections.unmodifiableMap(nameOf);
        this.byName = Collections.unmodifiableMap(map);
        this.clashes = Collections.unmodifiableMap(clash);
        this.problems = List.copyOf(notes);
    }

    /**
     * The losses in the boot layer's modules and on the class path.
     *
     * @return a registry of every loss core's class loader can see; a provider that cannot be created or has no
     *         usable name is skipped and reported in {@link #problems()}, as are name clashes
     */
    public static LossRegistry system() {
        List<String> problems = new ArrayList<>();
        return new LossRegistry(load(ServiceLoader.load(LossFunction.class, LossRegistry.class.getClassLoader()),
                null, CLASS_PATH, problems), problems);
    }

    /** Where {@link #system()} finds a services entry that is not a module's. */
    private static final String CLASS_PATH = "the class path";

    /**
     * The losses provided by the modules of {@code layer} and its parents.
     *
     * @param layer a module layer built by the application; not {@code null}
     * @return a registry of the losses found there; providers that cannot be created are skipped and reported
     *         in {@link #problems()}
     */
    public static LossRegistry of(ModuleLayer layer) {
        List<String> problems = new ArrayList<>();
        return new LossRegistry(load(ServiceLoader.load(layer, LossFunction.class), null, "the module layer", problems),
                problems);
    }

    /**
     * Whether a loss may be named {@code name}: not null, not blank, no white space at either end. A loss of any
     * other name is skipped or refused here, so a model naming one could never find it.
     */
    static boolean usableName(String name) {
        return name != null && !name.isBlank() && name.equals(name.strip());
    }

    /**
     * A registry of exactly these losses (for tests and for applications that build their own).
     *
     * @param losses the losses, in the order {@link #names()} lists them, none {@code null}; the list is copied
     * @return a registry of those losses, whose {@link #problems()} lists only name clashes: two losses of one
     *         name, of one class or two (one loss given twice is given once)
     * @throws IllegalArgumentException if a loss has no usable name: {@code null}, blank or with white space
     *                                  around it (which {@link #system()} skips as well)
     * @throws LossPluginException      if a loss's {@code name()} throws, naming the loss's class
     * @throws NullPointerException     if {@code losses} or one of them is {@code null}
     */
    public static LossRegistry of(List<? extends LossFunction> losses) {
        List<LossFunction> copy = new ArrayList<>(losses);
        List<Named> named = new ArrayList<>(copy.size());
        for (int i = 0; i < copy.size(); i++) {
            LossFunction loss = Objects.requireNonNull(copy.get(i), "loss " + i);
            String name = PluginFaults.call(loss, "name", loss::name);
            if (!usableName(name)) {
                throw new IllegalArgumentException("loss " + i + " (" + loss.getClass().getName() + ") has no usable name ('"
                        + name + "')");
            }
            named.add(new Named(name, loss));
        }
        return new LossRegistry(named, List.of());
    }

    /**
     * The {@linkplain #system() system} losses plus those of every {@code .jar} file in the given folders,
     * taken in folder order and, within a folder, in name order.
     *
     * @param folders folders to look in (not recursively) for files named {@code *.jar}; may be empty. A jar
     *                whose bytes are those of one read before (a copy in another folder) is not read again
     * @return a registry of the system losses followed by the plugins' ones; each jar that is skipped has a line
     *         in {@link #problems()}
     * @throws IllegalArgumentException if a path is not a readable folder
     */
    public static LossRegistry withPlugins(List<Path> folders) {
        List<String> problems = new ArrayList<>();
        return withPluginsOn(load(ServiceLoader.load(LossFunction.class, LossRegistry.class.getClassLoader()), null,
                CLASS_PATH, problems), folders, problems);
    }

    /** {@link #withPluginsOn} for tests: {@code earlier} are well-behaved losses, asked their names here. */
    static LossRegistry withPlugins(List<LossFunction> earlier, List<Path> folders, List<String> problems) {
        return withPluginsOn(earlier.stream().map(loss -> new Named(loss.name(), loss)).toList(), folders, problems);
    }

    /** {@link #withPlugins(List)} on top of {@code earlier}, the losses found before, with their problems. */
    private static LossRegistry withPluginsOn(List<Named> earlier, List<Path> folders, List<String> problems) {
        List<Named> losses = new ArrayList<>(earlier);
        java.util.Set<Path> seen = new java.util.HashSet<>();
        // The jars read, by their bytes; made at the first plugin jar, from the jars of the losses found already:
        // a copy of one in a plugin folder (the built-in losses' jar, say) is read as any other copy is, once.
        java.util.Set<String> jarsRead = null;
        for (Path folder : folders) {
            // A folder named twice (on the command line and in the environment, say) is read once: its plugins
            // would otherwise clash with themselves.
            if (!seen.add(realOrAbsolute(folder))) {
                continue;
            }
            List<Path> jars;
            try (Stream<Path> files = Files.list(folder)) {
                jars = files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                        .sorted().toList();
            } catch (IOException | RuntimeException e) {
                // The file exceptions' messages are the path alone: say what is wrong instead.
                String why = e instanceof java.nio.file.NoSuchFileException ? "no such folder"
                        : e instanceof java.nio.file.NotDirectoryException ? "not a folder"
                        : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                        : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                throw new IllegalArgumentException("plugin folder " + folder + " cannot be read: " + why);
            }
            for (Path jar : jars) {
                try {
                    // A copy of a jar already read (one installed in plugins/ and still named by the environment,
                    // say) is read once: its losses would otherwise clash with themselves.
                    if (jarsRead == null) {
                        jarsRead = digestsOfJars(earlier);
                    }
                    if (!jarsRead.add(digest(jar))) {
                        continue;
                    }
                    int before = problems.size();
                    List<Named> found = loadJar(jar, problems);
                    if (found.isEmpty() && problems.size() == before) {
                        problems.add("plugin " + jar + " provides no dev.vecprop.spi.LossFunction" + servicesOfModule(jar)
                                + "; skipped");
                    }
                    losses.addAll(found);
                } catch (IOException | RuntimeException | ServiceConfigurationError | LinkageError e) {
                    problems.add("plugin " + jar + " cannot be loaded, skipped: " + describe(e));
                }
            }
        }
        return new LossRegistry(losses, problems);
    }

    private static List<Named> loadJar(Path jar, List<String> problems) throws IOException {
        boolean modular;
        try (JarFile file = new JarFile(jar.toFile())) {
            modular = file.getEntry("module-info.class") != null;
        }
        ModuleDescriptor descriptor = null;
        if (modular && LossRegistry.class.getModule().isNamed()) {
            Set<ModuleReference> refs = ModuleFinder.of(jar).findAll();
            descriptor = refs.iterator().next().descriptor();
        }
        if (descriptor != null) {
            // On top of the layer core itself is in, which need not be the boot layer (an application may load
            // vecprop into a layer of its own): the plugin must read this core, the one whose LossFunction it
            // provides.
            ModuleLayer parent = LossRegistry.class.getModule().getLayer();
            for (ModuleDescriptor.Requires r : descriptor.requires()) {
                // A JDK module outside the JVM's module graph cannot join a plugin's layer (java.* modules belong to
                // the JDK's own class loaders); resolving would say only "Module java.sql not found".
                if (!r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)
                        && parent.findModule(r.name()).isEmpty() && ModuleFinder.ofSystem().find(r.name()).isPresent()) {
                    problems.add("plugin " + jar + " cannot be loaded, skipped: its module " + descriptor.name()
                            + " requires the JDK module " + r.name() + ", which this JVM was not started with (add it "
                            + "with the java option --add-modules " + r.name() + ")");
                    return List.of();
                }
            }
            Configuration cf = parent.configuration()
                    .resolveAndBind(ModuleFinder.of(jar), ModuleFinder.of(), Set.of(descriptor.name()));
            ModuleLayer layer = parent.defineModulesWithOneLoader(cf, LossRegistry.class.getClassLoader());
            return load(ServiceLoader.load(layer, LossFunction.class), type -> type.getModule().getLayer() == layer,
                    "plugin " + jar, problems);
        }
        // A plain jar, or any jar when core itself is on the class path: its META-INF/services file, and not its
        // parent's, whose entries system() has read (a broken one would otherwise be blamed on every plain jar).
        // Only the loss services file: a library inside the plugin may look up services of its own anywhere.
        String services = "META-INF/services/" + LossFunction.class.getName();
        URLClassLoader loader = new URLClassLoader("plugin " + jar.getFileName(), new java.net.URL[]{jar.toUri().toURL()},
                LossRegistry.class.getClassLoader()) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                return name.equals(services) ? findResources(name) : super.getResources(name);
            }
        };
        // The loader also yields the providers of named modules (core's own layer's): only the jar's are created.
        return load(ServiceLoader.load(LossFunction.class, loader), type -> type.getClassLoader() == loader,
                "plugin " + jar, problems);
    }


    /** The SHA-256 of a file's bytes, in hex. */
    private static String digest(Path file) throws IOException {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            try (java.io.InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    md.update(buffer, 0, n);
                }
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256, which every Java platform has, is missing", e);
        }
    }

    /** The digests of the jars the classes of {@code losses} were loaded from; a jar that cannot be read is left out. */
    private static java.util.Set<String> digestsOfJars(List<Named> losses) {
        java.util.Set<String> digests = new java.util.HashSet<>();
        java.util.Set<Path> jars = new java.util.HashSet<>();
        for (Named named : losses) {
            Path jar = jarOf(named.loss().getClass());
            if (jar != null && jars.add(jar)) {
                try {
                    digests.add(digest(jar));
                } catch (IOException | RuntimeException e) {
                    // Unreadable now: its copies are read, and clash with it by name.
                }
            }
        }
        return digests;
    }

    /** The jar file a class was loaded from, or null (a folder of classes, the JDK's image, a location unknown). */
    private static Path jarOf(Class<?> c) {
        try {
            CodeSource cs = c.getProtectionDomain().getCodeSource();
            if (cs == null || cs.getLocation() == null || !"file".equals(cs.getLocation().getProtocol())) {
                return null;
            }
            Path p = Path.of(cs.getLocation().toURI());
            return Files.isRegularFile(p) ? p : null;
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    private static Path realOrAbsolute(Path folder) {
        try {
            return folder.toRealPath();
        } catch (IOException | RuntimeException e) {
            return folder.toAbsolutePath().normalize();
        }
    }
    /**
     * Every provider the loader yields whose class {@code ours} accepts (all when it is null), created only then;
     * a services entry that cannot be loaded (a class that is missing or cannot be defined, or no
     * {@code LossFunction}) is reported as found in {@code where} ("the class path") and skipped, and the entries
     * after it are still read.
     */
    private static List<Named> load(ServiceLoader<LossFunction> loader, Predicate<Class<?>> ours, String where,
                                           List<String> problems) {
        List<Named> found = new ArrayList<>();
        Iterator<ServiceLoader.Provider<LossFunction>> providers = loader.stream().iterator();
        String lastError = null;
        while (true) {
            ServiceLoader.Provider<LossFunction> provider;
            try {
                if (!providers.hasNext()) {
                    break;
                }
                provider = providers.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                // A ServiceConfigurationError's own message says what is wrong with the entry ("Unable to get
                // public no-arg constructor"), which the root cause alone (NoSuchMethodException: P.<init>()) does
                // not. A class the entry names that cannot be defined (its superclass missing from the jar, a class
                // file of a newer Java) fails in Class.forName with a LinkageError, which names the class needed
                // (NoClassDefFoundError: a/b/Base), its cause only that it was not found.
                String error = e instanceof ServiceConfigurationError
                        ? e.getMessage().replace(LossFunction.class.getName() + ": ", "")
                        + (e.getCause() == null ? "" : " (" + describe(e.getCause()) + ")")
                        : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                // Either way the lookup has moved past the entry. Two entries missing one class fail alike and
                // are reported once; the same ServiceConfigurationError twice running would mean it has not moved.
                if (error.equals(lastError)) {
                    if (e instanceof ServiceConfigurationError) {
                        break;
                    }
                    continue;
                }
                lastError = error;
                problems.add(where + ": a loss provider cannot be loaded, skipped: " + error);
                continue;
            }
            if (ours != null && !ours.test(provider.type())) {
                continue;
            }
            LossFunction loss = null;
            try {
                loss = provider.get();
                String name = loss.name();
                if (!usableName(name)) {
                    problems.add("loss plugin " + provider.type().getName() + " (" + origin(loss.getClass())
                            + ") has no usable name ('" + name + "': a name is not blank, with no white space at "
                            + "either end), skipped");
                    continue;
                }
                found.add(new Named(name, loss));
            } catch (RuntimeException | Error e) {
                // A plugin's assertion or stack overflow skips it as an exception does; the JVM's own failures do not.
                PluginFaults.throwIfJvmFailure(e);
                problems.add("loss plugin " + provider.type().getName() + " (" + origin(provider.type())
                        + (loss == null ? ") cannot be created" : ") failed in name") + ", skipped: " + describe(e));
            }
        }
        return found;
    }

    /**
     * The loss named {@code name}.
     *
     * @param name a loss's {@link LossFunction#name()}, exactly (case and white space count)
     * @return the single loss of that name
     * @throws IllegalArgumentException naming the losses that are available, when none has that name, or
     *                                  naming every plugin that claims it, when several do
     * @throws NullPointerException     if {@code name} is null
     */
    public LossFunction get(String name) {
        Objects.requireNonNull(name, "name");
        List<LossFunction> clash = clashes.get(name);
        if (clash != null) {
            throw new IllegalArgumentException(clashMessage(name, clash));
        }
        LossFunction loss = byName.get(name);
        if (loss == null) {
            // Names are matched exactly (a model file stores one, and two plugins may differ in case only),
            // but a name that differs in case or surrounding space alone is named as the likely intent.
            List<String> near = byName.keySet().stream().filter(n -> n.strip().equalsIgnoreCase(name.strip())).toList();
            // A plugin skipped may have been the one: the first reason, the rest in problems(), whose last lines
            // are the clashes, one each (the constructor adds them after the loading's problems).
            List<String> skipped = problems.subList(0, problems.size() - clashes.size());
            boolean builtIn = List.of("mse", "binary-cross-entropy", "softmax-cross-entropy").contains(name);
            throw new IllegalArgumentException("unknown loss '" + name + "'"
                    + (near.size() == 1 ? " (names are matched exactly: did you mean '" + near.getFirst() + "'?)" : "")
                    + "; available: " + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet()))
                    + (builtIn ? " (the built-in losses are in the module dev.vecprop.losses, which is not on the module "
                    + "path or class path)" : "")
                    + (skipped.isEmpty() ? "" : "; " + Words.count(skipped.size(), "plugin problem") + ", the first: "
                    + skipped.getFirst()));
        }
        return loss;
    }

    /**
     * The names of every loss found, in discovery order.
     *
     * @return an unmodifiable list without duplicates; a name claimed by several plugins is listed once
     */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /**
     * Every loss found, in discovery order, including each of several that claim one name (which
     * {@link #get} refuses), so that a listing can show them all with their origins.
     *
     * @return an unmodifiable list
     */
    public List<LossFunction> all() {
        return List.copyOf(all);
    }

    /**
     * The name {@code loss} is filed under: what its {@code name()} answered when the registry found it and
     * checked it. A listing asks this rather than the plugin again, whose second answer could differ or throw.
     *
     * @param loss one of {@link #all()}
     * @return its name
     * @throws IllegalArgumentException if {@code loss} is not one of this registry's
     */
    public String nameOf(LossFunction loss) {
        String name = names.get(loss);
        if (name == null) {
            throw new IllegalArgumentException("not a loss of this registry: " + loss.getClass().getName());
        }
        return name;
    }

    /**
     * One line per plugin that was skipped (a broken jar, a provider that could not be created) or that
     * claims a name another plugin has; empty when all is well.
     *
     * @return an unmodifiable list of messages for people, each naming the jar or plugin
     */
    public List<String> problems() {
        return problems;
    }

    /**
     * Where a loss comes from: its module's name (for a named module) and the jar or folder it was loaded
     * from, where that is known. For messages and listings.
     *
     * @param loss any loss; not {@code null}
     * @return "module NAME (PATH)" or "class path (PATH)", without the path when the code source is unknown
     */
    public static String origin(LossFunction loss) {
        return origin(loss.getClass());
    }

    private static String origin(Class<?> c) {
        Module m = c.getModule();
        String where = null;
        CodeSource cs = c.getProtectionDomain().getCodeSource();
        if (cs != null && cs.getLocation() != null) {
            where = cs.getLocation().getPath();
        }
        String module = m.isNamed() ? "module " + m.getName() : "class path";
        return where == null ? module : module + " (" + where + ")";
    }

    private static String clashMessage(String name, List<LossFunction> all) {
        StringBuilder sb = new StringBuilder("several loss plugins are named '").append(name).append("': ");
        for (int i = 0; i < all.size(); i++) {
            // The class too: two classes of one jar, or one jar dropped twice, differ in nothing else.
            sb.append(i == 0 ? "" : " and ").append(origin(all.get(i))).append(", class ").append(all.get(i).getClass().getName());
        }
        return sb.toString();
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage();
        return root.getClass().getSimpleName() + (msg == null ? "" : ": " + msg) + advice(root, msg);
    }

    /** What a plugin's author can do about a failure to load it, for the failures that have one answer. */
    private static String advice(Throwable root, String msg) {
        int feature = Runtime.version().feature();
        if (root instanceof UnsupportedClassVersionError
                || msg != null && msg.contains("Unsupported major.minor version")) {
            return " (its classes are for a newer Java than this JVM's " + feature + ": compile it with --release "
                    + feature + " or lower)";
        }
        if (root instanceof java.lang.module.FindException && msg != null && msg.contains(" not found, required by ")) {
            return " (a plugin's module layer holds its jar alone: the libraries it needs go inside its jar, "
                    + "docs/plugins.md)";
        }
        return "";
    }

    /**
     * For a modular jar that provides no loss, why its module's declaration was not what was read: on the module
     * path, a module's services are declared in its module-info, where its services file is not read; with core
     * on the class path, the module-info is not read and the services file is. Else "".
     */
    private static String servicesOfModule(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            if (file.getEntry("module-info.class") == null) {
                return "";
            }
            boolean servicesFile = file.getEntry("META-INF/services/" + LossFunction.class.getName()) != null;
            if (LossRegistry.class.getModule().isNamed()) {
                return servicesFile ? " (a modular jar's META-INF/services file is not read: its module-info declares "
                        + "the loss, 'provides " + LossFunction.class.getName() + " with ...')" : "";
            }
            return servicesFile ? "" : " (vecprop's core is on the class path, where a plugin's module-info is not "
                    + "read: a jar there names its losses in META-INF/services/" + LossFunction.class.getName()
                    + ", which this one lacks; or put vecprop on the module path)";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
