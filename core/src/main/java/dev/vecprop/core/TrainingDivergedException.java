package dev.vecprop.core;

/** Training met a loss that is NaN or infinite; the network's weights are no longer usable. */
public final class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int batch;

    public TrainingDivergedException(int epoch, int batch, double loss, float learningRate) {
        super("training diverged in epoch " + epoch + ", batch " + batch + ": the loss became " + loss
                + "; the learning rate " + learningRate + " is probably too large");
        this.epoch = epoch;
        this.batch = batch;
    }

    /** The epoch (from 1) in which the loss stopped being finite. */
    public int epoch() {
        return epoch;
    }

    /** The batch (from 1) within the epoch. */
    public int batch() {
        return batch;
    }
}
