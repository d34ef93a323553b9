package dev.vecprop.core;

import dev.vecprop.spi.LossFunction;

import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The loss functions available by name, found with {@link ServiceLoader}; core itself names none.
 *
 * <p>{@link #system()} looks in the application's module graph and class path; {@link #of(ModuleLayer)}
 * in a layer built by the application (for plugins loaded from a directory).
 */
public final class LossRegistry {

    private final Map<String, LossFunction> byName;

    private LossRegistry(Iterable<LossFunction> losses) {
        Map<String, LossFunction> map = new LinkedHashMap<>();
        for (LossFunction loss : losses) {
            LossFunction other = map.putIfAbsent(loss.name(), loss);
            if (other != null && other.getClass() != loss.getClass()) {
                throw new IllegalStateException("two loss plugins are named '" + loss.name() + "': "
                        + origin(other) + " and " + origin(loss));
            }
        }
        this.byName = Collections.unmodifiableMap(map);
    }

    /** The losses in the boot layer's modules and on the class path. */
    public static LossRegistry system() {
        return new LossRegistry(ServiceLoader.load(LossFunction.class, LossRegistry.class.getClassLoader()));
    }

    /** The losses provided by the modules of {@code layer} and its parents. */
    public static LossRegistry of(ModuleLayer layer) {
        return new LossRegistry(ServiceLoader.load(layer, LossFunction.class));
    }

    /** A registry of exactly these losses (for tests and for applications that build their own). */
    public static LossRegistry of(List<? extends LossFunction> losses) {
        return new LossRegistry(new ArrayList<>(losses));
    }

    /**
     * The loss named {@code name}.
     *
     * @throws IllegalArgumentException naming the losses that are available, when none has that name
     */
    public LossFunction get(String name) {
        LossFunction loss = byName.get(name);
        if (loss == null) {
            throw new IllegalArgumentException("unknown loss '" + name + "'; available: "
                    + (byName.isEmpty() ? "none (is the dev.vecprop.losses module on the module path?)"
                    : String.join(", ", byName.keySet())));
        }
        return loss;
    }

    /** The names of every loss found, in discovery order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** Every loss found, in discovery order. */
    public List<LossFunction> all() {
        return List.copyOf(byName.values());
    }

    /**
     * Where a loss comes from: its module's name (for a named module) and the jar or folder it was loaded
     * from, where that is known. For messages and listings.
     */
    public static String origin(LossFunction loss) {
        Class<?> c = loss.getClass();
        Module m = c.getModule();
        String where = null;
        CodeSource cs = c.getProtectionDomain().getCodeSource();
        if (cs != null && cs.getLocation() != null) {
            where = cs.getLocation().getPath();
        }
        String module = m.isNamed() ? "module " + m.getName() : "class path";
        return where == null ? module : module + " (" + where + ")";
    }
}
