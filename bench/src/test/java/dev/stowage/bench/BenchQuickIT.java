package dev.stowage.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code bench/run --quick} as CI runs it, so the benchmark never rots: tiny images, one run of
 * every operation for both tools. It asserts that the table came out, never how fast anything was.
 */
class BenchQuickIT {
    @Test
    void quickRunPrintsOneTableNamingBothToolsAndDrawsItsChart() throws IOException, InterruptedException {
        Path log = Files.createTempFile("bench-quick", ".log");
        Path chart = Path.of("target", "benchmark.svg");
        Files.deleteIfExists(chart);
        // The jars this build made are used as they are: no build from inside the build.
        ProcessBuilder pb = new ProcessBuilder("./run", "--quick").redirectErrorStream(false)
                .redirectError(log.toFile());
        pb.environment().put("STOWAGE_BENCH_PREBUILT", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "bench/run --quick did not finish");
        System.out.println(out);
        assertEquals(0, p.exitValue(), () -> "bench/run --quick failed:\n" + read(log) + out);
        assertTrue(out.contains("|---|"), out);
        assertTrue(out.contains("| stowage (CLI) |") && out.contains("| stowage (in-process) |"), out);
        assertTrue(out.contains("| skopeo"), out);
        assertTrue(out.contains("| podman build (vfs) |"), out);
        String svg = Files.readString(chart);
        assertTrue(svg.startsWith("<svg") && svg.contains("<title>stowage (CLI): "), svg);
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
