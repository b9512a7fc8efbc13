package dev.stowage.testkit.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-process registry needs no installed program: its tests run in a child JVM whose
 * {@code PATH} is an empty directory, with {@code CI} set so that anything looking for
 * {@code docker-registry} would fail instead of skipping.
 */
class InProcessRegistryNeedsNoBinaryIT {

    @Test
    void inProcessRegistryTestsPassWithNothingOnThePath(@TempDir Path dir) throws Exception {
        Path emptyBin = Files.createDirectories(dir.resolve("empty-bin"));
        Path out = dir.resolve("child.out");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SuiteOnBarePath.class.getName(),
                InProcessRegistryIT.class.getName()))
                .redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().put("PATH", emptyBin.toString());
        builder.environment().put("CI", "true");
        Process child = builder.start();
        boolean finished = child.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        System.out.println(output);

        assertTrue(finished, "the child did not finish within 5 minutes:\n" + output);
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains(InProcessRegistryIT.class.getName() + ": "), output);
    }
}
