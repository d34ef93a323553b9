package dev.vecprop.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** What every command has: {@code --verbose}, {@code --help}, and its output streams. */
@CommandLine.Command(mixinStandardHelpOptions = true, versionProvider = VecpropCommand.Version.class,
        sortOptions = false, usageHelpAutoWidth = true)
abstract class BaseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", description = "Print the stack trace of a failure.")
    boolean verbose;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A usage error (exit code 2) with this message. */
    CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    VecpropCommand root() {
        return (VecpropCommand) spec.root().userObject();
    }
}
