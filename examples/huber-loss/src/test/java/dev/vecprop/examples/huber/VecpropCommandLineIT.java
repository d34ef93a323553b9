package dev.vecprop.examples.huber;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged plugin jar, dropped into a folder and used by the real vecprop command line in a JVM of its
 * own, as a user would: listed by {@code losses}, checked by {@code gradcheck}, trained with by {@code train}.
 */
class VecpropCommandLineIT {

    static Path plugins;
    static final Path MODULES = Path.of(System.getProperty("vecprop.modules", "target/vecprop-modules"));
    static final Path JAR = Path.of(System.getProperty("plugin.jar", "target/huber-loss-1.0.0.jar"));

    record Run(int code, String out) {
    }

    @BeforeAll
    static void dropThePluginIntoAFolder() throws IOException {
        plugins = Files.createDirectories(Path.of("target", "it-plugins"));
        Files.copy(JAR, plugins.resolve(JAR.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    static Run vecprop(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector",
                "-p", MODULES.toString(), "-m", "dev.vecprop.cli/dev.vecprop.cli.Main"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "vecprop did not finish");
        return new Run(p.exitValue(), out);
    }

    @Test
    void lossesListsTheHuberLossWithItsModuleAndJar() throws Exception {
        Run r = vecprop("losses", "--plugin-path", plugins.toString());
        assertEquals(0, r.code(), r.out());
        assertTrue(Pattern.compile("(?m)^huber +no +module dev\\.vecprop\\.examples\\.huber \\(.*huber-loss-1\\.0\\.0\\.jar\\)$")
                .matcher(r.out()).find(), r.out());
    }

    @Test
    void gradcheckPassesForEveryOutputActivation() throws Exception {
        Run r = vecprop("gradcheck", "--plugin-path", plugins.toString(), "--loss", "huber");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("5 of 5 checks passed"), r.out());
    }

    @Test
    void trainLearnsARegressionWithIt() throws Exception {
        // Petal width of 150 iris flowers from their other three measurements (standard deviation 0.76 cm).
        Run r = vecprop("train", "--plugin-path", plugins.toString(), "--loss", "huber",
                "--data", Path.of("src", "it-data", "iris-numeric.csv").toString(), "--targets", "petal_width",
                "--layers", "3,8,1", "--hidden", "tanh", "--scale", "standard", "--test-split", "0.2",
                "--epochs", "30", "--quiet");
        assertEquals(0, r.code(), r.out());
        Matcher m = Pattern.compile("(?m)^test RMSE ([0-9.]+)$").matcher(r.out());
        assertTrue(m.find(), r.out());
        double rmse = Double.parseDouble(m.group(1));
        assertTrue(rmse < 0.3, "test RMSE " + rmse + "\n" + r.out());
    }
}
