package dev.vecprop.core;

import dev.vecprop.core.internal.ScalarKernels;
import dev.vecprop.spi.Kernels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds the compute kernels: the scalar ones in this module and whatever providers of
 * {@link Kernels} the module graph (or class path) holds, such as the Vector API kernels of
 * {@code dev.vecprop.simd}.
 *
 * <p>The choice is made once per JVM: the system property {@value #PROPERTY} names a provider to force
 * ({@code -Dvecprop.kernels=scalar}); otherwise the available provider with the highest priority wins.
 * {@link #selection()} says which one was chosen and why any other was passed over.
 */
public final class KernelProviders {

    /** The system property that forces a provider by name. */
    public static final String PROPERTY = "vecprop.kernels";

    private static volatile Selection selection;

    private KernelProviders() {
    }

    /**
     * The scalar reference kernels, always available.
     *
     * @return the single scalar provider, named {@code scalar}
     */
    public static Kernels scalar() {
        return ScalarKernels.INSTANCE;
    }

    /**
     * Kernels that split the large operations of {@code base} over {@code threads} threads, with results bit
     * for bit those of {@code base} (see {@link ParallelKernels}). Each call makes {@code threads - 1} new
     * daemon worker threads, kept until {@link ParallelKernels#close()} or until the kernels are no longer
     * reachable: make them once and share them, for example between networks.
     *
     * @param base    the kernels that do the work, such as {@link #best()}; when they are parallel kernels
     *                themselves, their own base is used; not {@code null}
     * @param threads the number of threads, the calling one included, in 1 to 4096; with 1 every call goes
     *                straight to {@code base} and no thread is made
     * @return new parallel kernels
     * @throws NullPointerException     if {@code base} is {@code null}
     * @throws IllegalArgumentException if {@code threads} is below 1 or above 4096, or {@code base} cannot run
     *                                  in this JVM (its {@link Kernels#unavailableReason()})
     */
    public static ParallelKernels parallel(Kernels base, int threads) {
        Kernels b = base instanceof ParallelKernels p ? p.base() : base;
        return new ParallelKernels(requireUsable(b), threads);
    }

    /**
     * {@code kernels}, when they can run in this JVM; otherwise a refusal that says why, rather than a
     * {@link NoClassDefFoundError} at the first call (the SIMD provider in a JVM without
     * {@code jdk.incubator.vector}).
     *
     * @throws NullPointerException     if {@code kernels} is {@code null}
     * @throws IllegalArgumentException if {@link Kernels#unavailableReason()} gives a reason
     */
    static <K extends Kernels> K requireUsable(K kernels) {
        String why = Objects.requireNonNull(kernels, "kernels").unavailableReason();
        if (why != null) {
            throw new IllegalArgumentException("kernels '" + kernels.name() + "' cannot run here: " + why);
        }
        return kernels;
    }

    /**
     * Every provider found, available or not, the scalar one first.
     *
     * @return a new modifiable list, looked up again on each call; when a provider cannot be loaded, a warning
     *         is logged and that provider is left out, the others still returned
     */
    public static List<Kernels> all() {
        List<Kernels> found = new ArrayList<>();
        found.add(ScalarKernels.INSTANCE);
        ServiceLoader<Kernels> loader = ServiceLoader.load(Kernels.class, KernelProviders.class.getClassLoader());
        var providers = loader.stream().iterator();
        while (true) {
            try {
                if (!providers.hasNext()) {
                    break;
                }
                found.add(providers.next().get());
            } catch (ServiceConfigurationError | LinkageError e) {
                // A broken provider must not take the engine down, nor hide the providers after it.
                System.getLogger(KernelProviders.class.getName())
                        .log(System.Logger.Level.WARNING, "a kernels provider could not be loaded: " + e.getMessage());
            }
        }
        return found;
    }

    /**
     * The provider named {@code name}.
     *
     * @param name a provider's {@link Kernels#name()}, in any case; surrounding white space is ignored; not
     *             {@code null}
     * @return the provider, which can run in this JVM
     * @throws IllegalArgumentException when there is none of that name, or it cannot run here (the message
     *                                  says why)
     */
    public static Kernels named(String name) {
        List<Kernels> all = all();
        for (Kernels k : all) {
            if (k.name().equalsIgnoreCase(name.trim())) {
                return requireUsable(k);
            }
        }
        throw new IllegalArgumentException("unknown kernels '" + name + "'; found: "
                + all.stream().map(Kernels::name).collect(Collectors.joining(", ")));
    }

    /**
     * The kernels the engine uses by default: forced by {@value #PROPERTY}, else the best available.
     *
     * @return the kernels of {@link #selection()}
     * @throws IllegalArgumentException if {@value #PROPERTY} names a provider that is unknown or cannot run here
     */
    public static Kernels best() {
        return selection().kernels();
    }

    /**
     * The default choice with its explanation, made once and then cached.
     *
     * @return the same selection on every call once one has been made
     * @throws IllegalArgumentException if {@value #PROPERTY} names a provider that is unknown or cannot run here
     *                                  (nothing is cached then, so each call throws again)
     */
    public static Selection selection() {
        Selection s = selection;
        if (s == null) {
            synchronized (KernelProviders.class) {
                s = selection;
                if (s == null) {
                    s = select();
                    selection = s;
                }
            }
        }
        return s;
    }

    private static Selection select() {
        String forced = System.getProperty(PROPERTY);
        if (forced != null && !forced.isBlank()) {
            return new Selection(named(forced), "forced by -D" + PROPERTY + "=" + forced.trim());
        }
        List<String> passedOver = new ArrayList<>();
        Kernels chosen = ScalarKernels.INSTANCE;
        List<Kernels> candidates = new ArrayList<>(all());
        candidates.sort(Comparator.comparingInt(Kernels::priority).reversed());
        for (Kernels k : candidates) {
            String why = k.unavailableReason();
            if (why == null) {
                chosen = k;
                break;
            }
            passedOver.add(k.name() + " unavailable: " + why);
        }
        return new Selection(chosen, passedOver.isEmpty() ? "highest priority available" : String.join("; ", passedOver));
    }

    /**
     * The kernels chosen by default and why.
     *
     * @param kernels the provider chosen; it can run in this JVM
     * @param reason  how it was chosen, including why any better provider was passed over: "highest priority
     *                available" when none was, "forced by -Dvecprop.kernels=..." when the property chose
     */
    public record Selection(Kernels kernels, String reason) {
        /**
         * One line for people, such as "Kernels: simd (FloatVector 256 bits, FMA)".
         *
         * @return the provider's description, followed in parentheses by the reason unless it is simply the
         *         highest priority available
         */
        public String describe() {
            return "Kernels: " + kernels.description()
                    + (reason.startsWith("highest") ? "" : " (" + reason + ")");
        }
    }
}
