package dev.vecprop.core;

import dev.vecprop.core.internal.PluginFaults;
import dev.vecprop.core.internal.Words;
import dev.vecprop.spi.Activation;
import dev.vecprop.spi.LossFunction;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Checks a loss's gradient, and the backpropagation through it, against central finite differences in
 * double precision on a small random network: the check any loss plugin should pass.
 *
 * <p>A parameter agrees when its relative error |a - n| / (|a| + |n|) is at most the tolerance, or when the
 * two differ by less than the absolute floor: {@value #ABSOLUTE_FLOOR}, or {@value #ROUNDING_ULPS} units in the
 * last place of the loss's value divided by the step when that is more (where both are tiny, the relative
 * error is noise from the difference quotient's rounding: each value of the loss it takes is rounded to within
 * a few units in its last place, and the quotient divides their difference by 2h, so the noise grows with the
 * loss's size: a loss summed over ten outputs and 784 inputs, about 12, rounds to 1.8e-9 over a step of 1e-6,
 * above a fixed 1e-9 on gradients of 1e-4). The step is {@value #STEP}: small enough that the
 * truncation error (order h^2) is far below the tolerance, large enough that rounding (order 1e-16 / h) is
 * too. Relu's kink at 0 is crossed by a step only when a pre-activation lies within about 1e-6 of it, which
 * a random network does not do in practice.
 */
public final class GradientCheck {

    /** The default tolerance on the relative error. */
    public static final double TOLERANCE = 1e-6;
    /** The finite-difference step. */
    public static final double STEP = 1e-6;
    /** Differences below this are taken as agreement whatever their relative size. */
    public static final double ABSOLUTE_FLOOR = 1e-9;
    /**
     * Differences below this many units in the last place of the loss's value, divided by the step, are taken
     * as agreement too: the rounding of the difference quotient. The correct losses of this project's tests and
     * plugins differ by up to 3.4 such units (twelve shapes from 2-1 to 784-128-10, four seeds each); 16 leaves
     * a margin.
     */
    public static final int ROUNDING_ULPS = 16;

    private GradientCheck() {
    }

    /**
     * The outcome of a check.
     *
     * @param maxRelativeError the largest relative error over the parameters that count, in [0, 1], or
     *                         positive infinity when a gradient was NaN
     * @param tolerance        the bound it was held to
     * @param parameters       the number of parameters compared (all of them, including those within
     *                         the absolute floor)
     * @param worst            where the largest error was, "layer L parameter P: analytic A, numerical N"; when
     *                         the check fails and the analytic gradient is the numerical one times a constant
     *                         other than 1 (-1 for a flipped sign, 2 for a lost 1/2) over more than one sample
     *                         or output, followed by a sentence saying so
     * @param fused            whether the loss's fused output delta was checked (else the generic path)
     * @param maxAbsoluteError the largest |analytic - numerical| over all parameters, positive infinity when a
     *                         gradient was NaN: how close the agreement is where every difference is below
     *                         the floor and the relative error is therefore 0
     * @param absoluteFloor    the difference below which a parameter agreed whatever its relative error:
     *                         {@link #ABSOLUTE_FLOOR}, or {@link #ROUNDING_ULPS} units in the last place of
     *                         the loss's value over the step when more
     */
    public record Result(double maxRelativeError, double tolerance, int parameters, String worst, boolean fused,
                         double maxAbsoluteError, double absoluteFloor) {
        /**
         * Whether every parameter agreed within the tolerance.
         *
         * @return {@code true} when {@code maxRelativeError <= tolerance}
         */
        public boolean passed() {
            return maxRelativeError <= tolerance;
        }
    }

    /**
     * Why {@code loss} cannot be checked with {@code outputs} output units of {@code output}: the loss's own
     * {@link LossFunction#incompatibility}, or the network's refusal of that output layer (softmax over one
     * unit); {@code null} when it can.
     *
     * @param loss    the loss; not {@code null}
     * @param output  the output activation
     * @param outputs the output units, at least 1
     * @return the reason, or {@code null}
     */
    public static String incompatibility(LossFunction loss, Activation output, int outputs) {
        String refused = PluginFaults.incompatibility(loss, output, outputs);
        return refused != null ? refused : FeedForwardNetwork.outputRefusal(output, outputs);
    }

    /**
     * Checks {@code loss} on a random network of {@code layerSizes} (input size first; hidden layers with
     * {@code hidden}, the output layer with {@code output}, biases on), over three random samples, using the
     * fused path where the loss has one for {@code output}.
     *
     * <p>Targets: random values in (0, 1) when the loss accepts them, else one-hot (or 0/1 for a single
     * output).
     *
     * @param loss       the loss to check; not {@code null}
     * @param hidden     the activation of the hidden layers
     * @param output     the activation of the output layer, which the loss must accept
     * @param layerSizes the input size, then the units of each layer; at least 2 elements, each at least 1
     * @param seed       seed of the network, the samples and the targets; the same seed gives the same result
     * @return the outcome; see {@link Result#passed()}
     * @throws IllegalArgumentException if the loss refuses the output activation, accepts neither kind of
     *                                  target, {@code layerSizes} has a single element, {@code hidden} is softmax
     *                                  with a hidden layer to have it, or {@code output} is softmax on one unit
     * @throws LossPluginException      if a method of the loss throws, or gives a value or gradient that is not
     *                                  finite, naming the loss and the method
     */
    public static Result check(LossFunction loss, Activation hidden, Activation output, int[] layerSizes, long seed) {
        return check(loss, hidden, output, layerSizes, seed, true);
    }

    /**
     * As {@link #check(LossFunction, Activation, Activation, int[], long)}, choosing the path.
     *
     * @param loss       the loss to check; not {@code null}
     * @param hidden     the activation of the hidden layers
     * @param output     the activation of the output layer, which the loss must accept
     * @param layerSizes the input size, then the units of each layer; at least 2 elements, each at least 1
     * @param seed       seed of the network, the samples and the targets
     * @param fused      {@code true} to check the fused path where the loss has one for {@code output},
     *                   {@code false} to check the generic path
     * @return the outcome; {@link Result#fused()} says which path was checked
     * @throws IllegalArgumentException if the loss or the network refuses the output activation
     *                                  ({@link #incompatibility}), the loss accepts neither kind of target, or
     *                                  {@code layerSizes} has a single element
     * @throws LossPluginException      if a method of the loss throws, or gives a value or gradient that is not
     *                                  finite, naming the loss and the method
     */
    public static Result check(LossFunction loss, Activation hidden, Activation output, int[] layerSizes, long seed,
                               boolean fused) {
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(hidden, "hidden");
        Objects.requireNonNull(output, "output");
        if (layerSizes.length < 2 || Arrays.stream(layerSizes).anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("a network to check needs an input size and at least one layer, each "
                    + "at least 1, not " + Arrays.toString(layerSizes));
        }
        int outputs = layerSizes[layerSizes.length - 1];
        if (hidden == Activation.SOFTMAX && layerSizes.length > 2) {
            // As FeedForwardNetwork refuses it: a check of a network no training can have would tell nothing.
            throw new IllegalArgumentException("softmax is allowed on the output layer only, not on the hidden layers");
        }
        // The network's refusal first: it is of the output layer, whatever the loss.
        String network = FeedForwardNetwork.outputRefusal(output, outputs);
        if (network != null) {
            throw new IllegalArgumentException("a network cannot have " + Words.count(outputs, "output") + " of "
                    + output.id() + ": " + network);
        }
        String why = incompatibility(loss, output, outputs);
        if (why != null) {
            throw new IllegalArgumentException("loss " + PluginFaults.nameOf(loss) + " cannot be used with " + output.id()
                    + " outputs: " + why);
        }
        ReferenceNetwork net = ReferenceNetwork.random(layerSizes, hidden, output, true, seed);
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int samples = 3;
        double[][] xs = new double[samples][layerSizes[0]];
        double[][] ts = new double[samples][];
        for (int s = 0; s < samples; s++) {
            for (int i = 0; i < xs[s].length; i++) {
                xs[s][i] = random.nextDouble() * 2 - 1;
            }
            ts[s] = target(loss, outputs, random);
        }
        return compare(net, loss, xs, ts, fused, TOLERANCE);
    }

    /**
     * Compares {@code net}'s analytic gradient with central differences on the given samples.
     *
     * @param net       the network; its parameters are moved during the check and restored exactly
     * @param loss      the loss; not {@code null}
     * @param xs        the samples' features, one row of {@code net.inputSize()} values per sample, at least one
     * @param ts        the samples' targets, one row of {@code net.outputSize()} values per row of {@code xs}
     * @param fused     whether to use the loss's fused path where it has one for the output activation
     * @param tolerance the bound on the relative error, such as {@link #TOLERANCE}; at least 0
     * @return the outcome, with the step {@link #STEP}
     * @throws IllegalArgumentException if there are no samples, {@code ts} has another number of rows than
     *                                  {@code xs}, a row of either has the wrong length, the loss refuses the
     *                                  network's output activation or a row of targets (its
     *                                  {@link LossFunction#invalidTarget}: a fused delta is the gradient only
     *                                  for the targets it takes), or the tolerance is negative or NaN
     * @throws LossPluginException      if a method of the loss throws, or gives a value or gradient that is not
     *                                  finite, naming the loss and the method
     */
    public static Result compare(ReferenceNetwork net, LossFunction loss, double[][] xs, double[][] ts,
                                 boolean fused, double tolerance) {
        if (xs.length == 0) {
            // The mean loss of no samples is NaN: every parameter would seem to disagree.
            throw new IllegalArgumentException("a gradient check needs at least one sample");
        }
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("the tolerance is at least 0, not " + tolerance);
        }
        net.checkTargets(xs, ts);
        // Each call into the loss reports its own failure; the network's stay the network's.
        LossFunction guarded = PluginFaults.guarded(loss);
        String why = PluginFaults.incompatibility(loss, net.outputActivation(), net.outputSize());
        if (why != null) {
            throw new IllegalArgumentException("loss " + PluginFaults.nameOf(loss) + " cannot be used with "
                    + net.outputActivation().id() + " outputs: " + why);
        }
        for (int s = 0; s < ts.length; s++) {
            String invalid = PluginFaults.invalidTarget(loss, ts[s]);
            if (invalid != null) {
                throw new IllegalArgumentException("target row " + s + ": " + invalid);
            }
        }
        double[][] analytic = net.gradient(guarded, xs, ts, fused);
        double[][] numerical = net.numericalGradient(guarded, xs, ts, fused, STEP);
        double floor = absoluteFloor(net.loss(guarded, xs, ts, fused));
        double max = 0;
        double maxAbsolute = 0;
        String worst = "none";
        int count = 0;
        for (int l = 0; l < analytic.length; l++) {
            for (int i = 0; i < analytic[l].length; i++) {
                count++;
                double a = analytic[l][i];
                double n = numerical[l][i];
                double diff = Math.abs(a - n);
                maxAbsolute = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : Math.max(maxAbsolute, diff);
                double rel = relativeError(a, n, floor);
                if (!(rel <= max)) {
                    max = Double.isNaN(rel) ? Double.POSITIVE_INFINITY : rel;
                    worst = "layer " + (l + 1) + " parameter " + i + ": analytic " + a + ", numerical " + n;
                }
            }
        }
        boolean usedFused = fused && guarded.fusedActivation() == net.outputActivation();
        if (max > tolerance && xs.length * net.outputSize() > 1) {
            // With one sample of one output every parameter's gradient is that output's dE/dy times its own
            // dy/dp, so any wrong dE/dy is "a factor" of the right one: nothing to tell from it.
            worst += factor(analytic, numerical, tolerance, floor);
        }
        return new Result(max, tolerance, count, worst, usedFused, maxAbsolute, floor);
    }

    /**
     * The difference below which a parameter agrees, for a loss whose value at the parameters is {@code loss}:
     * {@link #ABSOLUTE_FLOOR}, or {@link #ROUNDING_ULPS} of its units in the last place over the step.
     */
    static double absoluteFloor(double loss) {
        double rounding = ROUNDING_ULPS * Math.ulp(Math.abs(loss)) / STEP;
        return Double.isFinite(rounding) ? Math.max(ABSOLUTE_FLOOR, rounding) : ABSOLUTE_FLOOR;
    }

    /**
     * "; the analytic gradient is -1 times the numerical one throughout (...)" when every parameter's analytic
     * gradient is one constant times its numerical one, within {@code tolerance}: the mark of a gradient whose
     * sign is flipped, or that lost or gained a constant factor; else "".
     */
    private static String factor(double[][] analytic, double[][] numerical, double tolerance, double floor) {
        // The least-squares factor s of analytic = s * numerical, then whether it holds for every parameter.
        double an = 0, nn = 0;
        for (int l = 0; l < analytic.length; l++) {
            for (int i = 0; i < analytic[l].length; i++) {
                an += analytic[l][i] * numerical[l][i];
                nn += numerical[l][i] * numerical[l][i];
            }
        }
        double s = an / nn;
        if (!Double.isFinite(s) || s == 0) {
            return "";
        }
        for (int l = 0; l < analytic.length; l++) {
            for (int i = 0; i < analytic[l].length; i++) {
                if (relativeError(analytic[l][i], s * numerical[l][i], floor) > tolerance) {
                    return "";
                }
            }
        }
        // Six digits, or as many more as keep a factor just off 1 (1.000003) from reading as 1, which is no fault.
        String times;
        int digits = 6;
        do {
            times = new java.math.BigDecimal(s).round(new java.math.MathContext(digits++)).stripTrailingZeros()
                    .toPlainString();
        } while (times.equals("1") && digits <= 17);
        return "; the analytic gradient is " + times + " times the numerical one throughout ("
                + (Math.abs(s + 1) < 1e-3 ? "a gradient of the wrong sign" : "a constant factor too many or too few")
                + ")";
    }

    /** |a - n| / (|a| + |n|), or 0 when |a - n| is below {@code floor}; NaN when either is. */
    private static double relativeError(double a, double n, double floor) {
        double diff = Math.abs(a - n);
        return diff < floor ? 0 : diff / (Math.abs(a) + Math.abs(n));
    }

    private static double[] target(LossFunction loss, int outputs, SplittableRandom random) {
        double[] t = new double[outputs];
        for (int k = 0; k < outputs; k++) {
            t[k] = 0.05 + 0.9 * random.nextDouble();
        }
        if (invalidTarget(loss, t) == null) {
            return t;
        }
        java.util.Arrays.fill(t, 0);
        t[outputs == 1 ? 0 : random.nextInt(outputs)] = outputs == 1 ? random.nextInt(2) : 1;
        String why = invalidTarget(loss, t);
        if (why != null) {
            throw new IllegalArgumentException("loss " + PluginFaults.nameOf(loss) + " accepts neither random targets in (0, 1) nor "
                    + "one-hot targets: " + why);
        }
        return t;
    }

    private static String invalidTarget(LossFunction loss, double[] t) {
        return PluginFaults.invalidTarget(loss, t);
    }
}
