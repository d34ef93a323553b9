package dev.vecprop.core;

import dev.vecprop.spi.Activation;
import dev.vecprop.spi.LossFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.spi.ToolProvider;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loss plugins loaded from jars in a folder, as a third party would ship them: built here from source
 * against core alone, a modular jar in a layer of its own, a plain jar through META-INF/services, and the
 * faults a plugin can have, each named with its jar.
 */
class PluginLoadingTest {

    @TempDir
    static Path dir;
    static Path plugins;

    private static final String LOSS_BODY = """
            public String name() { return "%s"; }
            public double value(double[] y, double[] t) {
                double s = 0;
                for (int k = 0; k < y.length; k++) { double d = y[k] - t[k]; s += %s; }
                return s;
            }
            public void gradient(double[] y, double[] t, double[] g) {
                for (int k = 0; k < y.length; k++) { double d = y[k] - t[k]; g[k] = %s; }
            }
            """;

    @BeforeAll
    static void buildPlugins() throws Exception {
        plugins = Files.createDirectories(dir.resolve("plugins"));
        Path core = Path.of(LossFunction.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        // A modular plugin: module-info with provides, and nothing else.
        jar("a-cube-modular.jar", core, true, Map.of(
                "module-info.java", "module test.cube { requires dev.vecprop.core; "
                        + "provides dev.vecprop.spi.LossFunction with test.cube.Cube; }",
                "test/cube/Cube.java", "package test.cube; public class Cube implements dev.vecprop.spi.LossFunction {"
                        + LOSS_BODY.formatted("cube", "Math.abs(d * d * d) / 3", "d * Math.abs(d)") + "}"),
                null);
        // A plain jar: META-INF/services only.
        jar("b-quartic-plain.jar", core, false, Map.of(
                "test/quartic/Quartic.java", "package test.quartic; public class Quartic implements dev.vecprop.spi.LossFunction {"
                        + LOSS_BODY.formatted("quartic", "d * d * d * d / 4", "d * d * d") + "}"),
                "test.quartic.Quartic");
        // Faults: garbage, a provider that cannot be created, a name taken twice, a NaN, a throw.
        Files.write(plugins.resolve("c-broken.jar"), "this is not a zip file".getBytes(StandardCharsets.UTF_8));
        jar("d-throws-on-create.jar", core, false, Map.of(
                "test/bad/Bad.java", "package test.bad; public class Bad implements dev.vecprop.spi.LossFunction {"
                        + "public Bad() { throw new IllegalStateException(\"no licence key\"); }"
                        + LOSS_BODY.formatted("bad", "d", "1") + "}"),
                "test.bad.Bad");
        jar("e-cube-again.jar", core, false, Map.of(
                "test/again/Cube.java", "package test.again; public class Cube implements dev.vecprop.spi.LossFunction {"
                        + LOSS_BODY.formatted("cube", "d * d", "2 * d") + "}"),
                "test.again.Cube");
        jar("f-nan.jar", core, false, Map.of(
                "test/nan/Nan.java", "package test.nan; public class Nan implements dev.vecprop.spi.LossFunction {"
                        + LOSS_BODY.formatted("nan", "Double.NaN", "d") + "}"),
                "test.nan.Nan");
        jar("g-throws.jar", core, false, Map.of(
                "test/thrower/Thrower.java", "package test.thrower; public class Thrower implements dev.vecprop.spi.LossFunction {"
                        + LOSS_BODY.formatted("thrower", "d", "1").replace("double s = 0;", "if (y.length > 0) throw new ArithmeticException(\"boom\"); double s = 0;") + "}"),
                "test.thrower.Thrower");
    }

    @Test
    void modularAndPlainPluginsAreFoundWithTheirJars() {
        LossRegistry registry = LossRegistry.withPlugins(List.of(plugins));
        assertTrue(registry.names().containsAll(List.of("quartic", "nan", "thrower")), registry.names().toString());
        LossFunction quartic = registry.get("quartic");
        assertTrue(LossRegistry.origin(quartic).endsWith("b-quartic-plain.jar)"), LossRegistry.origin(quartic));
        // The modular plugin lives in a named module of a layer of its own.
        LossFunction cube = registry.all().stream().filter(l -> l.name().equals("cube")).findFirst().orElseThrow();
        assertEquals("test.cube", cube.getClass().getModule().getName());
        assertTrue(cube.getClass().getModule().getLayer() != ModuleLayer.boot());
        assertTrue(LossRegistry.origin(cube).startsWith("module test.cube ("), LossRegistry.origin(cube));
    }

    @Test
    void pluginsCheckAndTrainLikeBuiltInOnes() {
        LossRegistry registry = LossRegistry.withPlugins(List.of(plugins));
        LossFunction quartic = registry.get("quartic");
        assertTrue(GradientCheck.check(quartic, Activation.TANH, Activation.IDENTITY, new int[]{3, 4, 2}, 1).passed());
        FeedForwardNetwork net = FeedForwardNetwork.builder(1).layer(8, Activation.TANH).layer(1, Activation.IDENTITY).seed(2).build();
        float[][] x = new float[20][1];
        float[][] t = new float[20][1];
        for (int i = 0; i < 20; i++) {
            x[i][0] = i / 10f - 1;
            t[i][0] = x[i][0] * x[i][0];
        }
        Dataset data = Dataset.of(x, t);
        List<EpochReport> reports = new Trainer(net, quartic, TrainingOptions.defaults().withEpochs(200).withLearningRate(0.5f))
                .fit(data, null, null);
        assertTrue(reports.getLast().train().loss() < 0.1 * reports.getFirst().train().loss());
    }

    @Test
    void brokenJarsAreReportedAndSkippedWithoutHarmingTheOthers() {
        List<String> problems = LossRegistry.withPlugins(List.of(plugins)).problems();
        assertTrue(has(problems, "c-broken.jar cannot be loaded, skipped"), problems.toString());
        assertTrue(has(problems, "d-throws-on-create.jar") && has(problems, "no licence key"), problems.toString());
        assertEquals(3, problems.size(), problems.toString());
    }

    @Test
    void aFolderNamedTwiceIsReadOnce() {
        LossRegistry twice = LossRegistry.withPlugins(List.of(plugins, plugins.resolve("..").resolve(plugins.getFileName())));
        assertEquals(LossRegistry.withPlugins(List.of(plugins)).problems(), twice.problems());
        assertEquals("quartic", twice.get("quartic").name());
    }

    @Test
    void aNameClaimedTwiceIsAnErrorNamingBothJars() {
        LossRegistry registry = LossRegistry.withPlugins(List.of(plugins));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.get("cube"));
        assertTrue(e.getMessage().startsWith("several loss plugins are named 'cube': module test.cube ("), e.getMessage());
        assertTrue(e.getMessage().contains("e-cube-again.jar"), e.getMessage());
        assertTrue(has(registry.problems(), "several loss plugins are named 'cube'"));
    }

    /** Two classes of one jar claiming one name: the jar alone would not say which two. */
    @Test
    void aNameClaimedTwiceInOneJarNamesBothClasses() throws Exception {
        Path core = Path.of(LossFunction.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String body = LOSS_BODY.formatted("pair", "d * d", "2 * d");
        jar("pair.jar", core, false, Map.of(
                "test/pair/One.java", "package test.pair; public class One implements dev.vecprop.spi.LossFunction {" + body + "}",
                "test/pair/Two.java", "package test.pair; public class Two implements dev.vecprop.spi.LossFunction {" + body + "}"),
                "test.pair.One\ntest.pair.Two");
        Path folder = Files.createDirectories(dir.resolve("pair"));
        Path jar = Files.move(plugins.resolve("pair.jar"), folder.resolve("pair.jar"));
        LossRegistry registry = LossRegistry.withPlugins(List.of(folder));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.get("pair"));
        assertEquals("several loss plugins are named 'pair': class path (" + jar + "), class test.pair.One and class path ("
                + jar + "), class test.pair.Two", e.getMessage());
    }

    /** A services entry naming a class the jar lacks is skipped with the jar named; the jar's other losses load. */
    @Test
    void aServicesEntryThatCannotBeLoadedSkipsThatEntryOnly() throws Exception {
        Path core = Path.of(LossFunction.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        jar("half.jar", core, false, Map.of(
                "test/half/Half.java", "package test.half; public class Half implements dev.vecprop.spi.LossFunction {"
                        + LOSS_BODY.formatted("half", "d * d / 2", "d") + "}",
                "test/half/Other.java", "package test.half; public class Other {}"),
                "test.half.Gone\ntest.half.Half\ntest.half.Other");
        Path folder = Files.createDirectories(dir.resolve("half"));
        Path jar = Files.move(plugins.resolve("half.jar"), folder.resolve("half.jar"));
        LossRegistry registry = LossRegistry.withPlugins(List.of(folder));
        assertTrue(registry.names().contains("half"), registry.names().toString());
        List<String> problems = registry.problems();
        assertEquals(2, problems.size(), problems.toString());
        assertEquals("plugin " + jar + ": a loss provider cannot be loaded, skipped: Provider test.half.Gone not found",
                problems.get(0));
        assertEquals("plugin " + jar + ": a loss provider cannot be loaded, skipped: test.half.Other not a subtype",
                problems.get(1));
    }

    /**
     * A services entry whose class cannot be defined (its superclass is missing from the jar) is skipped as an entry
     * that names no class is: the jar's other losses load, and two entries missing one class are reported once.
     */
    @Test
    void aServicesEntryWhoseClassCannotBeDefinedSkipsThatEntryOnly() throws Exception {
        Path core = Path.of(LossFunction.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        jar("link.jar", core, false, Map.of(
                "test/link/Base.java", "package test.link; public abstract class Base implements dev.vecprop.spi.LossFunction {}",
                "test/link/A.java", "package test.link; public class A extends Base {" + LOSS_BODY.formatted("link-a", "d", "1") + "}",
                "test/link/B.java", "package test.link; public class B extends Base {" + LOSS_BODY.formatted("link-b", "d", "1") + "}",
                "test/link/Fine.java", "package test.link; public class Fine implements dev.vecprop.spi.LossFunction {"
                        + LOSS_BODY.formatted("link-fine", "d * d / 2", "d") + "}"),
                "test.link.A\ntest.link.B\ntest.link.Fine");
        Path folder = Files.createDirectories(dir.resolve("link"));
        Path jar = folder.resolve("link.jar");
        // The jar without its Base class, as a plugin built against a library it does not ship.
        try (java.util.jar.JarInputStream in = new java.util.jar.JarInputStream(Files.newInputStream(plugins.resolve("link.jar")));
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (JarEntry e; (e = in.getNextJarEntry()) != null; ) {
                if (!e.getName().equals("test/link/Base.class")) {
                    out.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        Files.delete(plugins.resolve("link.jar"));
        LossRegistry registry = LossRegistry.withPlugins(List.of(folder));
        assertEquals(List.of("link-fine"), registry.names().stream().filter(n -> n.startsWith("link")).toList());
        assertEquals(List.of("plugin " + jar + ": a loss provider cannot be loaded, skipped: NoClassDefFoundError: "
                + "test/link/Base"), registry.problems());
    }

    /**
     * A plain plugin's loader reads the loss services file of its own jar alone, but the other services files as
     * any class loader does, its parent's included: a library inside the plugin may look up its own services.
     */
    @Test
    void aPlainPluginsLoaderHidesOnlyItsParentsLossServices() throws Exception {
        ClassLoader loader = LossRegistry.withPlugins(List.of(plugins)).get("quartic").getClass().getClassLoader();
        String other = "META-INF/services/org.junit.platform.engine.TestEngine";
        List<java.net.URL> parents = java.util.Collections.list(loader.getParent().getResources(other));
        assertTrue(!parents.isEmpty(), other);
        assertEquals(parents, java.util.Collections.list(loader.getResources(other)));
        List<java.net.URL> losses = java.util.Collections.list(loader.getResources("META-INF/services/"
                + LossFunction.class.getName()));
        assertEquals(1, losses.size(), losses.toString());
        assertTrue(losses.getFirst().toString().contains("b-quartic-plain.jar"), losses.toString());
    }

    @Test
    void aPluginThatReturnsNanOrThrowsIsNamedWhenTrainingUsesIt() {
        LossRegistry registry = LossRegistry.withPlugins(List.of(plugins));
        for (String name : new String[]{"nan", "thrower"}) {
            FeedForwardNetwork net = FeedForwardNetwork.builder(2).layer(2, Activation.SIGMOID).build();
            Trainer trainer = new Trainer(net, registry.get(name), TrainingOptions.defaults());
            LossPluginException e = assertThrows(LossPluginException.class,
                    () -> trainer.step(new float[]{1, 2}, new float[]{0, 1}, 1));
            assertTrue(e.getMessage().startsWith("loss plugin '" + name + "' (class path ("), e.getMessage());
            assertTrue(e.getMessage().contains(name.equals("nan") ? "f-nan.jar" : "g-throws.jar"), e.getMessage());
            assertTrue(e.getMessage().contains(name.equals("nan") ? "returned the value NaN" : "ArithmeticException: boom"), e.getMessage());
        }
    }

    @Test
    void aCopyOfAJarInAnotherFolderIsReadOnce() throws IOException {
        Path copies = Files.createDirectories(dir.resolve("copies"));
        for (String name : List.of("a-cube-modular.jar", "b-quartic-plain.jar", "c-broken.jar")) {
            Files.copy(plugins.resolve(name), copies.resolve("copy-of-" + name));
        }
        LossRegistry both = LossRegistry.withPlugins(List.of(plugins, copies));
        assertEquals(LossRegistry.withPlugins(List.of(plugins)).problems(), both.problems());
        assertEquals("quartic", both.get("quartic").name());
        assertEquals(1, both.all().stream().filter(l -> l.name().equals("quartic")).count());
    }

    /**
     * A copy, in a plugin folder, of the jar of a loss found before (the built-in losses' jar on the module path,
     * copied into plugins/) is read once too, not a clash of every one of its losses with itself.
     */
    @Test
    void aCopyOfTheJarOfALossFoundBeforeIsNotReadAgain() throws IOException {
        Path copies = Files.createDirectories(dir.resolve("copies-of-found"));
        for (String name : List.of("a-cube-modular.jar", "b-quartic-plain.jar")) {
            Files.copy(plugins.resolve(name), copies.resolve("copy-of-" + name));
        }
        LossRegistry first = LossRegistry.withPlugins(List.of(plugins));
        List<LossFunction> found = first.all();
        LossRegistry again = LossRegistry.withPlugins(found, List.of(copies), new ArrayList<>());
        // The clashes among the first folder's own jars stay; none is of a copy.
        assertEquals(first.problems().stream().filter(p -> p.startsWith("several")).toList(), again.problems());
        assertEquals(found, again.all());
        assertSame(first.get("quartic"), again.get("quartic"));
    }

    /**
     * The loading failures with one answer say it: a modular jar whose loss is in its services file alone, classes
     * for a newer Java; an unknown loss names the first plugin problem, which may be why.
     */
    @Test
    void aPluginThatCannotBeLoadedSaysWhatItsAuthorCanDo() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("advice"));
        Path core = Path.of(LossFunction.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        jar(folder, "services-only.jar", core, true, Map.of(
                "module-info.java", "module test.services { requires dev.vecprop.core; }",
                "test/services/Sq.java", "package test.services; public class Sq implements dev.vecprop.spi.LossFunction {"
                        + LOSS_BODY.formatted("sq", "d * d / 2", "d") + "}"),
                "test.services.Sq");
        Path newer = Files.createDirectories(dir.resolve("advice-newer-src"));
        // Modular: a plain jar's classes fail in the JDK's own words, which say it already.
        modularJar(newer, "newer.jar", core, "newer", "sqn", false);
        // The class files' major version (bytes 6 and 7) raised past this JVM's.
        int major = 44 + Runtime.version().feature() + 1;
        try (java.util.jar.JarFile in = new java.util.jar.JarFile(newer.resolve("newer.jar").toFile());
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(folder.resolve("newer.jar")))) {
            for (JarEntry e : java.util.Collections.list(in.entries())) {
                byte[] bytes = in.getInputStream(e).readAllBytes();
                if (e.getName().endsWith(".class")) {
                    bytes[6] = (byte) (major >> 8);
                    bytes[7] = (byte) major;
                }
                out.putNextEntry(new JarEntry(e.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        }
        // A module that requires a library module, built beside it but not in the plugin folder.
        Path libs = Files.createDirectories(dir.resolve("advice-libs"));
        jar(libs, "mathlib.jar", core, true, Map.of(
                "module-info.java", "module test.mathlib { exports test.mathlib; }",
                "test/mathlib/M.java", "package test.mathlib; public class M { public static double sq(double d) { return d * d; } }"),
                null);
        jar(folder, "needs-lib.jar", Path.of(core + java.io.File.pathSeparator + libs.resolve("mathlib.jar")), true,
                Map.of("module-info.java", "module test.needslib { requires dev.vecprop.core; requires test.mathlib; "
                                + "provides dev.vecprop.spi.LossFunction with test.needslib.L; }",
                        "test/needslib/L.java", "package test.needslib; public class L implements dev.vecprop.spi.LossFunction {"
                                + LOSS_BODY.formatted("needslib", "test.mathlib.M.sq(d) / 2", "d") + "}"),
                null);
        LossRegistry registry = LossRegistry.withPlugins(List.of(folder));
        List<String> problems = registry.problems();
        assertTrue(problems.stream().anyMatch(p -> p.contains("needs-lib.jar") && p.endsWith("(a plugin's module layer "
                + "holds its jar alone: the libraries it needs go inside its jar, docs/plugins.md)")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("services-only.jar provides no "
                + "dev.vecprop.spi.LossFunction (a modular jar's META-INF/services file is not read: its module-info "
                + "declares the loss, 'provides dev.vecprop.spi.LossFunction with ...'); skipped")), problems.toString());
        int feature = Runtime.version().feature();
        assertTrue(problems.stream().anyMatch(p -> p.contains("newer.jar") && p.endsWith("(its classes are for a newer "
                + "Java than this JVM's " + feature + ": compile it with --release " + feature + " or lower)")),
                problems.toString());
        String unknown = assertThrows(IllegalArgumentException.class, () -> registry.get("sqn")).getMessage();
        assertTrue(unknown.contains("; " + problems.size() + " plugin problems, the first: "
                + problems.getFirst()), unknown);
    }

    @Test
    @SuppressWarnings("unchecked")
    void withCoreOnTheClassPathAModularJarIsReadThroughItsServicesFileAndOneWithoutSaysSo() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("core-on-class-path"));
        Path core = Path.of(LossFunction.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        modularJar(folder, "provides-only.jar", core, "provonly", "provonly", false);
        modularJar(folder, "both.jar", core, "both", "both", true);
        // Core's classes again, in the unnamed module of a loader of their own: core on the class path. The
        // loader looks in its own path first for them, as the JDK's loaders would hand out the named module's.
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[]{core.toUri().toURL()},
                ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (!name.startsWith("dev.vecprop.")) {
                    return super.loadClass(name, resolve);
                }
                synchronized (getClassLoadingLock(name)) {
                    Class<?> c = findLoadedClass(name);
                    return c != null ? c : findClass(name);
                }
            }
        }) {
            Class<?> registryClass = Class.forName(LossRegistry.class.getName(), true, loader);
            assertFalse(registryClass.getModule().isNamed());
            Object registry = registryClass.getMethod("withPlugins", List.class).invoke(null, List.of(folder));
            List<String> names = (List<String>) registryClass.getMethod("names").invoke(registry);
            List<String> problems = (List<String>) registryClass.getMethod("problems").invoke(registry);
            assertTrue(names.contains("both"), names.toString());
            assertFalse(names.contains("provonly"), names.toString());
            assertEquals(List.of("plugin " + folder.resolve("provides-only.jar") + " provides no "
                    + "dev.vecprop.spi.LossFunction (vecprop's core is on the class path, where a plugin's module-info "
                    + "is not read: a jar there names its losses in META-INF/services/dev.vecprop.spi.LossFunction, "
                    + "which this one lacks; or put vecprop on the module path); skipped"), problems);
        }
    }

    @Test
    void twoLossesOfOneNameClashEvenOfOneClass() {
        LossFunction a = new ApiRefusalsTest.Squared("sq");
        LossRegistry twice = LossRegistry.of(List.of(a, a));
        assertEquals(List.of(), twice.problems(), "one loss given twice is given once");
        assertEquals(List.of(a), twice.all());
        LossFunction b = new ApiRefusalsTest.Squared("sq");
        LossRegistry two = LossRegistry.of(List.of(a, b));
        assertEquals(1, two.problems().size(), two.problems().toString());
        assertTrue(two.problems().getFirst().startsWith("several loss plugins are named '" + a.name() + "'"),
                two.problems().toString());
    }

    /**
     * A modular plugin that requires a JDK module the JVM was started without cannot have it in its layer (java.*
     * modules belong to the JDK's class loaders): the report says which module, and how to add it.
     */
    @Test
    void aPluginRequiringAJdkModuleOutsideTheModuleGraphSaysWhichAndHow() throws Exception {
        // A JDK module outside this JVM's graph: the incubator's, unless the tests were started with it, as they
        // are without --add-modules ALL-SYSTEM.
        List<String> outside = java.lang.module.ModuleFinder.ofSystem().findAll().stream()
                .map(m -> m.descriptor().name())
                .filter(n -> ModuleLayer.boot().findModule(n).isEmpty())
                .sorted().toList();
        assertFalse(outside.isEmpty(), "every module of the JDK is in the test JVM's module graph");
        String missing = outside.contains("jdk.incubator.vector") ? "jdk.incubator.vector" : outside.getFirst();
        Path folder = Files.createDirectories(dir.resolve("needs-jdk"));
        Path core = Path.of(LossFunction.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        jar(folder, "needs.jar", core, true, Map.of(
                "module-info.java", "module test.needs { requires dev.vecprop.core; requires " + missing + "; "
                        + "provides dev.vecprop.spi.LossFunction with test.needs.Needs; }",
                "test/needs/Needs.java", "package test.needs; public class Needs implements dev.vecprop.spi.LossFunction {"
                        + LOSS_BODY.formatted("needs", "d * d", "2 * d") + "}"),
                null);
        List<String> problems = LossRegistry.withPlugins(List.of(folder)).problems();
        assertEquals(List.of("plugin " + folder.resolve("needs.jar") + " cannot be loaded, skipped: its module test.needs "
                + "requires the JDK module " + missing + ", which this JVM was not started with (add it with the java "
                + "option --add-modules " + missing + ")"), problems);
    }

    @Test
    void aGradientCheckNamesAValueThatIsNotFinite() {
        LossFunction nan = LossRegistry.withPlugins(List.of(plugins)).get("nan");
        LossPluginException e = assertThrows(LossPluginException.class,
                () -> GradientCheck.check(nan, Activation.TANH, Activation.IDENTITY, new int[]{3, 4, 2}, 1));
        assertTrue(e.getMessage().startsWith("loss plugin 'nan' (class path (")
                && e.getMessage().endsWith("f-nan.jar)) returned the value NaN from value for finite outputs and targets"),
                e.getMessage());
    }

    @Test
    void aMissingFolderIsAnError() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LossRegistry.withPlugins(List.of(dir.resolve("nowhere"))));
        assertEquals("plugin folder " + dir.resolve("nowhere") + " cannot be read: no such folder", e.getMessage());
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertEquals("plugin folder " + file + " cannot be read: not a folder", assertThrows(IllegalArgumentException.class,
                () -> LossRegistry.withPlugins(List.of(file))).getMessage());
    }

    private static boolean has(List<String> lines, String part) {
        return lines.stream().anyMatch(l -> l.contains(part));
    }

    /**
     * A modular plugin jar: module test.{@code pkg}, whose class Sq, a half squared error named {@code name}, it
     * provides in its module-info, and names in a services file too when {@code servicesFile} says so.
     */
    private static void modularJar(Path folder, String jarName, Path core, String pkg, String name, boolean servicesFile)
            throws IOException, URISyntaxException {
        jar(folder, jarName, core, true, Map.of(
                "module-info.java", "module test." + pkg + " { requires dev.vecprop.core; "
                        + "provides dev.vecprop.spi.LossFunction with test." + pkg + ".Sq; }",
                "test/" + pkg + "/Sq.java", "package test." + pkg + "; public class Sq implements "
                        + "dev.vecprop.spi.LossFunction {" + LOSS_BODY.formatted(name, "d * d / 2", "d") + "}"),
                servicesFile ? "test." + pkg + ".Sq" : null);
    }

    /** Compiles the sources against core and writes them, with a services file if asked, as a jar. */
    private static void jar(String name, Path core, boolean modular, Map<String, String> sources, String service)
            throws IOException, URISyntaxException {
        jar(plugins, name, core, modular, sources, service);
    }

    /** As above, into {@code folder}. */
    private static void jar(Path folder, String name, Path core, boolean modular, Map<String, String> sources,
                            String service) throws IOException, URISyntaxException {
        Path src = Files.createDirectories(dir.resolve("src-" + name));
        Path classes = Files.createDirectories(dir.resolve("classes-" + name));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-Xlint:none",
                modular ? "--module-path" : "--class-path", core.toString()));
        for (var e : sources.entrySet()) {
            Path file = src.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow();
        int rc = javac.run(System.err, System.err, args.toArray(String[]::new));
        assertEquals(0, rc, "compiling " + name);
        try (OutputStream out = Files.newOutputStream(folder.resolve(name)); JarOutputStream jar = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                jar.write(Files.readAllBytes(f));
                jar.closeEntry();
            }
            if (service != null) {
                jar.putNextEntry(new JarEntry("META-INF/services/dev.vecprop.spi.LossFunction"));
                jar.write((service + "\n").getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
    }
}
