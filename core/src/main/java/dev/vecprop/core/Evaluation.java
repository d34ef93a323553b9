package dev.vecprop.core;

/**
 * How a network does on a set of samples.
 *
 * @param samples  the number of samples
 * @param loss     the mean loss per sample (NaN when no loss was given)
 * @param accuracy the fraction of samples classified correctly (NaN when the targets are not class labels)
 * @param mse      the mean over samples and outputs of (y - t)^2
 * @param mae      the mean over samples and outputs of |y - t|
 */
public record Evaluation(int samples, double loss, double accuracy, double mse, double mae) {

    /**
     * The root of {@link #mse()}.
     *
     * @return the root mean squared error, in the units of the targets
     */
    public double rmse() {
        return Math.sqrt(mse);
    }

    /**
     * Whether an accuracy was measured (the targets were class labels).
     *
     * @return {@code true} when {@link #accuracy()} is a number, not NaN
     */
    public boolean isClassification() {
        return !Double.isNaN(accuracy);
    }

    /**
     * Accuracy for classification, RMSE otherwise: the one number a per-epoch line shows.
     *
     * @return the accuracy in [0, 1] (higher is better) or the RMSE (lower is better)
     */
    public double headline() {
        return isClassification() ? accuracy : rmse();
    }
}
