package dev.vecprop.core;

import dev.vecprop.core.internal.Activations;
import dev.vecprop.core.internal.OutputLoss;
import dev.vecprop.core.internal.Words;
import dev.vecprop.core.internal.Workspace;
import dev.vecprop.spi.Kernels;
import dev.vecprop.spi.LossFunction;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Trains a network by backpropagation with (mini-batch, optionally momentum) gradient descent.
 *
 * <p>One step on a batch: the forward pass through every layer; the output delta of each sample from the
 * loss (fused when the loss has a fused delta for the output activation, else dE/dy through the
 * activation's Jacobian); then, from the output layer down, each layer's {@link Layer#backward} (which
 * computes the delta of the layer below with the weights before this step's update) followed by its
 * {@link Layer#update}. With batch size 1, no biases and no momentum this is exactly the per-sample
 * gradient descent of the classic derivation (docs/derivation.md).
 *
 * <p>A trainer owns its buffers and allocates nothing per step; it is not thread-safe. Training with the
 * same network configuration, seed, data and options gives bit-identical weights on the same kernels.
 *
 * <p>The momentum velocity is kept by the layers ({@link Layer#optimizerState()}), not by the trainer, so a new
 * trainer of a network that was trained with momentum before goes on from that velocity, as a change of
 * learning rate mid-training (a new trainer with other options) should; {@code setOptimizerState(null)} on each
 * layer forgets it, for a fresh start.
 */
public final class Trainer {

    private final Network network;
    private final List<Layer> layers;
    private final TrainingOptions options;
    private final OutputLoss outputLoss;
    /** The batch buffers, grown to the largest batch met so far (null before the first). */
    private Workspace ws;
    private float[] batchX;
    /**
     * In an epoch of single samples through a first layer stored by input: the first layer, whose weight step
     * of each sample waits for the next sample's forward pass ({@link DenseLayer#stepBiases}) and, with
     * momentum, leaves the rows of zero inputs behind until {@link #finishWaitingStep}; else null.
     */
    private final DenseLayer carried;
    /** The input of a waiting step: batchX and this trade places before each sample is copied in. */
    private float[] spareX;
    private float[] batchT;
    private double[] rowLoss;
    private final double[] targetScratch;
    private Dataset validatedTrain;
    /** Set by {@link Checkpoint#resume}: the fingerprint the training data must have, or null for any. */
    private Long resumedData;
    private Dataset validatedTest;
    private final float[][] snapshot;
    private final float[][] snapshotState;
    /** Where a dense layer's optimiser state is kept in {@link #snapshotState} when it has one. */
    private final float[][] stateBuffer;
    private int epochsDone;
    /** The epoch running (from 1), while its progress listener may call back; 0 between epochs. */
    private int running;
    /** The order of an epoch's samples, kept for the next epoch over as many: an epoch allocates no index array. */
    private int[] order = new int[0];
    private ProgressListener progress;
    /** The row-by-row phases of a batch, for parallel kernels; its {@code x} set only during a step. */
    private final RowPhases rowPhases = new RowPhases();
    /**
     * Whether the last forward pass, split by rows, also left every layer's deltas (a step or epoch asks for
     * them with the forward pass, so that its threads are handed the batch once for both).
     */
    private boolean deltasReady;
    /** The first layer's sums of a batch split along its inputs ({@link #sumsAlongInputs}). */
    private final SumPhases sumPhases = new SumPhases();
    /** The blocks of those sums that threads other than the first make apart, until they are added in order. */
    private float[] partialSums = new float[0];
    /** The output loss of each block of a batch split by rows (block 0's is {@link #outputLoss}). */
    private OutputLoss[] partLoss;
    /**
     * The sum of squares of each block's first-layer sums, when the last batch was split by rows for
     * {@link #forwardWithFiniteInputs} ({@link #squaredParts} blocks, each 0 until its block runs).
     */
    private float[] partSquares = new float[0];
    /** How many blocks of {@link #partSquares} the last forward pass filled: 0 when it was not split so. */
    private int squaredParts;
    /**
     * Rows per block boundary of a batch split by rows: every layer's block then starts at a multiple of
     * {@link ParallelKernels#ELEMENT_ALIGN} values, where element-wise kernels compute each value as in one
     * call; 0 when a layer is not a {@link DenseLayer} (the batch is then not split by rows).
     */
    private final int rowAlign;
    /** Multiply-adds of one row's forward pass through every layer. */
    private final long rowWork;

    /** The largest Java array the JVM allocates on every platform (a few words below Integer.MAX_VALUE). */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /**
     * A trainer of {@code network} by {@code loss}. Its buffers are allocated at the first step or epoch for the
     * largest batch it takes, at most {@code options.batchSize()} samples, and grow only when a larger batch
     * comes: a batch size above the training data's size costs the data's size, not the option's.
     *
     * @param network the network to train; its parameters change in place; not {@code null}
     * @param loss    the loss to minimise; not {@code null}
     * @param options learning rate, batch size, momentum, epochs and shuffling; not {@code null}
     * @throws NullPointerException     if an argument is {@code null}
     * @throws IllegalArgumentException when the loss refuses the network's output activation
     * @throws LossPluginException      if the loss's {@code incompatibility} or {@code fusedActivation} throws,
     *                                  naming the loss
     */
    public Trainer(Network network, LossFunction loss, TrainingOptions options) {
        this.network = Objects.requireNonNull(network, "network");
        this.options = Objects.requireNonNull(options, "options");
        this.layers = network.layers();
        this.outputLoss = new OutputLoss(Objects.requireNonNull(loss, "loss"), layers.getLast().activation(),
                network.outputSize());
        int align = 1;
        long work = 0;
        for (Layer layer : layers) {
            if (!(layer instanceof DenseLayer)) {
                align = 0;
                break;
            }
            align = Math.max(align, ParallelKernels.ELEMENT_ALIGN
                    / gcd(ParallelKernels.ELEMENT_ALIGN, layer.outputSize()));
            work += (long) layer.inputSize() * layer.outputSize();
        }
        this.rowAlign = align;
        this.carried = options.batchSize() == 1
                && layers.getFirst() instanceof DenseLayer d && d.layout() == DenseLayer.Layout.BY_INPUT ? d : null;
        this.partLoss = new OutputLoss[] {outputLoss};
        this.rowWork = work;
        this.targetScratch = new double[network.outputSize()];
        this.snapshot = new float[layers.size()][];
        this.snapshotState = new float[layers.size()][];
        this.stateBuffer = new float[layers.size()][];
    }

    /**
     * Told how far each epoch has got, about a hundred times an epoch and at its end, on the training thread
     * between two batches. From there the trainer's {@link #step}, {@link #gradients}, {@link #epoch},
     * {@link #fit} and {@link #resume}, and {@link Checkpoint#save} of it, are refused with an
     * {@link IllegalStateException}, which ends the epoch as any exception the listener throws does (the network
     * put back as the epoch found it): a checkpoint is of whole epochs, saved from {@code fit}'s listener or after
     * {@code epoch} returns. (A trainer is used from one thread at a time; the refusal is of calls on the
     * training thread.)
     */
    @FunctionalInterface
    public interface ProgressListener {
        /**
         * {@code done} of {@code total} training samples of epoch {@code epoch} (from 1) have been used.
         *
         * @param epoch the epoch, counted from 1 over the trainer's life
         * @param done  samples trained on so far in this epoch, in 1 to {@code total}; a multiple of the batch
         *              size except at the end
         * @param total samples in the epoch, the size of the training data
         */
        void progress(int epoch, int done, int total);
    }

    /**
     * Sets (or, with {@code null}, removes) the listener told of progress within each epoch.
     *
     * @param listener called on the training thread, or {@code null} for none; replaces any listener set before
     * @return this trainer, for chaining
     */
    public Trainer onProgress(ProgressListener listener) {
        this.progress = listener;
        return this;
    }

    /**
     * Whether the loss's fused output delta is in use (else the generic path).
     *
     * @return {@code true} when the loss's {@link LossFunction#fusedActivation()} is the network's output
     *         activation
     */
    public boolean usesFusedDelta() {
        return outputLoss.fused();
    }

    /**
     * Trains until {@link TrainingOptions#epochs()} epochs are done, counting those this trainer has done
     * before (a new trainer, or one {@linkplain #resume resumed} at a checkpoint, continues from its count),
     * calling {@code listener} (if not null) after each.
     *
     * @param train    the training data, whose widths match the network's; not {@code null}
     * @param test     data to evaluate after each epoch, or {@code null}
     * @param listener told each epoch's report as soon as it is done, or {@code null}
     * @return the report of every epoch trained by this call
     * @throws LossPluginException       if the loss throws or gives a value or gradient that is not finite
     * @throws IllegalArgumentException    if the data do not fit the network, either has no samples (as
     *                                     {@link Dataset#subset} can give) or a target is not valid for the loss
     * @throws TrainingDivergedException if the loss stops being finite, or an epoch ends with a parameter that
     *                                   is not; the network's parameters (and optimiser state) are then put back
     *                                   as they were before that epoch
     * @throws IllegalStateException     if a parameter of the network is NaN or infinite before an epoch (a
     *                                   {@link #step} whose update overflowed it), or an epoch of this trainer
     *                                   is running (a call from its progress listener)
     */
    public List<EpochReport> fit(Dataset train, Dataset test, Consumer<EpochReport> listener) {
        requireNoEpoch("start another epoch");
        validate(train, "training data");
        validate(test, "test data");
        List<EpochReport> reports = new ArrayList<>();
        while (epochsDone < options.epochs()) {
            EpochReport report = epoch(train, test);
            reports.add(report);
            if (listener != null) {
                listener.accept(report);
            }
        }
        return reports;
    }

    /**
     * One epoch over {@code train}, then an evaluation on {@code test} if it is not null.
     *
     * <p>The first time a data set is seen, its widths and its targets (with the loss's
     * {@link LossFunction#invalidTarget}) are checked.
     *
     * <p>At batch size 1 with momentum, through a first layer stored by input, the epoch steps that layer's
     * rows of zero inputs late, several zero-gradient steps in one (docs/architecture.md, "With momentum, the
     * rows of zero inputs step late"): its weights and velocities are those of a {@link #step} per sample up
     * to rounding, not bit for bit. Without momentum they are bit for bit.
     *
     * @param train the training data, whose widths match the network's
     * @param test  data to evaluate after the epoch, or {@code null}
     * @return the epoch's report, numbered one more than the epochs this trainer has done before
     * @throws IllegalArgumentException  if the data's widths do not match the network's, either has no samples,
     *                                   a target is not valid for the loss, or a batch (the batch size, or the
     *                                   data's size when smaller) of the widest layer does not fit in a Java array
     * @throws TrainingDivergedException if the loss stops being finite, or the epoch ends with a parameter
     *                                   that is not; the network's parameters (and optimiser state) are then put
     *                                   back as they were before that epoch
     * @throws LossPluginException       if the loss throws or gives a value or gradient that is not finite;
     *                                   the network is then put back as it was before the epoch too, as it is for
     *                                   any other exception or error thrown during the epoch
     * @throws IllegalStateException     if this trainer has done its {@link TrainingOptions#epochs()} epochs, a
     *                                   parameter of the network is NaN or infinite before the epoch (a
     *                                   {@link #step} whose update overflowed it), or an epoch is running (a call
     *                                   from its progress listener)
     */
    public EpochReport epoch(Dataset train, Dataset test) {
        requireNoEpoch("start another epoch");
        if (epochsDone >= options.epochs()) {
            // A count past the options' would make a checkpoint of this training that cannot be loaded.
            throw new IllegalStateException("this training of " + options.epochs()
                    + (options.epochs() == 1 ? " epoch has done it; " : " epochs has done them all; ")
                    + "to train on, make a trainer whose options have more (TrainingOptions.withEpochs) and resume it "
                    + "at " + epochsDone);
        }
        validate(train, "training data");
        validate(test, "test data");
        int n = train.size();
        // Before anything changes: a batch too large for the heap leaves the trainer as it was.
        ensureRows(Math.min(options.batchSize(), n));
        if (order.length != n) {
            order = new int[n];
        }
        takeSnapshot();
        for (float[] p : snapshot) {
            if (firstNonFinite(p, 0, p.length) >= 0) {
                // Such a snapshot could not be put back: Layer.setParameters refuses what is not finite.
                throw new IllegalStateException("a parameter of the network is NaN or infinite before epoch "
                        + (epochsDone + 1) + " (an update outside an epoch overflowed it, or it was set so); "
                        + "no epoch can start from it");
            }
        }
        // Counted once it has ended well: a progress listener sees the epochs done before this one.
        int epoch = epochsDone + 1;
        int[] order = this.order;
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (options.shuffle()) {
            Dataset.shuffle(order, shuffleRandom(epoch));
        }
        int k = network.outputSize();
        int batch = options.batchSize();
        Metrics.Accumulator acc = new Metrics.Accumulator(train.isClassification(), true);
        int last = layers.size() - 1;
        ProgressListener listener = progress;
        int every = Math.max(1, n / 100);
        boolean carriedMomentum = carried != null && options.momentum() != 0f;
        int nextReport = every;
        long start = System.nanoTime();
        int b = 1;
        double seconds;
        Evaluation testEval;
        running = epoch;
        try {
            for (int b0 = 0; b0 < n; b0 += batch, b++) {
                int rows = Math.min(batch, n - b0);
                if (carried != null) {
                    // The waiting step reads its sample from the buffer the next sample is not copied into.
                    float[] swap = spareX == null ? new float[batchX.length] : spareX;
                    spareX = batchX;
                    batchX = swap;
                }
                double loss = forwardAndOutputDelta(train, order, b0, rows, true);
                if (!Double.isFinite(loss)) {
                    throw new TrainingDivergedException(epoch, b, loss, options.learningRate());
                }
                float[] y = ws.output[last];
                for (int r = 0; r < rows; r++) {
                    acc.add(y, batchT, r, k, rowLoss[r], acc.classification ? train.label(order[b0 + r]) : -1);
                }
                backwardAndUpdate(batchX, rows, carried != null);
                if (b0 + rows >= nextReport || b0 + rows == n) {
                    // The listener sees whole steps. The rows that steps with momentum left behind are brought up
                    // here with a listener or without, so that its presence changes no rounding.
                    if (listener != null || carriedMomentum) {
                        finishWaitingStep();
                    }
                    if (listener != null) {
                        listener.progress(epoch, b0 + rows, n);
                    }
                    nextReport = b0 + rows + every;
                }
            }
            finishWaitingStep();
            // Every loss was finite, but the last update is seen by no loss: a parameter it made infinite
            // would go on into the next epoch, a saved model and a checkpoint.
            if (!parametersFinite()) {
                throw new TrainingDivergedException(epoch, b - 1, options.learningRate());
            }
            seconds = (System.nanoTime() - start) / 1e9;
            // Inside the try: a loss that fails on the test data undoes the epoch too.
            testEval = test == null ? null : Metrics.evaluate(network, outputLoss.loss(), test, false);
        } catch (RuntimeException | Error e) {
            // A divergence, a faulty loss, or an error thrown from a plugin or kernels: the network goes back to
            // where this epoch started.
            if (carried != null) {
                // Also when the failure came from inside the step itself.
                carried.dropWeightStep();
            }
            restoreSnapshot();
            throw e;
        } finally {
            running = 0;
        }
        epochsDone = epoch;
        Evaluation trainEval = acc.result();
        return new EpochReport(epoch, trainEval, testEval, seconds, n / Math.max(seconds, 1e-9));
    }

    /**
     * One gradient step on {@code rows} samples, given row-major in {@code x} and {@code t}.
     *
     * @param x    the features, at least {@code rows * inputSize} finite values; kept unchanged during the step
     * @param t    the targets, at least {@code rows * outputSize} finite values, each row valid for the loss's
     *             {@link LossFunction#invalidTarget}
     * @param rows number of samples in the batch, in 1 to the batch size of the options
     * @return the mean loss of the batch before the step
     * @throws IllegalArgumentException  if {@code rows} is out of range, an array is too short for it, a
     *                                   feature or target is NaN or infinite (the network is then unchanged),
     *                                   a target row is not valid for the loss, or the buffers of {@code rows}
     *                                   rows of the widest layer would not fit in a Java array
     * @throws TrainingDivergedException if the loss is not finite; the step is then not taken. A finite loss
     *                                   whose update overflows a parameter (an error beyond a float, say 1e20
     *                                   on an input of 1e20) is not caught here, as checking every parameter
     *                                   would cost a step's worth of memory traffic; {@link #epoch} and
     *                                   {@link #fit} check them at the end of each epoch, and
     *                                   {@link ModelFile#save} refuses a model that is not finite
     * @throws LossPluginException       if the loss throws or gives a value or gradient that is not finite
     * @throws IllegalStateException     if an epoch is running (a call from its progress listener)
     */
    public double step(float[] x, float[] t, int rows) {
        requireNoEpoch("take a step");
        checkRows(x, t, rows);
        double loss = forwardWithFiniteInputs(x, t, rows, true);
        if (!Double.isFinite(loss)) {
            throw new TrainingDivergedException(loss, options.learningRate());
        }
        backwardAndUpdate(x, rows, false);
        return loss / rows;
    }

    /**
     * The forward pass and output delta of a step, refusing an input that is not finite, which would make every
     * weight it meets NaN in the update even where the loss is finite (a sigmoid of an infinite sum is 0 or 1),
     * and which a loss plugin may fail on first. Such an input makes a dense first layer's sums not finite,
     * whatever its weights, so the inputs are looked at only when the loss fails or is not finite, or those
     * sums are not.
     */
    private double forwardWithFiniteInputs(float[] x, float[] t, int rows, boolean deltas) {
        double loss;
        rowPhases.squares = true;
        try {
            loss = forwardAndOutputDelta(x, t, rows, deltas);
        } catch (LossPluginException e) {
            requireFiniteInputs(x, rows);
            throw e;
        } finally {
            rowPhases.squares = false;
        }
        // Another kind of layer may not sum every input into every unit: its inputs are always looked at. The
        // sums are looked at through their sum of squares, one vectorised pass, which is not finite when one of
        // them is not (and, rarely, when finite ones are large enough to overflow it: the inputs are then
        // looked at for nothing). A batch split by rows has each block's, from the thread that made its sums.
        if (!Double.isFinite(loss) || !(layers.getFirst() instanceof DenseLayer) || !sumsFinite(rows)) {
            requireFiniteInputs(x, rows);
        }
        return loss;
    }

    /** Whether the sum of squares of the first layer's sums of the last forward pass, of {@code rows} rows, is finite. */
    private boolean sumsFinite(int rows) {
        if (squaredParts > 0) {
            for (int p = 0; p < squaredParts; p++) {
                if (!Float.isFinite(partSquares[p])) {
                    return false;
                }
            }
            return true;
        }
        int n = rows * layers.getFirst().outputSize();
        float[] sums = ws.preActivation[0];
        return Float.isFinite(network.kernels().dot(n, sums, 0, sums, 0));
    }

    private void requireFiniteInputs(float[] x, int rows) {
        int in = network.inputSize();
        int i = firstNonFinite(x, 0, rows * in);
        if (i >= 0) {
            throw new IllegalArgumentException("row " + i / in + ", input " + i % in + " is " + x[i]
                    + "; inputs must be finite");
        }
    }

    /** The index of the first value of {@code a[from .. to - 1]} that is NaN or infinite, or -1. */
    static int firstNonFinite(float[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Float.isFinite(a[i])) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The mean gradient of the loss over {@code rows} samples, per layer in the order of
     * {@link Layer#parameters()}, without changing the network.
     *
     * @param x    the features, at least {@code rows * inputSize} values
     * @param t    the targets, at least {@code rows * outputSize} values, each row valid for the loss
     * @param rows number of samples, in 1 to the batch size of the options
     * @return one new array per layer, from input to output, each of that layer's
     *         {@link Layer#parameterCount()} values
     * @throws IllegalArgumentException if {@code rows} is out of range, an array is too short for it, a
     *                                  feature or target is NaN or infinite, a target row is not valid for
     *                                  the loss, or the buffers of {@code rows} rows of the widest layer would
     *                                  not fit in a Java array
     * @throws LossPluginException      if the loss throws or gives a value or gradient that is not finite
     * @throws IllegalStateException    if an epoch is running (a call from its progress listener)
     */
    public float[][] gradients(float[] x, float[] t, int rows) {
        requireNoEpoch("compute gradients");
        checkRows(x, t, rows);
        forwardWithFiniteInputs(x, t, rows, false);
        Kernels k = network.kernels();
        float[][] g = new float[layers.size()][];
        for (int l = layers.size() - 1; l >= 0; l--) {
            Layer layer = layers.get(l);
            layer.backward(k, l == 0 ? x : ws.output[l - 1], ws.delta[l], rows, l > 0 ? ws.delta[l - 1] : null);
            g[l] = new float[layer.parameterCount()];
            layer.gradient(k, g[l]);
            if (l > 0) {
                Activations.backward(k, layers.get(l - 1).activation(), rows, layer.inputSize(), ws.output[l - 1], ws.delta[l - 1]);
            }
        }
        return g;
    }

    /**
     * The order of epoch {@code epoch} depends on the seed and the epoch number alone (not on the epochs
     * before it), so that training resumed at an epoch visits the samples as an uninterrupted run would.
     */
    private SplittableRandom shuffleRandom(int epoch) {
        return new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + epoch);
    }

    /**
     * The options this trainer trains with.
     *
     * @return the options given to the constructor
     */
    public TrainingOptions options() {
        return options;
    }

    /**
     * The network this trainer trains.
     *
     * @return the network given to the constructor
     */
    public Network network() {
        return network;
    }

    /**
     * Number of epochs trained so far by this trainer (including those before a {@link #resume}).
     *
     * @return epochs completed by {@link #fit} or {@link #epoch}; a diverged epoch does not count, nor does the
     *         epoch running while its progress listener is called; 0 for a new trainer
     */
    public int epochsDone() {
        return epochsDone;
    }

    /**
     * Refuses to {@code what} while an epoch is running (a call from its progress listener), whose batches,
     * buffers and fallback state the call would change under it.
     */
    void requireNoEpoch(String what) {
        if (running != 0) {
            throw new IllegalStateException("cannot " + what + " during epoch " + running + " (from its progress "
                    + "listener); the epoch's report, or fit's listener, comes once it has ended");
        }
    }

    /** Makes this trainer, resumed from a checkpoint, refuse training data other than the checkpoint's. */
    void expectTrainingData(long fingerprint) {
        this.resumedData = fingerprint;
    }

    /**
     * Continues a training that was interrupted after {@code epochsDone} epochs: the network must hold the
     * parameters (and its layers the optimiser state, see {@link Layer#setOptimizerState}) saved at that
     * point. Each epoch's order depends on the seed and the epoch number alone, so a run resumed with the
     * same options and data ends with weights bit-identical to an uninterrupted one.
     *
     * @param epochsDone the number of epochs already trained, in 0 to {@link TrainingOptions#epochs()}
     * @throws IllegalArgumentException if {@code epochsDone} is out of that range
     * @throws IllegalStateException    if an epoch is running (a call from its progress listener)
     */
    public void resume(int epochsDone) {
        requireNoEpoch("resume");
        if (epochsDone < 0 || epochsDone > options.epochs()) {
            throw new IllegalArgumentException("a training of " + Words.count(options.epochs(), "epoch")
                    + " cannot resume after "
                    + epochsDone);
        }
        this.epochsDone = epochsDone;
    }

    private boolean parametersFinite() {
        for (Layer layer : layers) {
            if (layer instanceof DenseLayer d) {
                if (!d.parametersFinite()) {
                    return false;
                }
                continue;
            }
            float[] p = layer.parameters();
            if (firstNonFinite(p, 0, p.length) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** Keeps the parameters and optimiser state as they are before an epoch, to fall back on if it diverges. */
    private void takeSnapshot() {
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            if (layer instanceof DenseLayer d) {
                // Into the arrays of the epoch before: an epoch allocates nothing for its snapshot.
                if (snapshot[l] == null) {
                    snapshot[l] = new float[d.parameterCount()];
                }
                d.parametersInto(snapshot[l]);
                if (!d.hasOptimizerState()) {
                    snapshotState[l] = null;
                } else {
                    if (stateBuffer[l] == null) {
                        stateBuffer[l] = new float[d.parameterCount()];
                    }
                    d.optimizerStateInto(stateBuffer[l]);
                    snapshotState[l] = stateBuffer[l];
                }
            } else {
                snapshot[l] = layer.parameters();
                snapshotState[l] = layer.optimizerState();
            }
        }
    }

    private void restoreSnapshot() {
        for (int l = 0; l < layers.size(); l++) {
            layers.get(l).setParameters(snapshot[l]);
            layers.get(l).setOptimizerState(snapshotState[l]);
        }
    }

    /**
     * {@link #forwardAndOutputDelta(float[], float[], int, boolean)} of samples {@code order[first]} to
     * {@code order[first + rows - 1]} of {@code train}, copied into the batch buffers first: when the batch is
     * split, by the threads that use them (the features by those of the first layer's blocks of inputs when
     * its sums are split along them, else by those of the rows).
     */
    private double forwardAndOutputDelta(Dataset train, int[] order, int first, int rows, boolean deltas) {
        rowPhases.source = train;
        rowPhases.order = order;
        rowPhases.first = first;
        try {
            return forwardAndOutputDelta(batchX, batchT, rows, deltas);
        } finally {
            rowPhases.source = null;
            rowPhases.order = null;
        }
    }

    /**
     * Forward pass and output deltas of a batch; keeps each sample's loss in rowLoss, returns their sum. With
     * {@code deltas}, a batch split by rows also gets the deltas of the layers below ({@link #deltasReady}).
     */
    private double forwardAndOutputDelta(float[] x, float[] t, int rows, boolean deltas) {
        int last = layers.size() - 1;
        deltasReady = false;
        squaredParts = 0;
        if (splitByRows(x, t, rows, deltas)) {
            deltasReady = deltas;
            double loss = 0;
            for (int r = 0; r < rows; r++) {
                loss += rowLoss[r];
            }
            return loss;
        }
        rowPhases.copy(0, rows);
        float[] y;
        if (carried != null && carried.weightStepWaits()) {
            // The last sample's weight step and this sample's sums, in one pass over the first layer.
            carried.forwardAfterStep(network.kernels(), x, ws.preActivation[0], ws.output[0]);
            y = ws.forwardFrom(network.kernels(), 1, ws.output[0], rows);
        } else {
            y = ws.forward(network.kernels(), x, rows);
        }
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            rowLoss[r] = outputLoss.valueAndDelta(ws.preActivation[last], y, t, r, ws.delta[last]);
            loss += rowLoss[r];
        }
        return loss;
    }

    /**
     * The backward pass and update of a batch; with {@code carry}, the first layer ({@link #carried}) steps
     * only its biases, and its weight step waits for the next sample's forward pass.
     */
    private void backwardAndUpdate(float[] x, int rows, boolean carry) {
        Kernels k = network.kernels();
        float eta = options.learningRate();
        float mu = options.momentum();
        // A batch split by rows has its deltas from the forward pass, each computed with the weights before this
        // step, as below; the updates follow.
        boolean split = deltasReady;
        deltasReady = false;
        if (split) {
            for (int l = layers.size() - 1; l >= 0; l--) {
                layers.get(l).backward(k, l == 0 ? x : ws.output[l - 1], ws.delta[l], rows, null);
            }
            if (mu == 0f && ((ParallelKernels) k).split(((ParallelKernels) k).threads(), 1, updateParts)) {
                for (Layer layer : layers) {
                    ((DenseLayer) layer).updateDone();
                }
            } else {
                for (int l = layers.size() - 1; l >= 0; l--) {
                    layers.get(l).update(k, eta, mu);
                }
            }
            return;
        }
        for (int l = layers.size() - 1; l >= 0; l--) {
            Layer layer = layers.get(l);
            float[] input = l == 0 ? x : ws.output[l - 1];
            float[] below = l > 0 ? ws.delta[l - 1] : null;
            flushTiny(ws.delta[l], rows * layer.outputSize());
            layer.backward(k, input, ws.delta[l], rows, below);
            if (carry && l == 0) {
                carried.stepBiases(k, eta, mu);
            } else {
                layer.update(k, eta, mu);
            }
            if (below != null) {
                Activations.backward(k, layers.get(l - 1).activation(), rows, layer.inputSize(), ws.output[l - 1], below);
            }
        }
    }

    /** Makes the waiting weight step of {@link #carried}, if any, on its own, and brings its rows up to date. */
    private void finishWaitingStep() {
        if (carried != null) {
            if (carried.weightStepWaits()) {
                carried.stepWeights(network.kernels());
            }
            carried.catchUp(network.kernels());
        }
    }

    /**
     * Deltas smaller in magnitude than this are set to zero before a layer uses them: {@value} is 2^-100.
     * Such a delta moves a weight by lr x input x 2^-100 at most, which changes no float weight above about
     * 2^-70 (less than half its last bit); but a saturated unit (a sigmoid output of exactly 0 or 1 up to
     * rounding, a softmax probability of e^-90) gives deltas in the subnormal range, below 2^-126, and on
     * Intel processors an instruction with a subnormal operand takes a microcode assist of a hundred cycles
     * or more: on a Xeon, a Fashion-MNIST run at batch 1 whose units had saturated trained 3.4 times slower.
     * Java cannot set the processor's flush-to-zero mode, so the trainer flushes. The margin above
     * 2^-126 keeps the products that use a delta (alpha times delta, packed by the gemm) normal too.
     */
    static final float TINY_DELTA = 0x1p-100f;

    /** d[i] = 0 where |d[i]| &lt; {@link #TINY_DELTA}, for i below {@code len}; NaN and infinities kept. */
    private static void flushTiny(float[] d, int len) {
        flushTiny(d, 0, len);
    }

    /**
     * {@link #flushTiny(float[], int)} for i in {@code from} to {@code to - 1}. |v| &lt; 2^-100 exactly when v's
     * exponent field is below 27 (2^-100's), so the test is one of the exponent's bits, and the flush a mask
     * that clears all of v's bits (giving 0, not -0, as {@code Math.abs(v) < TINY_DELTA ? 0f : v} does), which
     * ran in 4.8 us against the comparison's 8.2 over the 17,664 deltas of a batch of 128 through 784-128-10
     * (on the Xeon of docs/benchmarks.md, a loop of its own outside the repository).
     */
    static void flushTiny(float[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            int bits = Float.floatToRawIntBits(d[i]);
            // -1 when the exponent field is below TINY_EXPONENT, else 0.
            int tiny = ((bits & EXPONENT_BITS) - TINY_EXPONENT) >> 31;
            d[i] = Float.intBitsToFloat(bits & ~tiny);
        }
    }

    private static final int EXPONENT_BITS = 0x7F800000;
    /** {@link #TINY_DELTA}'s exponent field, in place: 2^-100 is 1.0 x 2^(27 - 127). */
    private static final int TINY_EXPONENT = Float.floatToRawIntBits(TINY_DELTA);

    /**
     * Runs a batch split by rows over the threads of parallel kernels, when the network's kernels are such,
     * every layer is a {@link DenseLayer}, and the batch is worth splitting: as much work as a product the
     * kernels would split (their gemm threshold) and a block of {@link #rowAlign} rows per thread: the forward
     * pass through every layer and each row's loss (into rowLoss) and output delta; with {@code deltas}, then
     * the deltas of every layer below the output, from the output delta down (with the weights before the
     * step, which are updated after), so that a step hands its threads the batch once for both. Every value is
     * the one the whole batch on one thread gives: the products give each row the same arithmetic wherever a
     * block starts, the element-wise kernels each value on a multiple of 64, and softmax, the loss (stateless
     * and safe on several threads, as the loss SPI requires) and the flush work row by row. The weight
     * updates, whose products sum over the rows, are left to the caller. The first layer's sums are split along
     * its inputs first when the kernels allow it ({@link #sumsAlongInputs}). Returns false, having done
     * nothing, when the batch is not split.
     */
    private boolean splitByRows(float[] x, float[] t, int rows, boolean deltas) {
        if (rowAlign == 0 || !(network.kernels() instanceof ParallelKernels pk) || pk.threads() < 2
                || rows * rowWork < pk.gemmMin() || rows < 2 * rowAlign) {
            return false;
        }
        if (partLoss.length < pk.threads()) {
            OutputLoss[] more = java.util.Arrays.copyOf(partLoss, pk.threads());
            for (int p = partLoss.length; p < more.length; p++) {
                more[p] = outputLoss.copy();
            }
            partLoss = more;
        }
        if (partSquares.length < pk.threads()) {
            partSquares = new float[pk.threads()];
        }
        java.util.Arrays.fill(partSquares, 0f);
        rowPhases.x = x;
        rowPhases.t = t;
        rowPhases.deltas = deltas;
        rowPhases.rows = rows;
        try {
            boolean split = sumsAlongInputs(pk)
                    && pk.split(rowPhases.blocks, 1, sumPhases, rows, rowAlign, rowPhases);
            if (!split) {
                rowPhases.blocks = 0;
                split = pk.split(rows, rowAlign, rowPhases);
            }
            if (split && rowPhases.squares) {
                squaredParts = pk.threads();
            }
            return split;
        } finally {
            rowPhases.x = null;
            rowPhases.t = null;
            rowPhases.blocks = 0;
        }
    }

    /**
     * Sets up the first layer's sums of the batch in {@link #rowPhases} to be split over the threads along the
     * layer's inputs ({@link SumPhases}), in the blocks the kernels' gemm sums in
     * ({@link Kernels#gemmBlockDepth}), for {@link RowPhases} to finish row by row in the same hand-over of
     * the workers; false when the kernels do not sum in blocks or the layer has fewer blocks than there are
     * threads. Cut by rows, each thread would read and pack all of the layer's
     * weights; cut along the inputs, each packs a share of the weights and of the batch, the share whose
     * weights it then updates (about the rows {@link DenseLayer#updatePart} gives it), and the sums
     * differ from one call's in no bit ({@link DenseLayer#sumBlocks}).
     */
    private boolean sumsAlongInputs(ParallelKernels pk) {
        DenseLayer first = (DenseLayer) layers.getFirst();
        int depth = pk.gemmBlockDepth(first.inputSize());
        if (depth <= 0) {
            return false;
        }
        int blocks = (first.inputSize() + depth - 1) / depth;
        if (blocks < pk.threads()) {
            return false;
        }
        int e0 = ParallelKernels.bound(blocks, 1, 1, pk.threads());
        long need = (long) (blocks - e0) * ws.capacity() * first.outputSize();
        if (need > MAX_ARRAY) {
            return false;
        }
        if (partialSums.length < need) {
            partialSums = new float[(int) need];
        }
        sumPhases.depth = depth;
        rowPhases.blocks = blocks;
        rowPhases.e0 = e0;
        return true;
    }

    /**
     * The work of {@link #sumsAlongInputs} on one range of blocks, for the batch {@link #rowPhases} holds
     * (its input, rows and first block kept apart).
     */
    private final class SumPhases implements ParallelKernels.RangeTask {
        /** Inputs per block. */
        private int depth;

        @Override
        public void run(Kernels base, int part, int from, int to) {
            DenseLayer first = (DenseLayer) layers.getFirst();
            RowPhases batch = rowPhases;
            int in = first.inputSize();
            int c0 = from * depth;
            int c1 = Math.min(in, to * depth);
            if (batch.source != null) {
                // The batch's rows, this range of their features: all a thread's sums read of them.
                for (int r = 0; r < batch.rows; r++) {
                    batch.source.copyFeatures(batch.order[batch.first + r], c0, c1, batch.x, r * in + c0);
                }
            }
            first.sumBlocks(base, batch.x, batch.rows, depth, from, to, batch.e0, ws.preActivation[0], partialSums);
        }
    }

    /** The work of {@link #splitByRows} on one block of rows. */
    private final class RowPhases implements ParallelKernels.RangeTask {
        private float[] x;
        private float[] t;
        private boolean deltas;
        /** Whether each block's sum of squares of its first-layer sums is wanted, in {@link #partSquares}. */
        private boolean squares;
        /** The rows of the batch. */
        private int rows;
        /**
         * The first layer's blocks of sums when {@link SumPhases} made them (the features then copied
         * already), else 0; and the first block kept apart.
         */
        private int blocks;
        private int e0;
        /** Where the batch's rows come from (samples order[first ...]), or null when they are in place. */
        private Dataset source;
        private int[] order;
        private int first;

        /** Copies the batch's rows {@code from} to {@code to - 1} into the batch buffers, if from a data set. */
        void copy(int from, int to) {
            if (source == null) {
                return;
            }
            int in = network.inputSize();
            int k = network.outputSize();
            for (int r = from; r < to; r++) {
                if (blocks == 0) {
                    source.copyFeatures(order[first + r], batchX, r * in);
                }
                source.copyTargets(order[first + r], batchT, r * k);
            }
        }

        @Override
        public void run(Kernels base, int part, int from, int to) {
            int rows = to - from;
            int last = layers.size() - 1;
            copy(from, to);
            float[] input = x;
            for (int l = 0; l <= last; l++) {
                DenseLayer layer = (DenseLayer) layers.get(l);
                if (l == 0 && blocks > 0) {
                    layer.finishSums(base, from, rows, this.rows, e0, blocks, partialSums, ws.preActivation[0],
                            ws.output[0]);
                } else {
                    layer.forwardRows(base, input, from, rows, false, ws.preActivation[l], ws.output[l]);
                }
                if (l == 0 && squares) {
                    int o = layer.outputSize();
                    float[] sums = ws.preActivation[0];
                    partSquares[part] = base.dot(rows * o, sums, from * o, sums, from * o);
                }
                input = ws.output[l];
            }
            OutputLoss loss = partLoss[part];
            for (int r = from; r < to; r++) {
                rowLoss[r] = loss.valueAndDelta(ws.preActivation[last], input, t, r, ws.delta[last]);
            }
            if (!deltas) {
                return;
            }
            for (int l = last; l > 0; l--) {
                Layer layer = layers.get(l);
                int out = layer.outputSize();
                flushTiny(ws.delta[l], from * out, to * out);
                ((DenseLayer) layer).inputGradientRows(base, ws.delta[l], from, rows, false, ws.delta[l - 1]);
                Activations.backward(base, layers.get(l - 1).activation(), from, rows, layer.inputSize(),
                        ws.output[l - 1], ws.delta[l - 1]);
            }
            int out0 = layers.getFirst().outputSize();
            flushTiny(ws.delta[0], from * out0, to * out0);
        }
    }

    /**
     * The plain steps (no momentum) of every layer of a batch split by rows, in one hand-off: each part takes
     * its block of every layer's weights ({@link DenseLayer#updatePart}), and part l (modulo the parts) layer
     * l's biases, instead of a product per layer split over the threads and the rest on the caller.
     */
    private final ParallelKernels.RangeTask updateParts = this::updatePart;

    /** The work of {@link #updateParts}: part {@code part} (from {@code part} to {@code part + 1}). */
    private void updatePart(Kernels base, int part, int from, int to) {
        int parts = ((ParallelKernels) network.kernels()).threads();
        float eta = options.learningRate();
        for (int l = 0; l < layers.size(); l++) {
            ((DenseLayer) layers.get(l)).updatePart(base, eta, part, parts, l % parts);
        }
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /**
     * Makes the batch buffers hold at least {@code rows} rows (at most the batch size): exactly that many at
     * first, then twice as many as before when a step asks for more, so that steps of growing size do not
     * allocate at every step.
     */
    private void ensureRows(int rows) {
        if (ws != null && ws.capacity() >= rows) {
            return;
        }
        int capacity = ws == null ? rows : Math.min(options.batchSize(), Math.max(rows, 2 * ws.capacity()));
        int widest = Workspace.widest(layers, network.inputSize());
        if ((long) rows * widest > MAX_ARRAY) {
            throw new IllegalArgumentException("a batch of " + rows + " rows of " + widest
                    + " values does not fit in a Java array; use a smaller batch size");
        }
        // Twice the rows would not fit: as many as fit.
        capacity = (int) Math.min(capacity, MAX_ARRAY / widest);
        // All made before any is kept: running out of memory part-way leaves the old buffers, all of one size.
        Workspace w = new Workspace(layers, capacity, true);
        float[] x = new float[capacity * network.inputSize()];
        float[] t = new float[capacity * network.outputSize()];
        double[] loss = new double[capacity];
        ws = w;
        batchX = x;
        batchT = t;
        rowLoss = loss;
    }

    /** Checks a step's rows and targets, and makes the buffers hold its rows. */
    private void checkRows(float[] x, float[] t, int rows) {
        int batch = options.batchSize();
        if (rows < 1 || rows > batch) {
            throw new IllegalArgumentException("a step takes 1 to " + batch + " rows (the batch size), not " + rows);
        }
        int k = network.outputSize();
        if (x.length < rows * network.inputSize() || t.length < rows * k) {
            throw new IllegalArgumentException(rows + " rows need " + rows * network.inputSize() + " inputs and "
                    + rows * k + " targets; the arrays have " + x.length + " and " + t.length);
        }
        for (int r = 0; r < rows; r++) {
            int i = firstNonFinite(t, r * k, r * k + k);
            if (i >= 0) {
                throw new IllegalArgumentException("row " + r + ", target " + (i - r * k) + " is " + t[i]
                        + "; targets must be finite");
            }
            checkTarget(t, r * k, "row ", r);
        }
        ensureRows(rows);
    }

    /** Checks widths and targets of a data set the first time it is seen; null passes. */
    private void validate(Dataset data, String what) {
        boolean training = what.startsWith("training");
        // Data checked as test data is checked again as the training data of a resumed trainer: its fingerprint.
        if (data == null || data == validatedTrain || data == validatedTest && (!training || resumedData == null)) {
            return;
        }
        if (data.size() == 0) {
            // Possible through Dataset.subset; an epoch of it would report NaN figures as if it had trained.
            throw new IllegalArgumentException("the " + what + " has no samples");
        }
        Metrics.checkShape(network, data, what);
        if (resumedData != null && training && data.fingerprint() != resumedData) {
            throw new IllegalArgumentException("the training data is not the data the checkpoint was trained on "
                    + "(fingerprint " + Long.toHexString(data.fingerprint()) + ", not "
                    + Long.toHexString(resumedData) + ")");
        }
        float[] row = new float[data.targetCount()];
        String where = what + ", sample ";
        for (int i = 0; i < data.size(); i++) {
            data.copyTargets(i, row, 0);
            checkTarget(row, 0, where, i);
        }
        if (training) {
            validatedTrain = data;
        } else {
            validatedTest = data;
        }
    }

    /** Refuses a target row the loss finds invalid, naming it as {@code where + index}, a string made only then. */
    private void checkTarget(float[] t, int off, String where, int index) {
        Metrics.checkTarget(outputLoss.loss(), t, off, targetScratch, where, index);
    }
}
