package dev.vecprop.core;

/**
 * Training met a loss that is NaN or infinite, or ended an epoch with a parameter that is. {@link Trainer#fit}
 * and {@link Trainer#epoch} put the network back as it was before the failing epoch (the last good weights);
 * {@link Trainer#step} refuses the step.
 */
public final class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The epoch (from 1) in which the loss stopped being finite. */
    private final int epoch;
    /** The batch (from 1) within the epoch. */
    private final int batch;

    /**
     * The failure of one batch, with a message naming all four numbers.
     *
     * @param epoch        the epoch (from 1) in which the loss stopped being finite
     * @param batch        the batch (from 1) within that epoch
     * @param loss         the loss that was seen, NaN or infinite
     * @param learningRate the learning rate of the training, named in the message as the likely cause
     */
    public TrainingDivergedException(int epoch, int batch, double loss, float learningRate) {
        super("training diverged in epoch " + epoch + ", batch " + batch + ": the loss became " + loss
                + "; the learning rate " + learningRate + " is probably too large; the network keeps its weights "
                + (epoch > 1 ? "after epoch " + (epoch - 1) : "from before epoch 1"));
        this.epoch = epoch;
        this.batch = batch;
    }

    /**
     * An epoch whose losses were all finite but whose last update made a parameter NaN or infinite (a loss
     * seen after it would have been too), with a message naming the epoch, the batch and the learning rate.
     *
     * @param epoch        the epoch (from 1) that ended with a parameter that is not finite
     * @param batch        its last batch (from 1), whose update did it
     * @param learningRate the learning rate of the training, named in the message as the likely cause
     */
    public TrainingDivergedException(int epoch, int batch, float learningRate) {
        super("training diverged in epoch " + epoch + ", batch " + batch + ": its update made a weight infinite or "
                + "NaN; the learning rate " + learningRate + " is probably too large; the network keeps its weights "
                + (epoch > 1 ? "after epoch " + (epoch - 1) : "from before epoch 1"));
        this.epoch = epoch;
        this.batch = batch;
    }

    /**
     * The failure of a single step taken outside an epoch ({@link Trainer#step}); epoch and batch are 0.
     *
     * @param loss         the loss that was seen, NaN or infinite
     * @param learningRate the learning rate of the training, named in the message as the likely cause
     */
    public TrainingDivergedException(double loss, float learningRate) {
        super("a training step diverged: the loss became " + loss + "; the learning rate " + learningRate
                + " is probably too large");
        this.epoch = 0;
        this.batch = 0;
    }

    /**
     * The epoch (from 1) in which the loss stopped being finite.
     *
     * @return the epoch number, counted by the trainer from 1 over its whole life; 0 for a single step
     */
    public int epoch() {
        return epoch;
    }

    /**
     * The batch (from 1) within the epoch.
     *
     * @return the batch number (0 for a single step); batch b holds the samples (b - 1) * batchSize to b * batchSize - 1 of the
     *         epoch's order
     */
    public int batch() {
        return batch;
    }
}
