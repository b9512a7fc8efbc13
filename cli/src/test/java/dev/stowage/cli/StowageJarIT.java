package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real shaded {@code stowage.jar} as a separate process, the way {@code ./stowage} does. */
class StowageJarIT {
    private static final String VERSION = System.getProperty("stowage.expectedVersion");

    @TempDir
    Path output;

    @Test
    void refOfAShortNamePrintsTheFullyQualifiedNameWithoutATag() throws Exception {
        StowageProcess.Result result = stowage("ref", "nginx");

        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().lines().anyMatch("reference:  docker.io/library/nginx"::equals), result.out());
        assertFalse(result.out().contains("latest"), result.out());
    }

    @Test
    void versionPrintsTheBuildVersion() throws Exception {
        StowageProcess.Result result = stowage("--version");

        assertEquals(0, result.exitCode(), result.err());
        assertEquals("stowage " + VERSION, result.out().strip());
    }

    @Test
    void invalidReferenceExits2WithOneErrorLine() throws Exception {
        StowageProcess.Result result = stowage("ref", "Nginx");

        assertEquals(2, result.exitCode());
        assertEquals("", result.out());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().contains("\"Nginx\""), result.err());
    }

    @Test
    void jsonOutputWorksFromTheShadedJar() throws Exception {
        StowageProcess.Result result = stowage("ref", "--json", "nginx:1.21");

        assertEquals(0, result.exitCode(), result.err());
        assertEquals("nginx:1.21", new ObjectMapper().readTree(result.out()).get(0).get("familiar").asText());
    }

    @Test
    void anUnknownCommandIsDockersOneLineAndAPointerToHelp() throws Exception {
        // a docker command Stowage does not have (it needs a container runtime)
        StowageProcess.Result result = stowage("exec", "-it", "app", "sh");

        assertEquals(2, result.exitCode());
        assertEquals("", result.out());
        assertEquals("stowage: 'exec' is not a stowage command.\nSee 'stowage --help'.\n", result.err());
    }

    @Test
    void aMistypedCommandGetsTheCloseOneSuggested() throws Exception {
        StowageProcess.Result result = stowage("imgaes");

        assertEquals(2, result.exitCode());
        assertEquals("stowage: 'imgaes' is not a stowage command.\nDid you mean this?\n\timages\nSee 'stowage --help'.\n",
                result.err());
    }

    @Test
    void anUnknownCommandOfAGroupNamesTheGroup() throws Exception {
        StowageProcess.Result result = stowage("image", "lss");

        assertEquals(2, result.exitCode());
        assertEquals("stowage: 'lss' is not a stowage image command.\nDid you mean this?\n\tls\nSee 'stowage image --help'.\n",
                result.err());
    }

    @Test
    void theHelpOfImageLsAndImageRmNamesThemAsTheyAreCalled() throws Exception {
        assertTrue(stowage("image", "ls", "--help").out().startsWith("Usage: stowage image ls "));
        assertTrue(stowage("image", "rm", "--help").out().startsWith("Usage: stowage image rm "));
        assertTrue(stowage("images", "--help").out().startsWith("Usage: stowage images "));
    }

    private StowageProcess.Result stowage(String... args) throws IOException, InterruptedException {
        return StowageProcess.run(output, Map.of(), args);
    }
}
