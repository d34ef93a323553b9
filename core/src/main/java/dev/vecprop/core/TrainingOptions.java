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
    }

    /** Learning rate 0.1, batch 1, no momentum, 10 epochs, seed 1, shuffled. */
    public static TrainingOptions defaults() {
        return new TrainingOptions(0.1f, 1, 0f, 10, 1, true);
    }

    public TrainingOptions withLearningRate(float eta) {
        return new TrainingOptions(eta, batchSize, momentum, epochs, seed, shuffle);
    }

    public TrainingOptions withBatchSize(int size) {
        return new TrainingOptions(learningRate, size, momentum, epochs, seed, shuffle);
    }

    public TrainingOptions withMomentum(float mu) {
        return new TrainingOptions(learningRate, batchSize, mu, epochs, seed, shuffle);
    }

    public TrainingOptions withEpochs(int n) {
        return new TrainingOptions(learningRate, batchSize, momentum, n, seed, shuffle);
    }

    public TrainingOptions withSeed(long s) {
        return new TrainingOptions(learningRate, batchSize, momentum, epochs, s, shuffle);
    }

    public TrainingOptions withShuffle(boolean on) {
        return new TrainingOptions(learningRate, batchSize, momentum, epochs, seed, on);
    }
}
