package dev.vecprop.core;

import dev.vecprop.spi.Activation;
import dev.vecprop.spi.Kernels;
import dev.vecprop.spi.LossFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library refuses what it cannot do well with a clear exception, and a failed call leaves its objects as
 * they were: non-finite weights, epochs past the options, errors inside an epoch, kernels that cannot run,
 * and sizes that make no sense.
 */
class ApiRefusalsTest {

    @TempDir
    Path dir;

    private static FeedForwardNetwork identity(long seed) {
        return FeedForwardNetwork.builder(1).layer(1, Activation.IDENTITY).seed(seed)
                .kernels(KernelProviders.scalar()).build();
    }

    /** The test's squared loss under another name; a test overrides what it needs (RunningEvaluationTest too). */
    static class Squared implements LossFunction {
        private final String name;

        Squared(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public double value(double[] y, double[] t) {
            return TrainerTest.SQUARED.value(y, t);
        }

        @Override
        public void gradient(double[] y, double[] t, double[] g) {
            TrainerTest.SQUARED.gradient(y, t, g);
        }
    }

    /** The test's squared loss, running {@code failure} from call {@code from} on of value (or gradient). */
    private static LossFunction squaredFailing(boolean inValue, int from, Runnable failure) {
        int[] calls = {0};
        return new LossFunction() {
            @Override
            public String name() {
                return "fails";
            }

            @Override
            public double value(double[] y, double[] t) {
                if (inValue && ++calls[0] >= from) {
                    failure.run();
                }
                return TrainerTest.SQUARED.value(y, t);
            }

            @Override
            public void gradient(double[] y, double[] t, double[] g) {
                if (!inValue && ++calls[0] >= from) {
                    failure.run();
                }
                TrainerTest.SQUARED.gradient(y, t, g);
            }
        };
    }

    private static float[] allParameters(Network net) {
        return net.layers().getFirst().parameters();
    }

    @Test
    void anEmptyDataSetIsNotTrainedOnOrTestedWith() {
        FeedForwardNetwork net = identity(5);
        float[] before = allParameters(net);
        Dataset data = Dataset.of(1, 1, new float[]{0.5f, 1f}, new float[]{1f, 2f});
        Dataset empty = data.subset(new int[0]);
        Trainer trainer = new Trainer(net, TrainerTest.SQUARED, TrainingOptions.defaults().withEpochs(2));
        assertEquals("the training data has no samples",
                assertThrows(IllegalArgumentException.class, () -> trainer.fit(empty, null, null)).getMessage());
        assertEquals("the test data has no samples",
                assertThrows(IllegalArgumentException.class, () -> trainer.epoch(data, empty)).getMessage());
        assertEquals(0, trainer.epochsDone());
        assertArrayEquals(before, allParameters(net));
    }

    /**
     * One sample of 1e20: the loss of the first forward pass is finite (in double), but its gradient, 1e20
     * times the output, is not a float, and no later loss sees the weight it made infinite.
     */
    @Test
    void anEpochWhoseLastUpdateMakesAWeightInfiniteDivergesAndKeepsTheWeightsBeforeIt() {
        FeedForwardNetwork net = identity(3);
        float[] before = allParameters(net);
        Dataset data = Dataset.of(1, 1, new float[]{1e20f}, new float[]{0f});
        Trainer trainer = new Trainer(net, TrainerTest.SQUARED, TrainingOptions.defaults().withBatchSize(1)
                .withLearningRate(1f).withEpochs(3));
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> trainer.fit(data, null, null));
        assertEquals("training diverged in epoch 1, batch 1: its update made a weight infinite or NaN; the learning "
                + "rate 1.0 is probably too large; the network keeps its weights from before epoch 1", e.getMessage());
        assertArrayEquals(before, allParameters(net));
        assertEquals(0, trainer.epochsDone());
        ModelFile.encode(Model.regressor(net, "mse", null, List.of("y"))); // savable: every weight is finite
    }

    @Test
    void aModelWithAWeightThatIsNotFiniteIsNotWrittenSinceItCouldNotBeRead() {
        FeedForwardNetwork net = identity(3);
        overflowFirstWeight(net);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelFile.save(Model.regressor(net, "mse", null, List.of("y")), dir.resolve("m.vpm")));
        assertEquals("parameter 0 of layer 1 is -Infinity; a model file holds finite numbers only", e.getMessage());
        assertEquals(0, dir.toFile().list().length);
    }

    /** A step whose update overflowed a weight leaves nothing an epoch could start from, or put back. */
    @Test
    void anEpochDoesNotStartFromAParameterThatIsNotFinite() {
        FeedForwardNetwork net = identity(3);
        Trainer trainer = new Trainer(net, TrainerTest.SQUARED, TrainingOptions.defaults().withBatchSize(1)
                .withLearningRate(1f).withEpochs(3));
        trainer.step(new float[]{1e20f}, new float[]{0f}, 1);   // a finite loss whose update overflows
        assertTrue(Float.isInfinite(net.layers().getFirst().parameters()[0]));
        Dataset data = Dataset.of(1, 1, new float[]{1f}, new float[]{0f});
        assertEquals("a parameter of the network is NaN or infinite before epoch 1 (an update outside an epoch "
                + "overflowed it, or it was set so); no epoch can start from it",
                assertThrows(IllegalStateException.class, () -> trainer.epoch(data, null)).getMessage());
        assertEquals(0, trainer.epochsDone());
    }

    /**
     * A step taken through the layer's own methods, outside a {@link Trainer} (which would undo it): an
     * input and a delta of 1e20 make the gradient of the first weight 1e40, so the weight becomes -infinity.
     */
    private static void overflowFirstWeight(FeedForwardNetwork net) {
        Layer first = net.layers().getFirst();
        first.backward(net.kernels(), new float[]{1e20f}, new float[]{1e20f}, 1, null);
        first.update(net.kernels(), 1f, 0f);
        assertEquals(Float.NEGATIVE_INFINITY, first.parameters()[0]);
    }

    @Test
    void parametersAndOptimiserStateThatAreNotFiniteAreRefusedNamingTheValue() {
        Layer layer = FeedForwardNetwork.builder(3).layer(2, Activation.SIGMOID).seed(1)
                .kernels(KernelProviders.scalar()).build().layers().getFirst();
        float[] before = layer.parameters();
        float[] p = before.clone();
        p[5] = Float.NaN;   // unit 1, input 2
        assertEquals("parameter 5 (the weight of unit 1 from input 2) is NaN; every parameter must be finite",
                assertThrows(IllegalArgumentException.class, () -> layer.setParameters(p)).getMessage());
        float[] q = before.clone();
        q[7] = Float.NEGATIVE_INFINITY;   // the second bias
        assertEquals("parameter 7 (the bias of unit 1) is -Infinity; every parameter must be finite",
                assertThrows(IllegalArgumentException.class, () -> layer.setParameters(q)).getMessage());
        assertArrayEquals(before, layer.parameters());
        assertEquals("optimiser state value 7 (the momentum of the bias of unit 1) is -Infinity; every optimiser "
                        + "state value must be finite",
                assertThrows(IllegalArgumentException.class, () -> layer.setOptimizerState(q)).getMessage());
        assertNull(layer.optimizerState());
    }

    /** The report of a plugin's fault does not fail in its turn when the plugin's name() fails too. */
    @Test
    void aPluginExceptionNamesThePluginsClassWhenItsNameFails() {
        LossFunction nameless = new LossFunction() {
            @Override
            public String name() {
                throw new IllegalStateException("no name");
            }

            @Override
            public double value(double[] y, double[] t) {
                return 0;
            }

            @Override
            public void gradient(double[] y, double[] t, double[] grad) {
            }
        };
        LossPluginException e = new LossPluginException(nameless, "failed in value: boom", null);
        assertEquals(nameless.getClass().getName(), e.lossName());
        assertTrue(e.getMessage().startsWith("loss plugin '" + nameless.getClass().getName() + "' ("), e.getMessage());
        assertTrue(e.getMessage().endsWith(") failed in value: boom"), e.getMessage());
    }

    @Test
    void aTrainerDoesNotTrainPastItsEpochs() {
        FeedForwardNetwork net = identity(1);
        Dataset data = Dataset.of(1, 1, new float[]{1f}, new float[]{0.5f});
        Trainer trainer = new Trainer(net, TrainerTest.SQUARED, TrainingOptions.defaults().withEpochs(2));
        trainer.fit(data, null, null);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> trainer.epoch(data, null));
        assertEquals("this training of 2 epochs has done them all; to train on, make a trainer whose options have "
                + "more (TrainingOptions.withEpochs) and resume it at 2", e.getMessage());
        assertEquals(2, trainer.epochsDone());
    }

    /** One epoch with {@code loss} fails with {@code thrown}, and leaves the network and the count as before. */
    private static void epochFailsAndIsUndone(LossFunction loss, Dataset data, int batch, Dataset test,
                                              Class<? extends Throwable> thrown) {
        FeedForwardNetwork net = identity(5);
        float[] before = allParameters(net);
        Trainer trainer = new Trainer(net, loss, TrainingOptions.defaults().withBatchSize(batch).withEpochs(2));
        assertThrows(thrown, () -> trainer.epoch(data, test));
        assertArrayEquals(before, allParameters(net), "the updates were undone");
        assertEquals(0, trainer.epochsDone());
    }

    @Test
    void anErrorThrownInsideAnEpochPutsTheNetworkBackAsAnExceptionDoes() {
        // Three updates, then an error at the fourth gradient: the loss's fault, named as such.
        Dataset data = Dataset.of(1, 1, new float[]{1f, 2f, 3f, 4f, 5f, 6f}, new float[]{1f, 0f, 1f, 0f, 1f, 0f});
        epochFailsAndIsUndone(squaredFailing(false, 4, () -> {
            throw new AssertionError("the fourth gradient");
        }), data, 1, null, LossPluginException.class);
        // The JVM's own failures go through as they are, and undo the epoch too.
        epochFailsAndIsUndone(squaredFailing(false, 4, () -> {
            throw new OutOfMemoryError("the fourth gradient");
        }), data, 1, null, OutOfMemoryError.class);
    }

    @Test
    void aLossThatFailsOnTheTestDataUndoesTheEpochToo() {
        // One batch of four trains; the fifth value is the test data's first.
        Dataset data = Dataset.of(1, 1, new float[]{1f, 2f, 3f, 4f}, new float[]{1f, 0f, 1f, 0f});
        epochFailsAndIsUndone(squaredFailing(true, 5, () -> {
            throw new IllegalStateException("the fifth value");
        }), data, 4, data, LossPluginException.class);
    }

    @Test
    void resumingANetworkWhoseLayersDifferOnlyInWhereTheBiasesAreIsRefusedBeforeItChanges() throws Exception {
        FeedForwardNetwork saved = FeedForwardNetwork.of(List.of(new DenseLayer(2, 3, Activation.SIGMOID, true),
                new DenseLayer(3, 3, Activation.SIGMOID, true), new DenseLayer(3, 3, Activation.SOFTMAX, false)),
                KernelProviders.scalar());
        FeedForwardNetwork other = FeedForwardNetwork.of(List.of(new DenseLayer(2, 3, Activation.SIGMOID, true),
                new DenseLayer(3, 3, Activation.SIGMOID, false), new DenseLayer(3, 3, Activation.SOFTMAX, true)),
                KernelProviders.scalar());
        assertEquals(saved.parameterCount(), other.parameterCount());
        Dataset data = Dataset.ofClasses(new float[][]{{0f, 1f}, {1f, 0f}}, new int[]{0, 1}, 3);
        TrainingOptions options = TrainingOptions.defaults().withEpochs(3);
        LossFunction loss = TrainerTest.SQUARED;
        Trainer trainer = new Trainer(saved, loss, options);
        trainer.epoch(data, null);
        Checkpoint.save(dir, Model.classifier(saved, loss.name(), null, List.of("a", "b", "c")), trainer, data);
        Checkpoint checkpoint = Checkpoint.load(dir, KernelProviders.scalar());
        float[] before = allParameters(other);
        assertThrows(IllegalArgumentException.class, () -> checkpoint.resume(other, loss, options));
        assertArrayEquals(before, allParameters(other));
    }

    @Test
    void resumingWithALossTheNetworkRefusesLeavesTheNetworkUntouched() throws Exception {
        FeedForwardNetwork net = FeedForwardNetwork.builder(2).layer(2, Activation.SOFTMAX).seed(1)
                .kernels(KernelProviders.scalar()).build();
        Dataset data = Dataset.ofClasses(new float[][]{{0f, 1f}, {1f, 0f}}, new int[]{0, 1}, 2);
        TrainingOptions options = TrainingOptions.defaults().withEpochs(3);
        LossFunction softmaxOnly = new Squared("refuses-identity") {
            @Override
            public String incompatibility(Activation output, int outputs) {
                return output == Activation.SOFTMAX ? null : "softmax outputs only";
            }
        };
        Trainer trainer = new Trainer(net, softmaxOnly, options);
        trainer.epoch(data, null);
        Checkpoint.save(dir, Model.classifier(net, "refuses-identity", null, List.of("a", "b")), trainer, data);
        Checkpoint saved = Checkpoint.load(dir, KernelProviders.scalar());
        FeedForwardNetwork fresh = FeedForwardNetwork.builder(2).layer(2, Activation.IDENTITY).seed(9)
                .kernels(KernelProviders.scalar()).build();
        float[] before = allParameters(fresh);
        assertThrows(IllegalArgumentException.class, () -> saved.resume(fresh, softmaxOnly, options));
        assertArrayEquals(before, allParameters(fresh));
    }

    @Test
    void kernelsThatCannotRunHereAreRefusedWithTheirReason() {
        Kernels unusable = (Kernels) Proxy.newProxyInstance(Kernels.class.getClassLoader(), new Class<?>[]{Kernels.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "name" -> "absent";
                    case "unavailableReason" -> "its module is not in this JVM";
                    default -> throw new AssertionError(method.getName() + " called on kernels that cannot run");
                });
        String why = "kernels 'absent' cannot run here: its module is not in this JVM";
        assertEquals(why, assertThrows(IllegalArgumentException.class,
                () -> FeedForwardNetwork.builder(2).layer(2, Activation.SOFTMAX).kernels(unusable).build()).getMessage());
        assertEquals(why, assertThrows(IllegalArgumentException.class,
                () -> KernelProviders.parallel(unusable, 2)).getMessage());
        FeedForwardNetwork net = identity(1);
        assertEquals(why, assertThrows(IllegalArgumentException.class, () -> net.useKernels(unusable)).getMessage());
        assertEquals(why, assertThrows(IllegalArgumentException.class, () -> ModelFile.load(ModelFileTest.GOLDEN_V1,
                unusable)).getMessage(), "the kernels are refused, not the file");
        assertEquals(KernelProviders.scalar(), net.kernels(), "the network keeps its kernels");
    }

    @Test
    void sizesThatMakeNoSenseAreIllegalArguments() {
        for (int[] sizes : new int[][]{{}, {2}, {2, -1}, {2, 0, 2}, {0, 2}}) {
            assertThrows(IllegalArgumentException.class, () -> GradientCheck.check(TrainerTest.SQUARED,
                    Activation.TANH, Activation.IDENTITY, sizes, 1), java.util.Arrays.toString(sizes));
        }
        assertEquals("a classifier has at least 1 output, not -1", assertThrows(IllegalArgumentException.class,
                () -> Dataset.ofClasses(new float[][]{{1f}}, new int[]{0}, -1)).getMessage());
        FeedForwardNetwork net = identity(1);
        assertThrows(IllegalArgumentException.class, () -> net.predict(new float[1], -1, new float[1]));
        Model model = Model.regressor(net, "mse", null, List.of("y"));
        assertThrows(IllegalArgumentException.class, () -> model.predict(new float[1], -1, new float[1]));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FeatureScaling.of(FeatureScaling.Kind.NONE,
                new float[]{5f}, new float[]{2f})).getMessage().endsWith("no scaling (kind none) is offset 0 and scale 1"));
    }

    /** A 4-5-1 sigmoid/identity network on the default kernels. */
    private static FeedForwardNetwork fourFiveOne() {
        return FeedForwardNetwork.builder(4).layer(5, Activation.SIGMOID).layer(1, Activation.IDENTITY).seed(2).build();
    }

    /**
     * A step with an infinite input has a finite loss (the sigmoid of an infinite sum is 1), but its update
     * would make every weight it meets NaN; a NaN input or target is not a divergence of the learning rate.
     */
    @Test
    void aStepWithAnInputOrTargetThatIsNotFiniteIsRefusedAndChangesNothing() {
        FeedForwardNetwork net = fourFiveOne();
        Trainer trainer = new Trainer(net, TrainerTest.SQUARED, TrainingOptions.defaults().withBatchSize(2));
        float[] before = params(net);
        float[] t = {1f, 0f};
        for (float bad : new float[]{Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN}) {
            float[] x = {0.5f, 0, 0, 0, 0, 0, bad, 0};
            assertEquals("row 1, input 2 is " + bad + "; inputs must be finite",
                    assertThrows(IllegalArgumentException.class, () -> trainer.step(x, t, 2)).getMessage());
            assertEquals("row 1, input 2 is " + bad + "; inputs must be finite",
                    assertThrows(IllegalArgumentException.class, () -> trainer.gradients(x, t, 2)).getMessage());
            assertEquals("row 0, target 0 is " + bad + "; targets must be finite", assertThrows(
                    IllegalArgumentException.class, () -> trainer.step(new float[8], new float[]{bad, 0f}, 2)).getMessage());
        }
        assertArrayEquals(before, params(net));
        // A loss that fails on outputs that are not finite is not blamed for the input that made them so.
        LossFunction strict = new Squared("strict") {
            @Override
            public double value(double[] y, double[] target) {
                if (!Double.isFinite(y[0])) {
                    throw new IllegalStateException("output " + y[0]);
                }
                return super.value(y, target);
            }
        };
        Trainer strictTrainer = new Trainer(net, strict, TrainingOptions.defaults().withBatchSize(2));
        assertEquals("row 1, input 2 is NaN; inputs must be finite", assertThrows(IllegalArgumentException.class,
                () -> strictTrainer.step(new float[]{0.5f, 0, 0, 0, 0, 0, Float.NaN, 0}, t, 2)).getMessage());
        assertArrayEquals(before, params(net));
        trainer.step(new float[]{0.5f, 0, 0, 0, 0, 0, 1, 0}, t, 2);
        assertTrue(!java.util.Arrays.equals(before, params(net)));
    }

    /**
     * The first layer's sums are looked at through their sum of squares: sums of about 1e20, finite, make it
     * infinite, and the inputs, all finite, are then looked at and pass.
     */
    @Test
    void aStepWhoseFiniteSumsOverflowTheirSumOfSquaresIsTaken() {
        FeedForwardNetwork net = fourFiveOne();
        Trainer trainer = new Trainer(net, TrainerTest.SQUARED, TrainingOptions.defaults().withBatchSize(2));
        float[] before = params(net);
        // The first row's units saturate (derivative 0), so its huge inputs move no weight.
        float[] x = {1e20f, -1e20f, 1e20f, 1e20f, 0.5f, 0, 0, 0};
        double loss = trainer.step(x, new float[]{1f, 0f}, 2);
        assertTrue(Double.isFinite(loss), "loss " + loss);
        float[] after = params(net);
        assertTrue(!java.util.Arrays.equals(before, after), "the step was taken");
        for (float p : after) {
            assertTrue(Float.isFinite(p), java.util.Arrays.toString(after));
        }
    }

    /** A trainer resumed from a checkpoint goes on with the checkpoint's loss and data only. */
    @Test
    void resumingWithAnotherLossOrOtherDataIsRefused() throws Exception {
        FeedForwardNetwork net = FeedForwardNetwork.builder(2).layer(2, Activation.SIGMOID).seed(1)
                .kernels(KernelProviders.scalar()).build();
        Dataset data = Dataset.ofClasses(new float[][]{{0f, 1f}, {1f, 0f}}, new int[]{0, 1}, 2);
        Dataset other = Dataset.ofClasses(new float[][]{{0f, 1f}, {1f, 0.5f}}, new int[]{0, 1}, 2);
        TrainingOptions options = TrainingOptions.defaults().withEpochs(3);
        Trainer trainer = new Trainer(net, TrainerTest.SQUARED, options);
        trainer.epoch(data, null);
        Checkpoint.save(dir, Model.classifier(net, TrainerTest.SQUARED.name(), null, List.of("a", "b")), trainer, data);
        Checkpoint saved = Checkpoint.load(dir, KernelProviders.scalar());
        LossFunction renamed = squaredFailing(true, Integer.MAX_VALUE, () -> { });
        assertEquals("the checkpoint was trained with loss " + TrainerTest.SQUARED.name() + ", not fails",
                assertThrows(IllegalArgumentException.class, () -> saved.resume(net, renamed, options)).getMessage());
        Trainer resumed = saved.resume(net, TrainerTest.SQUARED, options);
        float[] atCheckpoint = params(net);
        String why = assertThrows(IllegalArgumentException.class, () -> resumed.fit(other, null, null)).getMessage();
        assertTrue(why.startsWith("the training data is not the data the checkpoint was trained on"), why);
        assertEquals(1, resumed.epochsDone());
        assertArrayEquals(atCheckpoint, params(net));
        resumed.epoch(data, other);   // the same data trains on; other test data is any data's right
        assertEquals(2, resumed.epochsDone());
        // Data seen as test data is not thereby the checkpoint's training data.
        assertThrows(IllegalArgumentException.class, () -> resumed.epoch(other, null));
        assertEquals(2, resumed.epochsDone());
        resumed.fit(data, null, null);
        assertEquals(3, resumed.epochsDone());
    }

    @Test
    void evaluationRefusesAnEmptyDataSetAndTargetsTheLossRefuses() {
        FeedForwardNetwork net = FeedForwardNetwork.builder(2).layer(1, Activation.SIGMOID).seed(1).build();
        Dataset data = Dataset.of(2, 1, new float[]{0f, 1f, 1f, 0f}, new float[]{1f, 2f});
        assertEquals("the data has no samples", assertThrows(IllegalArgumentException.class,
                () -> Metrics.accuracy(net, data.subset(new int[0]))).getMessage());
        LossFunction unitTargets = new Squared("unit") {
            @Override
            public String invalidTarget(double[] t) {
                return t[0] <= 1 ? null : "a target is at most 1, not " + t[0];
            }
        };
        assertEquals("sample 1: a target is at most 1, not 2.0", assertThrows(IllegalArgumentException.class,
                () -> Metrics.evaluate(net, unitTargets, data)).getMessage());
        assertTrue(Double.isNaN(Metrics.evaluate(net, null, data).loss()));
    }

    /** A label column is one of the training data's inputs + 1 columns, and only a classifier has one. */
    @Test
    void aLabelColumnOutsideTheDataOrOnARegressorIsRefused() {
        FeedForwardNetwork net = FeedForwardNetwork.builder(3).layer(2, Activation.SOFTMAX).seed(1).build();
        Model classifier = Model.classifier(net, "softmax-cross-entropy", null, List.of("a", "b"));
        for (int column : new int[]{-1, -2, 4}) {
            String why = assertThrows(IllegalArgumentException.class, () -> classifier.withLabelColumn(column)).getMessage();
            assertTrue(why.contains("from 0 to 3") && why.endsWith(String.valueOf(column)), why);
        }
        assertEquals(java.util.OptionalInt.of(3), classifier.withLabelColumn(3).labelColumn());
        assertEquals(java.util.OptionalInt.empty(), classifier.labelColumn());
        Model regressor = Model.regressor(FeedForwardNetwork.builder(3).layer(2, Activation.IDENTITY).seed(1).build(),
                "mse", null, List.of("y", "z"));
        assertThrows(IllegalArgumentException.class, () -> regressor.withLabelColumn(0));
    }

    /** A NaN output compares as never larger, so it read as class 0 whatever the sample. */
    @Test
    void noClassIsToldFromOutputsThatAreNotFinite() {
        FeedForwardNetwork net = FeedForwardNetwork.builder(2).layer(2, Activation.SOFTMAX).seed(1).build();
        Model model = Model.classifier(net, "softmax-cross-entropy", null, List.of("cat", "dog"));
        assertEquals("output 0 of the network is NaN; no class can be told from it",
                assertThrows(IllegalArgumentException.class, () -> model.predictLabel(new float[]{Float.NaN, 0f}))
                        .getMessage());
        assertTrue(List.of("cat", "dog").contains(model.predictLabel(new float[]{0.5f, 0.25f})));
        // Nor is a sample of class 0 counted right by accuracy when the outputs are NaN (a NaN weight here).
        Dataset zeros = Dataset.ofClasses(new float[][]{{0.5f, 0f}, {0.25f, 1f}}, new int[]{0, 0}, 2);
        assertEquals(1.0, Metrics.accuracy(net, zeros) + Metrics.accuracy(net, Dataset.ofClasses(
                new float[][]{{0.5f, 0f}, {0.25f, 1f}}, new int[]{1, 1}, 2)), 1e-9);
        // A weight of -infinity (a step outside a Trainer): the first sample is told class 1, wrongly; the
        // second's outputs are NaN (infinity less infinity in the softmax's shift) and count wrong too.
        Layer first = net.layers().getFirst();
        first.backward(net.kernels(), new float[]{1e20f, 0f}, new float[]{1e20f, 0f}, 1, null);
        first.update(net.kernels(), 1f, 0f);
        Dataset mixed = Dataset.ofClasses(new float[][]{{0.5f, 0f}, {-0.25f, 1f}}, new int[]{0, 0}, 2);
        assertEquals(0.0, Metrics.accuracy(net, mixed));
    }

    @Test
    void aMomentumOfMinusZeroIsZero() {
        TrainingOptions o = TrainingOptions.defaults().withMomentum(-0f);
        assertEquals(TrainingOptions.defaults().withMomentum(0f), o);
        assertEquals(0, Float.floatToRawIntBits(o.momentum()));
    }

    @Test
    void namesAModelFileCouldNotKeepAreRefused() throws Exception {
        FeedForwardNetwork net = identity(1);
        // Refused when the model is made, not first when it is saved: no plugin could have such a name.
        assertEquals("the loss name ' mse' has white space around it", assertThrows(IllegalArgumentException.class,
                () -> Model.regressor(net, " mse", null, List.of("y"))).getMessage());
        assertEquals("the loss name 'mse\t' has white space around it", assertThrows(IllegalArgumentException.class,
                () -> Model.classifier(net, "mse\t", null, List.of("a", "b"))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Model.regressor(net, "mse", null, List.of("y\uD800")))
                .getMessage().endsWith("is not valid Unicode: a lone surrogate (\\uD800) at index 1"));
        Model ok = Model.regressor(net, "mse", null, List.of("y\uD83D\uDE00"));   // a pair is one character
        assertThrows(IllegalArgumentException.class, () -> ok.withFeatureNames(List.of("\uDC00x")));
        ModelFile.save(ok, dir.resolve("named.vpm"));
        assertEquals(ok.outputNames(), ModelFile.load(dir.resolve("named.vpm"), KernelProviders.scalar()).outputNames());
    }

    /**
     * A registry of given losses refuses one that no name can find, as the system registry skips it: a null name
     * would otherwise fail later, in names(), with a bare NullPointerException.
     */
    @Test
    void aRegistryOfGivenLossesRefusesOneWithoutAUsableName() {
        assertEquals("loss 1 (dev.vecprop.core.ApiRefusalsTest$Squared) has no usable name ('null')",
                assertThrows(IllegalArgumentException.class,
                        () -> LossRegistry.of(List.of(new Squared("a"), new Squared(null)))).getMessage());
        assertEquals("loss 0 (dev.vecprop.core.ApiRefusalsTest$Squared) has no usable name (' ')",
                assertThrows(IllegalArgumentException.class, () -> LossRegistry.of(List.of(new Squared(" ")))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> LossRegistry.of(List.of(new Squared("b "))));
        assertEquals("loss 0", assertThrows(NullPointerException.class,
                () -> LossRegistry.of(java.util.Arrays.asList((LossFunction) null))).getMessage());
        assertEquals(List.of("a", "b"), LossRegistry.of(List.of(new Squared("a"), new Squared("b"))).names());
        // A name() that throws is the plugin's fault, reported as every other one is.
        Squared throwing = new Squared("x") {
            @Override
            public String name() {
                throw new IllegalStateException("no name today");
            }
        };
        LossPluginException e = assertThrows(LossPluginException.class, () -> LossRegistry.of(List.of(throwing)));
        assertTrue(e.getMessage().startsWith("loss plugin '" + throwing.getClass().getName() + "' ("), e.getMessage());
        assertTrue(e.getMessage().endsWith(") failed in name: java.lang.IllegalStateException: no name today"),
                e.getMessage());
        // The registry asks a name once: one that answers, then throws, is filed under its answer.
        Squared once = new Squared("once") {
            private int calls;

            @Override
            public String name() {
                if (calls++ > 0) {
                    throw new IllegalStateException("asked again");
                }
                return super.name();
            }
        };
        LossRegistry registry = LossRegistry.of(List.of(once));
        assertEquals(List.of("once"), registry.names());
        assertSame(once, registry.get("once"));
        assertEquals("once", registry.nameOf(once), "the name it was filed under, not asked again");
        assertThrows(IllegalArgumentException.class, () -> registry.nameOf(new Squared("once")));
        // Nor does it escape from the refusal of an output activation, which names the loss.
        Squared refusing = new Squared("x") {
            @Override
            public String name() {
                throw new IllegalStateException("no name today");
            }

            @Override
            public String incompatibility(Activation output, int outputs) {
                return "not with these outputs";
            }
        };
        FeedForwardNetwork net = FeedForwardNetwork.builder(2).layer(1, Activation.SIGMOID).build();
        assertEquals("loss " + refusing.getClass().getName() + " cannot be used with 1 sigmoid output: not with these "
                + "outputs", assertThrows(IllegalArgumentException.class,
                () -> new Trainer(net, refusing, TrainingOptions.defaults())).getMessage());
    }

    private static float[] params(Network net) {
        return net.layers().stream().map(Layer::parameters).reduce(new float[0], (a, b) -> {
            float[] c = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, c, a.length, b.length);
            return c;
        });
    }
}
