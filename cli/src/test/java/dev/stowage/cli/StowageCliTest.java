package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StowageCliTest {
    private static final String VERSION = System.getProperty("stowage.expectedVersion");

    @Test
    void versionPrintsStowageAndTheBuildVersion() {
        CliRun run = CliRun.of("--version");

        assertEquals(0, run.exitCode());
        assertEquals("stowage " + VERSION + System.lineSeparator(), run.out());
    }

    @Test
    void subcommandsAcceptVersionToo() {
        CliRun run = CliRun.of("ref", "--version");

        assertEquals(0, run.exitCode());
        assertEquals("stowage " + VERSION + System.lineSeparator(), run.out());
    }

    @Test
    void onlyTheLoneVersionFlagIsAnsweredBeforePicocli() {
        assertTrue(StowageCli.versionOnly("--version"));
        assertTrue(StowageCli.versionOnly("-V"));
        assertFalse(StowageCli.versionOnly("-V", "-V"));
        assertFalse(StowageCli.versionOnly("--version", "--help"));
        assertFalse(StowageCli.versionOnly("ref", "--version"));
        assertFalse(StowageCli.versionOnly());
    }

    @Test
    void theVersionFlagTwiceIsAUsageErrorAsPicocliSays() {
        CliRun run = CliRun.of("-V", "-V");

        assertEquals(2, run.exitCode());
    }

    @Test
    void versionWithHelpPrintsTheHelpListingTheCommands() {
        CliRun run = CliRun.of("--version", "--help");

        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("Usage: stowage"), run.out());
        assertTrue(run.out().contains("pull"), run.out());
    }

    @Test
    void helpListsTheCommandsAndGlobalOptions() {
        CliRun run = CliRun.of("--help");

        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("Usage: stowage"), run.out());
        assertTrue(run.out().contains("ref"), run.out());
        assertTrue(run.out().contains("--verbose"), run.out());
    }

    @Test
    void subcommandHelpShowsItsOwnUsage() {
        CliRun run = CliRun.of("ref", "--help");

        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("Usage: stowage ref"), run.out());
        assertTrue(run.out().contains("--json"), run.out());
    }

    @Test
    void missingSubcommandIsAUsageError() {
        CliRun run = CliRun.of();

        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("Missing required subcommand"), run.err());
    }

    @Test
    void unknownOptionIsAUsageError() {
        CliRun run = CliRun.of("ref", "--no-such-option", "nginx");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--no-such-option"), run.err());
    }

    @Test
    void globalOptionIsAcceptedBeforeTheSubcommand() {
        assertEquals(0, CliRun.of("-v", "ref", "nginx").exitCode());
    }

    @Test
    void globalOptionIsAcceptedAfterTheSubcommand() {
        assertEquals(0, CliRun.of("ref", "nginx", "--verbose").exitCode());
    }

    @Test
    void globalOptionAfterTheSubcommandReachesTheTopCommand() {
        CommandLine commandLine = StowageCli.commandLine();

        commandLine.parseArgs("ref", "nginx", "-v");

        assertTrue(((StowageCli) commandLine.getCommand()).verbose());
    }

    @Test
    void verboseIsOffUnlessGiven() {
        CommandLine commandLine = StowageCli.commandLine();

        commandLine.parseArgs("ref", "nginx");

        assertFalse(((StowageCli) commandLine.getCommand()).verbose());
    }

    @Test
    void argumentsNamingASubcommandGetOnlyThatSubcommand() {
        CommandLine commandLine = StowageCli.commandLine("-v", "--store", "images", "pull", "nginx");

        assertEquals(List.of("pull"), List.copyOf(commandLine.getSubcommands().keySet()));
    }

    @Test
    void argumentsNamingNoKnownSubcommandGetThemAllForHelpAndSuggestions() {
        assertTrue(StowageCli.commandLine("pul").getSubcommands().keySet().containsAll(
                List.of("pull", "push", "image", "system", "registry", "blob", "demo")));
        assertEquals(StowageCli.commandLine().getSubcommands().keySet(),
                StowageCli.commandLine("--help").getSubcommands().keySet());
    }
}
