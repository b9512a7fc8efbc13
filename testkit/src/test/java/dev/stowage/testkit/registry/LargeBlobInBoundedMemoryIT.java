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
 * A 1 GiB blob goes up to the in-process registry (blobs in a temporary directory) and back
 * down in a JVM whose whole heap is 64 MiB, client and registry together: neither side holds a
 * blob in memory.
 */
class LargeBlobInBoundedMemoryIT {
    private static final long ONE_GIB = 1L << 30;

    @Test
    void oneGibibyteBlobRoundTripsInA64MebibyteHeap(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("child.out");
        Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), LargeBlobRoundTrip.class.getName(),
                Long.toString(ONE_GIB)))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean finished = child.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        System.out.println(output); // the figures, for the report

        assertTrue(finished, "the round trip did not finish within 5 minutes:\n" + output);
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("round trip ok: " + ONE_GIB + " bytes"), output);
        assertTrue(output.contains("heap limit 6"), "the child's heap limit is 64 MiB (the JVM reports a little less): "
                + output);
    }
}
