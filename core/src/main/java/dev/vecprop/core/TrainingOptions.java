package dev.vecprop.core;

/**
 * How to train: plain or momentum gradient descent on batches of samples.
 *
 * @param learningRate eta, the step size (positive)
 * @param batchSize    samples per step; 1 is the per-sample gradient descent of the derivation, more takes
 *                     the mean gradient over the batch (the last batch of an epoch may be smaller)
 * @param momentum     mu in [0, 1): with 0 plain steps p = p - eta g; otherwise v = mu v + g, p = p - eta v
 * @param epochs       passes over the training data
 * @param seed         seed of the shuffling; the same seed, data and options give bit-identical weights
 * @param shuffle      whether each epoch visits the samples in a new random order (else in data order)
 */
public record TrainingOptions(float learningRate, int batchSize, float momentum, int epochs, long seed,
                              boolean shuffle) {

    /**
     * Options checked for sense; see the record's description for each component.
     *
     * @throws IllegalArgumentException if the learning rate is not a finite positive number, the batch size is
     *                                  below 1, the momentum is outside [0, 1) or the epochs are negative
     */
    public TrainingOptions {
        if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
            throw new IllegalArgumentException("the learning rate must be a positive number, not " + learningRate);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch size must be at least 1, not " + batchSize);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("the momentum must be in [0, 1), not " + momentum);
        }
        if (epochs < 0) {
            throw new IllegalArgumentException("the number of epochs cannot be negative: " + epochs);
        }
        // -0 is 0 here: the record's equals tells them apart, so a checkpoint saved with one refused the other.
        momentum += 0f;
    }

    /**
     * Learning rate 0.1, batch 1, no momentum, 10 epochs, seed 1, shuffled.
     *
     * @return the default options
     */
    public static TrainingOptions defaults() {
        return new TrainingOptions(0.1f, 1, 0f, 10, 1, true);
    }

    /**
     * These options with another learning rate.
     *
     * @param eta the step size, a finite positive number
     * @return a new record; this one is unchanged
     * @throws IllegalArgumentException if {@code eta} is not a finite positive number
     */
    public TrainingOptions withLearningRate(float eta) {
        return new TrainingOptions(eta, batchSize, momentum, epochs, seed, shuffle);
    }

    /**
     * These options with another batch size.
     *
     * @param size samples per step, at least 1
     * @return a new record; this one is unchanged
     * @throws IllegalArgumentException if {@code size} is below 1
     */
    public TrainingOptions withBatchSize(int size) {
        return new TrainingOptions(learningRate, size, momentum, epochs, seed, shuffle);
    }

    /**
     * These options with another momentum.
     *
     * @param mu the momentum, in [0, 1); 0 for plain gradient descent
     * @return a new record; this one is unchanged
     * @throws IllegalArgumentException if {@code mu} is outside [0, 1)
     */
    public TrainingOptions withMomentum(float mu) {
        return new TrainingOptions(learningRate, batchSize, mu, epochs, seed, shuffle);
    }

    /**
     * These options with another number of epochs.
     *
     * @param n passes over the training data, at least 0 (0 trains nothing)
     * @return a new record; this one is unchanged
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public TrainingOptions withEpochs(int n) {
        return new TrainingOptions(learningRate, batchSize, momentum, n, seed, shuffle);
    }

    /**
     * These options with another shuffling seed.
     *
     * @param s any seed; each epoch's order is drawn from it and the epoch number alone
     * @return a new record; this one is unchanged
     */
    public TrainingOptions withSeed(long s) {
        return new TrainingOptions(learningRate, batchSize, momentum, epochs, s, shuffle);
    }

    /**
     * These options with shuffling on or off.
     *
     * @param on {@code true} for a new random order each epoch, {@code false} for data order
     * @return a new record; this one is unchanged
     */
    public TrainingOptions withShuffle(boolean on) {
        return new TrainingOptions(learningRate, batchSize, momentum, epochs, seed, on);
    }
}
