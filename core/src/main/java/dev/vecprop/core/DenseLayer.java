package dev.vecprop.core;

import dev.vecprop.core.internal.Activations;
import dev.vecprop.core.internal.Alignment;
import dev.vecprop.spi.Activation;
import dev.vecprop.spi.Kernels;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A fully connected layer: a_j = sum_i w_ji x_i + b_j, y_j = h(a_j).
 *
 * <p>The weights are one contiguous float array in one of two {@linkplain Layout layouts}: unit by unit
 * (row j holding unit j's {@link #inputSize()} incoming weights), so that a forward pass is a matrix-vector
 * product of dot products over unit-stride rows; or input by input (row i holding input i's weights to every
 * unit), so that a forward pass adds one row per input and an input that is zero costs nothing, in the
 * forward pass and in the update. The layout is internal: {@link #parameters()}, {@link #setParameters},
 * {@link #weight}, model files and checkpoints always see w_ji at j * inputs + i, and the two layouts give
 * the same results up to float rounding (the order of the sums differs).
 */
public final class DenseLayer implements Layer {

    /**
     * How a dense layer stores its weights. Only speed depends on it; everything observable (parameters,
     * files, gradients) is in the unit-by-unit order whichever layout is used.
     */
    public enum Layout {
        /**
         * Row j holds unit j's weights from every input ([units][inputs]): a forward pass of one sample is
         * one dot product per unit, the input gradient an axpy per unit.
         */
        BY_UNIT,
        /**
         * Row i holds input i's weights to every unit ([inputs][units]): a forward pass of one sample adds
         * x_i times row i for every nonzero x_i ({@link Kernels#sparseGemvT}), and a per-sample update
         * touches only those rows ({@link Kernels#sparseGer}).
         */
        BY_INPUT;

        /**
         * The layout the library chooses ({@link FeedForwardNetwork.Builder}, model files): {@link #BY_INPUT}
         * for the first layer when it has at least {@value #MIN_UNITS_BY_INPUT} units, else {@link #BY_UNIT}.
         * The first layer is fed the data, whose zeros (pixels, one-hot features) it can then skip, and never
         * back-propagates to its input; rows of 32 or more weights fill whole vectors. A hidden layer's inputs
         * are dense activations, and there {@link #BY_UNIT} measured faster with the input gradient it must
         * compute (for example 3.9 against 6.2 us for a 256 x 64 step, 0.4 against 2.3 us for 128 x 10); see
         * docs/architecture.md, "The per-sample path".
         *
         * @param firstLayer whether the layer takes the network's inputs
         * @param units      units of the layer
         * @return the layout for that position and width
         */
        public static Layout choose(boolean firstLayer, int units) {
            return firstLayer && units >= MIN_UNITS_BY_INPUT ? BY_INPUT : BY_UNIT;
        }

        /** The fewest units for which {@link #choose} stores a first layer input by input. */
        public static final int MIN_UNITS_BY_INPUT = 32;
    }

    private final int in;
    private final int out;
    private final Activation activation;
    private final boolean bias;
    private final Layout layout;
    /**
     * The weights, [out][in] for BY_UNIT, [in][out] for BY_INPUT, from index {@link #wo}: the floats before
     * it are unused, so that the matrix starts on a cache line where the VM makes that knowable
     * ({@link Alignment#FLOAT_OFFSET}).
     */
    private final float[] w;
    /** Where the weights start in {@link #w}. */
    private final int wo;
    /** The number of weights, in x out. */
    private final int nw;
    private final float[] b;
    private float[] velocityW;
    private float[] velocityB;
    /** The sum over a batch's rows of each unit's delta, for the biases' step. */
    private final float[] deltaSum;

    private float[] pendingInput;
    private float[] pendingDelta;
    private int pendingRows;
    /** The step size of the pending backward pass's weight step, which {@link #stepBiases} left waiting. */
    private float waitingAlpha;
    /** The learning rate and momentum of the waiting step; momentum 0 for a plain one. */
    private float waitingRate;
    private float waitingMomentum;
    private boolean weightStepWaits;
    /**
     * Steps with momentum made since every row of the weights was last current (see {@link #stepBiases}):
     * 0 when none is behind.
     */
    private int lazySteps;
    /** For each input, the steps of {@link #lazySteps} through which its rows of weights and velocity are current. */
    private int[] rowSteps;
    /** The momentum and learning rate of {@link #lagDecay} and {@link #lagGrowth}. */
    private float lagMomentum;
    private float lagRate;
    /** mu^n and -eta (mu + ... + mu^n) for the steps a row missed, n from 0 to {@link #LAG_TABLE} - 1. */
    private double[] lagDecay;
    private double[] lagGrowth;
    /** The catch-up of each row that the next forward pass needs and the waiting step does not make. */
    private float[] catchUpScale;
    private float[] catchUpDecay;

    /**
     * A layer with every parameter zero, stored {@link Layout#BY_UNIT} (the builder of
     * {@link FeedForwardNetwork} and model files choose per position, see {@link Layout#choose}).
     *
     * @param inputs     inputs per sample, at least 1
     * @param units      units (outputs per sample), at least 1; inputs * units must fit in an int array
     * @param activation the activation of every unit; softmax is accepted here, and refused by
     *                   {@link FeedForwardNetwork#of} anywhere but on the output layer; not {@code null}
     * @param bias       whether each unit has a bias
     * @throws IllegalArgumentException if a size is not positive
     * @throws NullPointerException     if {@code activation} is {@code null}
     */
    public DenseLayer(int inputs, int units, Activation activation, boolean bias) {
        this(inputs, units, activation, bias, Layout.BY_UNIT);
    }

    /**
     * A layer with every parameter zero, storing its weights in the given layout.
     *
     * @param inputs     inputs per sample, at least 1
     * @param units      units (outputs per sample), at least 1; inputs * units must fit in an int array
     * @param activation the activation of every unit, as for the other constructor
     * @param bias       whether each unit has a bias
     * @param layout     how the weights are stored; not {@code null}
     * @throws IllegalArgumentException if a size is not positive
     * @throws NullPointerException     if {@code activation} or {@code layout} is {@code null}
     */
    public DenseLayer(int inputs, int units, Activation activation, boolean bias, Layout layout) {
        this(inputs, units, activation, bias, layout, Alignment.FLOAT_OFFSET);
    }

    /** With the weights stored from index {@code storageOffset} of their array (tests: any offset computes alike). */
    DenseLayer(int inputs, int units, Activation activation, boolean bias, Layout layout, int storageOffset) {
        if (inputs <= 0 || units <= 0) {
            throw new IllegalArgumentException("a dense layer needs at least one input and one unit, not "
                    + inputs + " inputs and " + units + " units");
        }
        if ((long) inputs * units > Integer.MAX_VALUE - 8 - storageOffset) {
            throw new IllegalArgumentException("a dense layer of " + inputs + " x " + units + " weights is too large");
        }
        this.in = inputs;
        this.out = units;
        this.activation = Objects.requireNonNull(activation, "activation");
        this.bias = bias;
        this.layout = Objects.requireNonNull(layout, "layout");
        this.nw = inputs * units;
        this.wo = storageOffset;
        this.w = new float[nw + wo];
        this.b = new float[bias ? units : 0];
        this.deltaSum = new float[bias ? units : 0];
    }

    /**
     * Seeded initialisation: weights uniform in [-r, r] with r = sqrt(6 / (fan-in + fan-out)) (Glorot and
     * Bengio 2010) for sigmoid, tanh, identity and softmax units, r = sqrt(6 / fan-in) (He et al. 2015) for
     * relu units; biases zero.
     *
     * @param random the source of the weights, advanced by inputs * units draws
     * @return this layer, for chaining
     */
    public DenseLayer initialise(SplittableRandom random) {
        double r = activation == Activation.RELU ? Math.sqrt(6.0 / in) : Math.sqrt(6.0 / (in + out));
        // Drawn in the order of parameters() whatever the layout, so a seed gives the same network in both.
        for (int j = 0; j < out; j++) {
            for (int i = 0; i < in; i++) {
                w[index(j, i)] = (float) ((random.nextDouble() * 2 - 1) * r);
            }
        }
        Arrays.fill(b, 0f);
        return this;
    }

    /**
     * How this layer stores its weights.
     *
     * @return the layout given to, or chosen by, the constructor
     */
    public Layout layout() {
        return layout;
    }

    @Override
    public int inputSize() {
        return in;
    }

    @Override
    public int outputSize() {
        return out;
    }

    @Override
    public Activation activation() {
        return activation;
    }

    @Override
    public boolean hasBias() {
        return bias;
    }

    @Override
    public int parameterCount() {
        return nw + b.length;
    }

    @Override
    public void forward(Kernels k, float[] input, int rows, float[] a, float[] y) {
        forwardRows(k, input, 0, rows, rows == 1, a, y);
    }

    /**
     * {@link #forward} of rows {@code r0} to {@code r0 + rows - 1} of {@code input}, into the same rows of
     * {@code a} and {@code y}. With {@code oneSample} false these rows are a block of a larger batch (split
     * over threads by rows), and get the batch's products, which give every row the same arithmetic wherever
     * a call starts: bit for bit what a call on the whole batch computes there, even for a block of one row.
     * With {@code oneSample} true ({@code rows} is then 1) the per-sample path is taken.
     */
    void forwardRows(Kernels k, float[] input, int r0, int rows, boolean oneSample, float[] a, float[] y) {
        requireNoWaitingStep();
        startSums(a, r0, rows, oneSample);
        float beta = bias ? 1f : 0f;
        int x0 = r0 * in;
        int a0 = r0 * out;
        if (!oneSample) {
            batchSums(k, input, x0, rows, 0, in, beta, a, a0);
        } else if (layout == Layout.BY_UNIT) {
            k.gemv(out, in, 1f, w, wo, in, input, x0, beta, a, a0);
        } else {
            k.sparseGemvT(in, out, w, wo, out, input, x0, a, a0);
        }
        Activations.forward(k, activation, r0, rows, out, a, y);
    }

    /**
     * c (rows x units, from {@code c0}) = beta c + the sums over inputs {@code p0} to {@code p0 + len - 1} of
     * {@code rows} rows of {@code input} from {@code x0}: one gemm, A (rows x out) = X W^T for
     * {@link Layout#BY_UNIT}, X W for {@link Layout#BY_INPUT} (W stored in x out).
     */
    private void batchSums(Kernels k, float[] input, int x0, int rows, int p0, int len, float beta, float[] c,
                           int c0) {
        if (layout == Layout.BY_UNIT) {
            k.gemm(false, true, rows, out, len, 1f, input, x0 + p0, in, w, wo + p0, in, beta, c, c0, out);
        } else {
            k.gemm(false, false, rows, out, len, 1f, input, x0 + p0, in, w, wo + p0 * out, out, beta, c, c0, out);
        }
    }

    /**
     * Blocks {@code j0} to {@code j1 - 1} of the sums of a batch of {@code rows} rows split along the inputs,
     * in the blocks of {@code depth} inputs in which the kernels' gemm sums ({@link Kernels#gemmBlockDepth}):
     * blocks below {@code e0}, the first of which is block 0, are added into the sums {@code a} in order, from
     * the biases, as one call on all the inputs adds them; each later block j is summed alone into
     * {@code partial} from (j - e0) rows x units, for {@link #finishSums} to add in the same order. The
     * threads of a split take one range of blocks each, the one from block 0 ending at e0.
     */
    void sumBlocks(Kernels k, float[] input, int rows, int depth, int j0, int j1, int e0, float[] a, float[] partial) {
        requireNoWaitingStep();
        if (j0 == 0) {
            startSums(a, 0, rows, false);
        }
        for (int j = j0; j < j1; j++) {
            int p0 = j * depth;
            int len = Math.min(depth, in - p0);
            boolean own = j < e0;
            float beta = own && (j > 0 || bias) ? 1f : 0f;
            batchSums(k, input, 0, rows, p0, len, beta, own ? a : partial, own ? 0 : (j - e0) * rows * out);
        }
    }

    /**
     * Rows {@code r0} to {@code r0 + rows - 1} of the forward pass of a batch of {@code batchRows} rows whose
     * sums {@link #sumBlocks} made: blocks {@code e0} to {@code blocks - 1} of {@code partial} added to
     * {@code a} in order (c + s, as the gemm adds a later block), then the activation into {@code y}. Two
     * blocks are added in one pass, (c + s) + s', so that {@code a}, in a core's cache, is read and written
     * once for both, while the blocks come from another core's.
     */
    void finishSums(Kernels k, int r0, int rows, int batchRows, int e0, int blocks, float[] partial, float[] a,
                    float[] y) {
        int from = r0 * out;
        int to = from + rows * out;
        int stride = batchRows * out;
        int j = e0;
        for (; j + 1 < blocks; j += 2) {
            int p = (j - e0) * stride;
            int q = p + stride;
            for (int i = from; i < to; i++) {
                a[i] = a[i] + partial[p + i] + partial[q + i];
            }
        }
        if (j < blocks) {
            int p = (j - e0) * stride;
            for (int i = from; i < to; i++) {
                a[i] += partial[p + i];
            }
        }
        Activations.forward(k, activation, r0, rows, out, a, y);
    }

    /** The pre-activations' starting values: each row the biases, or (BY_INPUT, one row, no biases) zeros. */
    private void startSums(float[] a, int r0, int rows, boolean oneSample) {
        if (bias) {
            for (int r = r0; r < r0 + rows; r++) {
                System.arraycopy(b, 0, a, r * out, out);
            }
        } else if (layout == Layout.BY_INPUT && oneSample) {
            Arrays.fill(a, r0 * out, r0 * out + out, 0f);
        }
    }

    @Override
    public void backward(Kernels k, float[] input, float[] delta, int rows, float[] inputGradient) {
        // Rows behind steps with momentum are read only for an input gradient.
        requireNoWaitingStep(inputGradient != null);
        if (inputGradient != null) {
            inputGradientRows(k, delta, 0, rows, rows == 1, inputGradient);
        }
        pendingInput = input;
        pendingDelta = delta;
        pendingRows = rows;
    }

    /**
     * The input gradient of {@link #backward} for rows {@code r0} to {@code r0 + rows - 1} of {@code delta},
     * into the same rows of {@code inputGradient}, with {@code oneSample} as for {@link #forwardRows}: bit for
     * bit what a call on the whole batch computes there. Records nothing for {@link #update}.
     */
    void inputGradientRows(Kernels k, float[] delta, int r0, int rows, boolean oneSample, float[] inputGradient) {
        requireNoWaitingStep();
        int d0 = r0 * out;
        int g0 = r0 * in;
        if (layout == Layout.BY_UNIT) {
            if (oneSample) {
                k.gemvT(out, in, 1f, w, wo, in, delta, d0, 0f, inputGradient, g0);
            } else {
                // G (rows x in) = Delta (rows x out) W
                k.gemm(false, false, rows, in, out, 1f, delta, d0, out, w, wo, in, 0f, inputGradient, g0, in);
            }
        } else {
            if (oneSample) {
                k.gemv(in, out, 1f, w, wo, out, delta, d0, 0f, inputGradient, g0);
            } else {
                // G (rows x in) = Delta (rows x out) W^T, W stored in x out
                k.gemm(false, true, rows, in, out, 1f, delta, d0, out, w, wo, out, 0f, inputGradient, g0, in);
            }
        }
    }

    @Override
    public void gradient(Kernels k, float[] into) {
        requirePending();
        requireNoWaitingStep();
        float scale = 1f / pendingRows;
        // dE/dW (out x in) = (1/rows) Delta^T X
        k.gemm(true, false, out, in, pendingRows, scale, pendingDelta, 0, out, pendingInput, 0, in, 0f, into, 0, in);
        if (bias) {
            // The mean of the deltas, as the biases' step takes it.
            Arrays.fill(into, nw, nw + out, 0f);
            k.axpy(out, scale, sumDeltas(k), 0, into, nw);
        }
    }

    @Override
    public void update(Kernels k, float learningRate, float momentum) {
        requirePending();
        requireNoWaitingStep();
        int rows = pendingRows;
        boolean byUnit = layout == Layout.BY_UNIT;
        if (momentum == 0f) {
            // w_ji <- w_ji - eta * mean_r delta_rj x_ri, straight into the weights: one pass over them.
            float alpha = -learningRate / rows;
            if (rows == 1 && byUnit) {
                k.ger(out, in, alpha, pendingDelta, 0, pendingInput, 0, w, wo, in);
            } else if (rows == 1) {
                // Only the rows of nonzero inputs change.
                k.sparseGer(in, out, alpha, pendingInput, 0, pendingDelta, 0, w, wo, out);
            } else {
                batchStep(k, alpha, 0, 1);
            }
            if (bias) {
                biasStep(k, alpha);
            }
        } else {
            if (velocityW == null) {
                velocityW = new float[nw];
                velocityB = new float[b.length];
            }
            float scale = 1f / rows;
            if (byUnit) {
                k.gemm(true, false, out, in, rows, scale, pendingDelta, 0, out, pendingInput, 0, in, momentum,
                        velocityW, 0, in);
            } else {
                k.gemm(true, false, in, out, rows, scale, pendingInput, 0, in, pendingDelta, 0, out, momentum,
                        velocityW, 0, out);
            }
            k.axpy(nw, -learningRate, velocityW, 0, w, wo);
            if (bias) {
                k.scal(out, momentum, velocityB, 0);
                k.axpy(out, scale, sumDeltas(k), 0, velocityB, 0);
                k.axpy(out, -learningRate, velocityB, 0, b, 0);
            }
        }
        pendingInput = null;
        pendingDelta = null;
    }

    /**
     * Part {@code part} of {@code parts} of a plain step ({@link #update} without momentum) after a
     * {@link #backward} of more than one row: the block of the weights that {@link ParallelKernels} gives that
     * part of the update's product on {@code parts} threads, and every bias when {@code part} is
     * {@code biasPart}. Run on {@code kernels} for every part from 0 to {@code parts - 1}, each at most once and
     * in any order or at once, then {@link #updateDone()}: the values {@link #update} computes.
     */
    void updatePart(Kernels kernels, float learningRate, int part, int parts, int biasPart) {
        requirePending();
        requireNoWaitingStep();
        if (pendingRows < 2) {
            throw new IllegalStateException("a step in parts is for a batch of rows, not " + pendingRows);
        }
        float alpha = -learningRate / pendingRows;
        batchStep(kernels, alpha, part, parts);
        if (bias && part == biasPart) {
            biasStep(kernels, alpha);
        }
    }

    /** Ends a step made by {@link #updatePart}, as {@link #update} ends: the next needs a backward pass. */
    void updateDone() {
        requirePending();
        pendingInput = null;
        pendingDelta = null;
    }

    /** w_ji += alpha sum_r delta_rj x_ri for the rows of the pending batch, in block {@code part} of {@code parts}. */
    private void batchStep(Kernels k, float alpha, int part, int parts) {
        int rows = pendingRows;
        if (layout == Layout.BY_UNIT) {
            ParallelKernels.gemmPart(k, part, parts, true, false, out, in, rows, alpha, pendingDelta, 0, out,
                    pendingInput, 0, in, 1f, w, wo, in);
        } else {
            ParallelKernels.gemmPart(k, part, parts, true, false, in, out, rows, alpha, pendingInput, 0, in,
                    pendingDelta, 0, out, 1f, w, wo, out);
        }
    }

    /**
     * b_j += alpha sum_r delta_rj, the sum made first, as the weights' product makes it: added row after row
     * into the biases, a batch's step would round at the biases' size once a row.
     */
    private void biasStep(Kernels k, float alpha) {
        k.axpy(out, alpha, sumDeltas(k), 0, b, 0);
    }

    /**
     * The sums over the pending batch's rows of each unit's delta, from 0 and row after row, in
     * {@link #deltaSum}; a sample's deltas themselves, from index 0 of the array returned.
     */
    private float[] sumDeltas(Kernels k) {
        if (pendingRows == 1) {
            return pendingDelta;
        }
        Arrays.fill(deltaSum, 0f);
        for (int r = 0; r < pendingRows; r++) {
            k.axpy(out, 1f, pendingDelta, r * out, deltaSum, 0);
        }
        return deltaSum;
    }

    /**
     * The per-sample step of {@link #update}, in two halves: the biases now, the weights later, in one pass
     * with the next sample's forward pass ({@link #forwardAfterStep}) or alone ({@link #stepWeights}); until
     * then the input and delta of the backward pass must stay unchanged, and nothing but those two (or
     * {@link #dropWeightStep}) may be called. For a layer stored {@link Layout#BY_INPUT} after a backward pass
     * of one row.
     *
     * <p>With momentum, the weight step moves only the rows of nonzero inputs: v = mu v + g, w = w - eta v.
     * The other rows, whose gradient is zero, are left behind, each counting the steps it missed; a row
     * behind by n steps is brought up to date when a forward pass needs it, by w = w - eta (mu + ... + mu^n) v
     * and v = mu^n v (the n steps of a zero gradient in one, the factors computed in double and rounded once),
     * and every row by {@link #catchUp}, which must come before anything else reads the weights or the
     * velocities. The values are those of an {@link #update} per sample up to the rounding of those sums,
     * and a sample reads and writes the velocities and weights of the rows its inputs and the next sample's
     * need instead of all of them.
     */
    void stepBiases(Kernels k, float learningRate, float momentum) {
        requirePending();
        requireNoWaitingStep(false);
        if (layout != Layout.BY_INPUT || pendingRows != 1) {
            throw new IllegalStateException("a step in halves is for one row through a layer stored by input");
        }
        if (momentum == 0f && lazySteps > 0) {
            throw new IllegalStateException("rows of the weights are behind steps with momentum (catchUp first)");
        }
        waitingAlpha = -learningRate;
        waitingRate = learningRate;
        waitingMomentum = momentum;
        if (momentum == 0f) {
            if (bias) {
                biasStep(k, waitingAlpha);
            }
        } else {
            if (velocityW == null) {
                velocityW = new float[nw];
                velocityB = new float[b.length];
            }
            if (rowSteps == null) {
                rowSteps = new int[in];
                catchUpScale = new float[in];
                catchUpDecay = new float[in];
            }
            if (lagDecay == null || lagMomentum != momentum || lagRate != learningRate) {
                if (lazySteps > 0) {
                    throw new IllegalStateException("rows of the weights are behind steps of another learning rate "
                            + "or momentum (catchUp first)");
                }
                lagTables(learningRate, momentum);
            }
            if (bias) {
                k.scal(out, momentum, velocityB, 0);
                k.axpy(out, 1f, pendingDelta, 0, velocityB, 0);
                k.axpy(out, -learningRate, velocityB, 0, b, 0);
            }
        }
        weightStepWaits = true;
    }

    /** The per-sample step without momentum: {@link #stepBiases(Kernels, float, float)} with momentum 0. */
    void stepBiases(Kernels k, float learningRate) {
        stepBiases(k, learningRate, 0f);
    }

    /** The steps behind for which {@link #lagDecay} holds the factors; beyond, they are computed. */
    private static final int LAG_TABLE = 256;

    private void lagTables(float learningRate, float momentum) {
        lagMomentum = momentum;
        lagRate = learningRate;
        lagDecay = new double[LAG_TABLE];
        lagGrowth = new double[LAG_TABLE];
        for (int n = 0; n < LAG_TABLE; n++) {
            lagDecay[n] = StrictMath.pow(momentum, n);
            lagGrowth[n] = lagGrowth(lagDecay[n]);
        }
    }

    /** -eta (mu + mu^2 + ... + mu^n), given mu^n. */
    private double lagGrowth(double decay) {
        double mu = lagMomentum;
        return -(double) lagRate * mu * (1 - decay) / (1 - mu);
    }

    /**
     * Sets row {@code i}'s catch-up over the steps it missed (to {@link #lazySteps} + {@code ahead}) in
     * {@link #catchUpScale} and {@link #catchUpDecay}, and marks it current.
     */
    private void catchUpFactors(int i, int ahead) {
        int n = lazySteps + ahead - rowSteps[i];
        double decay = n < LAG_TABLE ? lagDecay[n] : StrictMath.pow(lagMomentum, n);
        catchUpScale[i] = (float) (n < LAG_TABLE ? lagGrowth[n] : lagGrowth(decay));
        // A velocity decayed below 2^-100 of its size is as good as zero to any weight it would move, and is
        // kept out of the subnormal range (see Trainer.TINY_DELTA).
        catchUpDecay[i] = decay < 0x1p-100 ? 0f : (float) decay;
        rowSteps[i] = lazySteps + ahead;
    }

    /**
     * The waiting weight step of {@link #stepBiases}, then {@link #forward} of one sample, in one pass over
     * the rows either needs: without momentum ({@link Kernels#sparseGerGemvT}) the values of {@link #update}
     * followed by {@code forward}, bit for bit; with momentum ({@link Kernels#sparseMomentumGerGemvT}), the
     * rows of the sample's nonzero inputs that the step leaves behind brought up to date first.
     */
    void forwardAfterStep(Kernels k, float[] input, float[] a, float[] y) {
        requireWaitingStep();
        startSums(a, 0, 1, true);
        if (waitingMomentum == 0f) {
            k.sparseGerGemvT(in, out, waitingAlpha, pendingInput, 0, pendingDelta, 0, w, wo, out, input, 0, a, 0);
        } else {
            float[] u = pendingInput;
            for (int i = 0; i < in; i++) {
                if (u[i] != 0f) {
                    rowSteps[i] = lazySteps + 1;
                } else if (input[i] != 0f) {
                    catchUpFactors(i, 1);
                }
            }
            k.sparseMomentumGerGemvT(in, out, waitingMomentum, waitingRate, u, 0, pendingDelta, 0, catchUpScale,
                    catchUpDecay, 0, velocityW, 0, w, wo, out, input, 0, a, 0);
            lazySteps++;
        }
        endStep();
        Activations.forward(k, activation, 0, 1, out, a, y);
    }

    /** The waiting weight step of {@link #stepBiases} alone; with momentum, rows stay behind. */
    void stepWeights(Kernels k) {
        requireWaitingStep();
        if (waitingMomentum == 0f) {
            k.sparseGer(in, out, waitingAlpha, pendingInput, 0, pendingDelta, 0, w, wo, out);
        } else {
            float[] u = pendingInput;
            for (int i = 0; i < in; i++) {
                if (u[i] != 0f) {
                    rowSteps[i] = lazySteps + 1;
                }
            }
            k.sparseMomentumGer(in, out, waitingMomentum, waitingRate, u, 0, pendingDelta, 0, velocityW, 0, w, wo,
                    out);
            lazySteps++;
        }
        endStep();
    }

    /**
     * Brings every row left behind by steps with momentum up to date (see {@link #stepBiases}), so that the
     * weights and velocities are those of the steps made; nothing to do when none is behind.
     */
    void catchUp(Kernels k) {
        requireNoWaitingStep(false);
        if (lazySteps == 0) {
            return;
        }
        for (int i = 0; i < in; i++) {
            if (rowSteps[i] != lazySteps) {
                catchUpFactors(i, 0);
                int r = i * out;
                k.axpy(out, catchUpScale[i], velocityW, r, w, wo + r);
                k.scal(out, catchUpDecay[i], velocityW, r);
            }
        }
        dropLag();
    }

    /** Whether steps with momentum have left rows behind ({@link #catchUp} brings them up). */
    boolean rowsBehind() {
        return lazySteps > 0;
    }

    /** Forgets how far rows are behind, leaving them as they are: for parameters about to be put back. */
    private void dropLag() {
        lazySteps = 0;
        if (rowSteps != null) {
            Arrays.fill(rowSteps, 0);
        }
    }

    /** Whether {@link #stepBiases} has left a weight step waiting. */
    boolean weightStepWaits() {
        return weightStepWaits;
    }

    /**
     * Forgets a waiting weight step (its biases stay stepped) and how far rows are behind: for parameters
     * about to be put back.
     */
    void dropWeightStep() {
        if (weightStepWaits) {
            endStep();
        }
        dropLag();
    }

    private void endStep() {
        weightStepWaits = false;
        pendingInput = null;
        pendingDelta = null;
    }

    private void requireWaitingStep() {
        if (!weightStepWaits) {
            throw new IllegalStateException("no weight step is waiting (stepBiases comes first)");
        }
    }

    private void requireNoWaitingStep() {
        requireNoWaitingStep(true);
    }

    private void requireNoWaitingStep(boolean current) {
        if (weightStepWaits) {
            throw new IllegalStateException("a weight step is waiting (forwardAfterStep or stepWeights first)");
        }
        if (current && lazySteps > 0) {
            throw new IllegalStateException("rows of the weights are behind steps with momentum (catchUp first)");
        }
    }

    /** Forgets the momentum (velocity) state, as at the start of training. */
    public void resetMomentum() {
        requireNoWaitingStep();
        velocityW = null;
        velocityB = null;
    }

    @Override
    public float[] optimizerState() {
        if (velocityW == null) {
            return null;
        }
        float[] v = new float[nw + b.length];
        optimizerStateInto(v);
        return v;
    }

    /** Whether there is an optimiser state: whether {@link #optimizerState()} returns one. */
    boolean hasOptimizerState() {
        return velocityW != null;
    }

    /**
     * {@link #optimizerState()} into {@code into}, which holds {@link #parameterCount()} floats, without
     * allocating: for a caller that keeps the copy from one epoch to the next. Needs a state.
     */
    void optimizerStateInto(float[] into) {
        requireNoWaitingStep();
        toUnitOrder(velocityW, 0, into);
        System.arraycopy(velocityB, 0, into, nw, b.length);
    }

    /** {@link #parameters()} into {@code into}, which holds {@link #parameterCount()} floats, without allocating. */
    void parametersInto(float[] into) {
        requireNoWaitingStep();
        toUnitOrder(w, wo, into);
        System.arraycopy(b, 0, into, nw, b.length);
    }

    /** Whether every weight and bias is finite, looked at where they are stored. */
    boolean parametersFinite() {
        requireNoWaitingStep();
        return Trainer.firstNonFinite(w, wo, wo + nw) < 0 && Trainer.firstNonFinite(b, 0, b.length) < 0;
    }

    @Override
    public void setOptimizerState(float[] state) {
        requireNoWaitingStep();
        if (state == null) {
            resetMomentum();
            return;
        }
        if (state.length != parameterCount()) {
            throw new IllegalArgumentException("layer of " + parameterCount() + " parameters cannot take an optimiser "
                    + "state of " + state.length + " values");
        }
        requireFinite(state, "optimiser state value", "the momentum of ");
        velocityW = new float[nw];
        fromUnitOrder(state, velocityW, 0);
        velocityB = Arrays.copyOfRange(state, nw, state.length);
    }

    @Override
    public float[] parameters() {
        float[] p = new float[nw + b.length];
        parametersInto(p);
        return p;
    }

    @Override
    public void setParameters(float[] values) {
        requireNoWaitingStep();
        if (values.length != parameterCount()) {
            throw new IllegalArgumentException("layer of " + in + " inputs and " + out + " units"
                    + (bias ? " with biases" : "") + " has " + parameterCount() + " parameters, not " + values.length);
        }
        requireFinite(values, "parameter", "");
        fromUnitOrder(values, w, wo);
        System.arraycopy(values, nw, b, 0, b.length);
    }

    /**
     * Refuses a NaN or infinite value, naming it: training from one would fail many steps later as if the
     * learning rate were too high, and a model file cannot hold one.
     */
    private void requireFinite(float[] values, String what, String of) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                String which = of + (i < nw
                        ? "the weight of unit " + i / in + " from input " + i % in
                        : "the bias of unit " + (i - nw));
                throw new IllegalArgumentException(what + " " + i + " (" + which + ") is " + values[i]
                        + "; every " + what + " must be finite");
            }
        }
    }

    /**
     * Copies weights stored in this layer's layout from {@code from} at {@code off} into {@code to} in the
     * order w_ji at j * in + i.
     */
    private void toUnitOrder(float[] from, int off, float[] to) {
        if (layout == Layout.BY_UNIT) {
            System.arraycopy(from, off, to, 0, nw);
        } else {
            for (int i = 0; i < in; i++) {
                for (int j = 0; j < out; j++) {
                    to[j * in + i] = from[off + i * out + j];
                }
            }
        }
    }

    /**
     * Copies weights in the order w_ji at j * in + i from {@code from} into {@code to} at {@code off}, in this
     * layer's layout.
     */
    private void fromUnitOrder(float[] from, float[] to, int off) {
        if (layout == Layout.BY_UNIT) {
            System.arraycopy(from, 0, to, off, nw);
        } else {
            for (int j = 0; j < out; j++) {
                for (int i = 0; i < in; i++) {
                    to[off + i * out + j] = from[j * in + i];
                }
            }
        }
    }

    /** Where w_ji is stored. */
    private int index(int j, int i) {
        return wo + (layout == Layout.BY_UNIT ? j * in + i : i * out + j);
    }

    /**
     * Weight w_ji, from input i to unit j.
     *
     * @param j the unit, in 0 to {@link #outputSize()} - 1
     * @param i the input, in 0 to {@link #inputSize()} - 1
     * @return the weight
     * @throws IndexOutOfBoundsException if {@code j} or {@code i} is out of range
     */
    public float weight(int j, int i) {
        requireNoWaitingStep();
        Objects.checkIndex(j, out);
        Objects.checkIndex(i, in);
        return w[index(j, i)];
    }

    /**
     * Bias of unit j (0 when the layer has no biases).
     *
     * @param j the unit, in 0 to {@link #outputSize()} - 1
     * @return the bias, or 0 for any j when the layer has none
     */
    public float bias(int j) {
        Objects.checkIndex(j, out);
        return bias ? b[j] : 0f;
    }

    private void requirePending() {
        if (pendingDelta == null) {
            throw new IllegalStateException("update or gradient called without a backward pass before it");
        }
    }

    @Override
    public String toString() {
        return "dense " + in + " -> " + out + " " + activation.id() + (bias ? "" : " (no bias)");
    }
}
