package dev.vecprop.cli;

import dev.vecprop.spi.LossFunction;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/** Loss plugins built by the tests from source against core alone, as a third party builds one. */
final class TestPlugins {

    private TestPlugins() {
    }

    /**
     * Compiles {@code source}, the class {@code test.<name>.Loss}, and writes it to {@code <plugins>/<name>.jar}
     * as a plain jar declaring the service in META-INF/services; {@code work} holds the source and classes.
     */
    static Path plainJar(Path plugins, Path work, String name, String source) throws Exception {
        Path src = Files.createDirectories(work.resolve("src-" + name).resolve("test").resolve(name));
        Path classes = Files.createDirectories(work.resolve("classes-" + name));
        compile(name, classes, "--class-path", Files.writeString(src.resolve("Loss.java"), source));
        return jar(plugins.resolve(name + ".jar"), classes, "test." + name + ".Loss");
    }

    /**
     * Compiles {@code source}, the class {@code test.<name>.Loss}, as the module {@code test.<name>} (requiring
     * dev.vecprop.core, providing the service) and writes it to {@code <plugins>/<name>.jar}, a modular jar.
     */
    static Path modularJar(Path plugins, Path work, String name, String source) throws Exception {
        Path root = Files.createDirectories(work.resolve("msrc-" + name));
        Path src = Files.createDirectories(root.resolve("test").resolve(name));
        Path classes = Files.createDirectories(work.resolve("mclasses-" + name));
        Path info = Files.writeString(root.resolve("module-info.java"), "module test." + name
                + " { requires dev.vecprop.core; provides dev.vecprop.spi.LossFunction with test." + name + ".Loss; }");
        compile(name, classes, "--module-path", info, Files.writeString(src.resolve("Loss.java"), source));
        return jar(plugins.resolve(name + ".jar"), classes, null);
    }

    /** javac against core ({@code pathOption} names how core is given) into {@code classes}. */
    private static void compile(String name, Path classes, String pathOption, Path... sources) throws Exception {
        Path core = Path.of(LossFunction.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> args = new java.util.ArrayList<>(List.of("-d", classes.toString(), "-Xlint:none", pathOption,
                core.toString()));
        for (Path source : sources) {
            args.add(source.toString());
        }
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow();
        if (javac.run(System.err, System.err, args.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("compiling the test plugin " + name + " failed");
        }
    }

    /** {@code classes} as {@code jarFile}, declaring {@code service} in META-INF/services unless it is null. */
    private static Path jar(Path jarFile, Path classes, String service) throws Exception {
        try (OutputStream out = Files.newOutputStream(jarFile);
             JarOutputStream jar = new JarOutputStream(out); Stream<Path> files = Files.walk(classes)) {
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
        return jarFile;
    }
}
