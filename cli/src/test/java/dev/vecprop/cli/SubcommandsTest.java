package dev.vecprop.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Main builds only the subcommand a command line names first (picocli builds each from its annotations, which
 * every run would pay for all of them), and all of them otherwise: either way a command runs and helps alike.
 */
class SubcommandsTest {

    private static String[] runMain(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), false);
        return new String[]{String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void aNamedSubcommandIsTheOnlyOneBuiltAndBehavesAsWithAllOfThem() {
        CommandLine one = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                false, "predict");
        assertEquals(List.of("predict"), List.copyOf(one.getSubcommands().keySet()));
        assertTrue(one.getSubcommands().get("predict").getCommandSpec().findOption("--labels").hidden());
        for (String command : VecpropCommand.SUBCOMMANDS.keySet()) {
            if (command.equals("help")) {
                continue;
            }
            String[] lazy = runMain(command, "--help");
            CliRun all = CliRun.run(command, "--help");
            assertEquals("0", lazy[0], command + lazy[2]);
            assertEquals(all.out(), lazy[1], command);
        }
    }

    @Test
    void anythingElseGetsEverySubcommand() {
        CommandLine all = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                false, "--verbose");
        assertEquals(List.copyOf(VecpropCommand.SUBCOMMANDS.keySet()), List.copyOf(all.getSubcommands().keySet()));
        String[] help = runMain("--help");
        assertEquals("0", help[0], help[2]);
        assertTrue(help[1].contains("train") && help[1].contains("gradcheck") && help[1].contains("info"), help[1]);
        String[] typo = runMain("trian");
        assertEquals("2", typo[0]);
        assertTrue(typo[2].contains("train"), typo[2]);
        // --verbose before the command counts as after it.
        String[] verbose = runMain("--verbose", "train", "--data", "/no/such/vecprop.csv");
        assertEquals("1", verbose[0]);
        assertTrue(verbose[2].contains("\tat "), verbose[2]);
        String[] helpTrain = runMain("help", "train");
        assertEquals("0", helpTrain[0], helpTrain[2]);
        assertTrue(helpTrain[1].startsWith("Usage: vecprop train"), helpTrain[1]);
    }
}
