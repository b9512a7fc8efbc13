package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    @TempDir
    Path scratch;

    @Test
    void aRegistryThatIsNotAHostIsAUsageErrorNamingIt() {
        CliRun run = CliRun.of("demo", "--store", scratch.resolve("store").toString(), "--registry", "demo/app");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("--registry 'demo/app' is not a registry host: give HOST[:PORT]"), run.err());
    }

    @Test
    void theImagesStayInTheStoreGiven() {
        Path store = scratch.resolve("store");

        CliRun demo = CliRun.of("demo", "--store", store.toString());
        CliRun images = CliRun.of("--store", store.toString(), "images", "--format", "{{.Repository}}:{{.Tag}}");

        assertEquals(0, demo.exitCode(), demo.err());
        assertEquals("demo/app:3\ndemo/app:2\ndemo/base:1\n", images.out());
    }
}
