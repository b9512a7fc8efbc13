package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the registry commands refuse before asking any registry, and how login reads a password. */
class RegistryCommandsTest {

    private static void assertBadInput(CliRun run, String mentioned) {
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("", run.out());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains(mentioned), run.err());
    }

    @Test
    void lsOfAnImageWithATagIsBadInput() {
        assertBadInput(CliRun.of("ls", "127.0.0.1:5000/app:1"), "without a tag or digest");
    }

    @Test
    void blobWithoutADigestIsBadInput() {
        assertBadInput(CliRun.of("blob", "127.0.0.1:5000/app:1"), "REPO@DIGEST");
    }

    @Test
    void catalogOfARepositoryNameIsBadInput() {
        assertBadInput(CliRun.of("catalog", "nginx"), "\"nginx\"");
    }

    @Test
    void manifestWithAMalformedPlatformIsBadInput() {
        assertBadInput(CliRun.of("manifest", "127.0.0.1:5000/app:1", "--platform", "a/b/c/d"), "a/b/c/d");
    }

    @Test
    void loginWithoutAUserIsAUsageError() {
        CliRun run = CliRun.of("login", "127.0.0.1:5000", "--password-stdin");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--username"), run.err());
    }

    @Test
    void passwordOptionWithPasswordStdinIsOneUsageErrorLineWithoutThePassword() {
        CliRun run = CliRun.of("login", "127.0.0.1:5000", "-u", "u", "-p", "s3cret", "--password-stdin");

        assertBadInput(run, "--password and --password-stdin exclude each other");
        assertFalse(run.err().contains("s3cret"), run.err());
    }

    @Test
    void passwordFromStandardInputLosesOneTrailingNewline() throws Exception {
        assertEquals("secret", LoginCommand.passwordFrom(stdin("secret\n")));
        assertEquals("secret", LoginCommand.passwordFrom(stdin("secret\r\n")));
        assertEquals("secret", LoginCommand.passwordFrom(stdin("secret")));
    }

    @Test
    void passwordFromStandardInputKeepsInnerAndLeadingSpaceAndFurtherNewlines() throws Exception {
        assertEquals(" two words ", LoginCommand.passwordFrom(stdin(" two words \n")));
        assertEquals("secret\n", LoginCommand.passwordFrom(stdin("secret\n\n")));
    }

    private static ByteArrayInputStream stdin(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
