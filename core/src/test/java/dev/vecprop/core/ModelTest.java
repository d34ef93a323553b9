package dev.vecprop.core;

import dev.vecprop.spi.Activation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ModelTest {

    private static FeedForwardNetwork net(int outputs, Activation output) {
        return FeedForwardNetwork.builder(2).layer(3, Activation.TANH).layer(outputs, output).seed(5)
                .kernels(KernelProviders.scalar()).build();
    }

    @Test
    void predictionsSeeFeaturesScaledAsInTraining() {
        FeedForwardNetwork net = net(3, Activation.SOFTMAX);
        FeatureScaling s = FeatureScaling.of(FeatureScaling.Kind.MIN_MAX, new float[]{10f, -1f}, new float[]{0.5f, 2f});
        Model m = Model.classifier(net, "softmax-cross-entropy", s, List.of("a", "b", "c"));
        float[] raw = {12f, 0f};
        float[] y = net.predict(new float[]{1f, 2f});
        assertArrayEquals(y, m.predict(raw));
        assertEquals(List.of("a", "b", "c").get(Metrics.predictedClass(y, 0, 3)), m.predictLabel(raw));
        float[] batch = new float[6];
        m.predict(new float[]{12f, 0f, 12f, 0f}, 2, batch);
        assertArrayEquals(y, java.util.Arrays.copyOfRange(batch, 3, 6));
        assertThrows(IllegalArgumentException.class, () -> m.predict(new float[3], 2, batch));
    }

    @Test
    void itsDescriptionNamesTheFirstFourFeatures() {
        FeedForwardNetwork net = FeedForwardNetwork.builder(6).layer(2, Activation.SOFTMAX).seed(1)
                .kernels(KernelProviders.scalar()).build();
        Model m = Model.classifier(net, "softmax-cross-entropy", null, List.of("a", "b"));
        assertEquals("classifier 6-2 softmax, loss softmax-cross-entropy, no scaling of 6 features", m.toString());
        assertEquals("classifier 6-2 softmax, loss softmax-cross-entropy, no scaling of 6 features p, q\\nr, s, t "
                + "and 2 more", m.withFeatureNames(List.of("p", "q\nr", "s", "t", "u", "v")).toString());
        FeedForwardNetwork one = FeedForwardNetwork.builder(1).layer(1, Activation.IDENTITY).seed(1)
                .kernels(KernelProviders.scalar()).build();
        assertEquals("regressor 1-1 identity, loss mse, minmax scaling of 1 feature x", Model.regressor(one, "mse",
                FeatureScaling.of(FeatureScaling.Kind.MIN_MAX, new float[]{0}, new float[]{1}), List.of("y"))
                .withFeatureNames(List.of("x")).toString());
    }

    @Test
    void classNamesMustFitTheOutputs() {
        assertEquals("a classifier with 3 outputs has 3 classes, but 2 class names were given",
                assertThrows(IllegalArgumentException.class,
                        () -> Model.classifier(net(3, Activation.SOFTMAX), "x", null, List.of("a", "b"))).getMessage());
        assertEquals("a classifier with 2 outputs has 2 classes, but 1 class name was given",
                assertThrows(IllegalArgumentException.class,
                        () -> Model.classifier(net(2, Activation.SOFTMAX), "x", null, List.of("a"))).getMessage());
        Model binary = Model.classifier(net(1, Activation.SIGMOID), "binary-cross-entropy", null, List.of("no", "yes"));
        assertEquals(2, binary.outputNames().size());
        assertThrows(IllegalArgumentException.class,
                () -> Model.classifier(net(2, Activation.SOFTMAX), "x", null, List.of("a", "a")));
    }

    @Test
    void aRegressorPredictsValuesNotClasses() {
        Model m = Model.regressor(net(2, Activation.IDENTITY), "mse", null, List.of("p", "q"));
        assertEquals(FeatureScaling.Kind.NONE, m.scaling().kind());
        assertThrows(IllegalStateException.class, () -> m.predictClass(new float[2]));
        assertThrows(IllegalArgumentException.class, () -> Model.regressor(net(2, Activation.IDENTITY), "mse", null, List.of("p")));
    }
}
