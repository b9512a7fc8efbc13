package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real shaded {@code stowage.jar} as a separate process, the way {@code ./stowage} does. */
class StowageJarIT {
    private static final Path JAR = Path.of(System.getProperty("stowage.jar"));
    private static final String VERSION = System.getProperty("stowage.expectedVersion");

    @TempDir
    Path output;

    @Test
    void refOfAShortNamePrintsTheFullyQualifiedNameWithoutATag() throws Exception {
        Result result = stowage("ref", "nginx");

        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().lines().anyMatch("reference:  docker.io/library/nginx"::equals), result.out());
        assertFalse(result.out().contains("latest"), result.out());
    }

    @Test
    void versionPrintsTheBuildVersion() throws Exception {
        Result result = stowage("--version");

        assertEquals(0, result.exitCode(), result.err());
        assertEquals("stowage " + VERSION, result.out().strip());
    }

    @Test
    void invalidReferenceExits2WithOneErrorLine() throws Exception {
        Result result = stowage("ref", "Nginx");

        assertEquals(2, result.exitCode());
        assertEquals("", result.out());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().contains("\"Nginx\""), result.err());
    }

    @Test
    void jsonOutputWorksFromTheShadedJar() throws Exception {
        Result result = stowage("ref", "--json", "nginx:1.21");

        assertEquals(0, result.exitCode(), result.err());
        assertEquals("nginx:1.21", new ObjectMapper().readTree(result.out()).get(0).get("familiar").asText());
    }

    private record Result(int exitCode, String out, String err) {
    }

    private Result stowage(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = output.resolve("out");
        Path err = output.resolve("err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("stowage " + String.join(" ", args) + " did not finish within 60 s");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
