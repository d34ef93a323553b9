package dev.vecprop.core;

/**
 * What one epoch of training did.
 *
 * @param epoch            1 for the first epoch
 * @param train            loss, accuracy and error on the training data, each sample measured by the forward
 *                         pass that trained on it (so during the epoch, not after it)
 * @param test             the same on the test data after the epoch, or {@code null} without test data
 * @param seconds          wall time of the epoch's training, without the test evaluation
 * @param samplesPerSecond training samples per second of that time
 */
public record EpochReport(int epoch, Evaluation train, Evaluation test, double seconds, double samplesPerSecond) {
}
