package dev.vecprop.benchmarks;

import dev.vecprop.core.DenseLayer;
import dev.vecprop.core.FeedForwardNetwork;
import dev.vecprop.core.KernelProviders;
import dev.vecprop.core.LossRegistry;
import dev.vecprop.core.Trainer;
import dev.vecprop.core.TrainingOptions;
import dev.vecprop.spi.Activation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * One training step (forward, softmax cross-entropy delta, backward, update) of a 784-128-10
 * sigmoid/softmax network with biases, plain SGD, on one sample or a batch of 128.
 *
 * <p>The inputs ({@code input}):
 * <ul>
 *   <li>{@code synthetic}: MNIST-like rows, each pixel 0 with probability one half, else uniform in (0, 1);</li>
 *   <li>{@code fashion}: the first {@value #SAMPLES} images of Fashion-MNIST's training set, scaled to
 *       [0, 1] by 1/255 (about half their pixels are 0), with their labels one-hot; read from the IDX files
 *       in {@code -Dvecprop.fashion=DIR}, by default Debian's dataset-fashion-mnist in
 *       {@value #FASHION_DEFAULT}. The trial fails when they are missing.</li>
 * </ul>
 * Either way each step takes the next batch of a pool of {@value #SAMPLES} samples, cyclically, so that
 * the zero pattern changes from step to step as in real training.
 *
 * <p>The first layer's weight layout ({@code layout}): {@code auto} is what the library chooses
 * ({@link DenseLayer.Layout#choose}); {@code by-unit} and {@code by-input} force one. The output layer is
 * always laid out as the library chooses.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class TrainingStepBench {

    /** Samples in the pool the steps cycle through. */
    static final int SAMPLES = 4096;

    static final String FASHION_DEFAULT = "/usr/share/datasets/fashion-mnist";

    private static final int IN = 784;
    private static final int OUT = 10;

    @Param({"scalar", "simd"})
    public String impl;

    @Param({"1", "128"})
    public int batch;

    @Param({"synthetic", "fashion"})
    public String input;

    @Param({"auto"})
    public String layout;

    private Trainer trainer;
    private float[] poolX;
    private float[] poolT;
    private float[] x;
    private float[] t;
    private int next;

    @Setup
    public void setup() throws IOException {
        FeedForwardNetwork built = FeedForwardNetwork.builder(IN)
                .layer(128, Activation.SIGMOID)
                .layer(OUT, Activation.SOFTMAX)
                .seed(7)
                .kernels(KernelProviders.scalar())
                .build();
        DenseLayer.Layout chosen = switch (layout) {
            case "auto" -> DenseLayer.Layout.choose(true, 128);
            case "by-unit" -> DenseLayer.Layout.BY_UNIT;
            case "by-input" -> DenseLayer.Layout.BY_INPUT;
            default -> throw new IllegalArgumentException("layout is auto, by-unit or by-input, not " + layout);
        };
        DenseLayer first = new DenseLayer(IN, 128, Activation.SIGMOID, true, chosen);
        first.setParameters(built.layers().getFirst().parameters());
        FeedForwardNetwork net = FeedForwardNetwork.of(List.of(first, built.layers().getLast()), Impl.kernels(impl));
        trainer = new Trainer(net, LossRegistry.system().get("softmax-cross-entropy"),
                TrainingOptions.defaults().withBatchSize(batch).withLearningRate(0.01f));
        poolX = new float[SAMPLES * IN];
        poolT = new float[SAMPLES * OUT];
        pool(input, poolX, poolT);
        x = new float[batch * IN];
        t = new float[batch * OUT];
        next = 0;
    }

    /** Fills {@code poolX} and {@code poolT} with {@value #SAMPLES} samples of {@code input}, as described above. */
    static void pool(String input, float[] poolX, float[] poolT) throws IOException {
        switch (input) {
            case "synthetic" -> synthetic(poolX, poolT);
            case "fashion" -> fashion(poolX, poolT);
            default -> throw new IllegalArgumentException("input is synthetic or fashion, not " + input);
        }
    }

    private static void synthetic(float[] poolX, float[] poolT) {
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < poolX.length; i++) {
            poolX[i] = r.nextBoolean() ? 0f : (float) r.nextDouble();
        }
        for (int s = 0; s < SAMPLES; s++) {
            poolT[s * OUT + r.nextInt(OUT)] = 1f;
        }
    }

    private static void fashion(float[] poolX, float[] poolT) throws IOException {
        Path dir = Path.of(System.getProperty("vecprop.fashion", FASHION_DEFAULT));
        Path images = dir.resolve("train-images-idx3-ubyte.gz");
        Path labels = dir.resolve("train-labels-idx1-ubyte.gz");
        if (!Files.isReadable(images) || !Files.isReadable(labels)) {
            throw new IllegalStateException("input=fashion needs Fashion-MNIST's " + images + " and " + labels
                    + " (Debian: apt install dataset-fashion-mnist; or -Dvecprop.fashion=DIR)");
        }
        try (DataInputStream in = open(images, 0x803)) {
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (n < SAMPLES || rows * cols != IN) {
                throw new IllegalStateException(images + " holds " + n + " images of " + rows + "x" + cols);
            }
            byte[] pixels = new byte[IN];
            for (int s = 0; s < SAMPLES; s++) {
                in.readFully(pixels);
                for (int i = 0; i < IN; i++) {
                    poolX[s * IN + i] = (pixels[i] & 0xff) / 255f;
                }
            }
        }
        try (DataInputStream in = open(labels, 0x801)) {
            in.readInt();
            for (int s = 0; s < SAMPLES; s++) {
                poolT[s * OUT + in.readUnsignedByte()] = 1f;
            }
        }
    }

    private static DataInputStream open(Path file, int magic) throws IOException {
        InputStream raw = new GZIPInputStream(Files.newInputStream(file), 1 << 16);
        DataInputStream in = new DataInputStream(raw);
        try {
            int m = in.readInt();
            if (m != magic) {
                throw new IllegalStateException(file + " is not an IDX file of the expected kind (magic " + m + ")");
            }
            return in;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    @Benchmark
    public double step() {
        int s = next;
        System.arraycopy(poolX, s * IN, x, 0, batch * IN);
        System.arraycopy(poolT, s * OUT, t, 0, batch * OUT);
        next = s + batch + batch > SAMPLES ? 0 : s + batch;
        return trainer.step(x, t, batch);
    }
}
