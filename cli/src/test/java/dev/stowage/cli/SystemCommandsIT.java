package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.TestImage;
import dev.stowage.core.model.Digest;
import dev.stowage.core.spi.BlobIngest;
import dev.stowage.store.FileImageStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stowage system prune} and {@code system df} of the real jar on a file store holding two
 * tagged images (one under two names), a dangling one and a partial download of 3,000 bytes.
 */
class SystemCommandsIT {
    @TempDir
    Path scratch;
    @TempDir
    Path store;

    private TestImage.Stored dangling;
    private Digest partial;

    @BeforeEach
    void images() {
        try (FileImageStore s = FileImageStore.open(store)) {
            TestImage.created("2024-01-01T00:00:00Z").layer(4000, 1, "ADD rootfs.tar /").storeIn(s, "127.0.0.1:5000/app:1");
            TestImage.created("2024-02-01T00:00:00Z").layer(4000, 1, "ADD rootfs.tar /").layer(900, 2, "COPY app /app")
                    .storeIn(s, "127.0.0.1:5000/app:2", "app:latest");
            dangling = TestImage.created("2023-01-01T00:00:00Z").layer(700, 3, "ADD x").storeIn(s);
            byte[] content = new byte[10_000];
            new Random(4).nextBytes(content);
            partial = Digest.sha256(content);
            try (BlobIngest download = s.ingest(partial, content.length)) {
                download.append(new ByteArrayInputStream(content, 0, 3000)); // then the connection broke
            }
        }
    }

    private StowageProcess stowage() {
        return StowageProcess.in(scratch);
    }

    private static String[] withStore(Path store, String... args) {
        return Stream.concat(Stream.of("--store", store.toString()), Stream.of(args)).toArray(String[]::new);
    }

    private StowageProcess.Result run(String... args) throws IOException, InterruptedException {
        return stowage().run(withStore(store, args));
    }

    private List<String> names() throws IOException, InterruptedException {
        return run("images", "--format", "{{.Repository}}:{{.Tag}}").out().lines().toList();
    }

    @Test
    void pruneAsksWithDockersPromptListingWhatGoesAndTheFiltersAndANoKeepsEverything() throws Exception {
        StowageProcess.Result result = stowage().withStdin("n\n")
                .run(withStore(store, "system", "prune", "--filter", "until=24h", "--filter", "label=team=web"));

        assertEquals(1, result.exitCode());
        assertEquals("""
                WARNING! This will remove:
                  - all dangling images
                  - all partial downloads no running pull is writing
                  - all leases of processes that have ended
                  - all blobs no image references

                  Items to be pruned will be filtered with:
                  - until=24h
                  - label=team=web

                Are you sure you want to continue? [y/N]\s""", result.out());
        assertEquals("stowage: system prune has been cancelled\n", result.err());
        assertEquals(4, names().size());
        assertTrue(run("system", "df").out().contains("Partial Downloads   1 "), "the partial download stays");
    }

    @Test
    void pruneAllAsksAboutAllImages() throws Exception {
        StowageProcess.Result result = stowage().withStdin("\n").run(withStore(store, "system", "prune", "-a"));

        assertTrue(result.out().startsWith("WARNING! This will remove:\n  - all images not in use by a running operation\n"),
                result.out());
        assertEquals(1, result.exitCode());
    }

    @Test
    void pruneAnsweredYesRemovesTheDanglingImageAndThePartialDownloadAsDockerPrintsIt() throws Exception {
        StowageProcess.Result result = stowage().withStdin("y\n").run(withStore(store, "system", "prune"));

        assertEquals(0, result.exitCode(), result.err());
        String answer = result.out().substring(result.out().indexOf("[y/N] ") + "[y/N] ".length());
        assertEquals("Deleted Images:\n"
                + "deleted: " + dangling.id() + "\n"
                + "\n"
                + "Deleted partial downloads:\n"
                + partial + "\n"
                + "\n", answer.substring(0, answer.indexOf("Total reclaimed space: ")));
        assertTrue(answer.matches("(?s).*\nTotal reclaimed space: [0-9.]+kB\n"), answer);
        assertEquals(List.of("127.0.0.1:5000/app:2", "app:latest", "127.0.0.1:5000/app:1"), names());
        assertFalse(Files.exists(store.resolve("stowage/ingest/sha256-" + partial.hex())));
    }

    @Test
    void pruneAllForcedEmptiesTheStoreWithoutAsking() throws Exception {
        StowageProcess.Result result = run("system", "prune", "-a", "-f");

        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().startsWith("Deleted Images:\n"), result.out());
        assertTrue(result.out().contains("\nuntagged: 127.0.0.1:5000/app:2\n"), result.out());
        assertEquals(List.of(), names());
        try (Stream<Path> blobs = Files.walk(store.resolve("blobs"))) {
            assertEquals(List.of(), blobs.filter(Files::isRegularFile).toList());
        }
        assertTrue(run("system", "df").out().contains("Partial Downloads   0         0         0B        0B\n"),
                "nothing partial is left");
    }

    @Test
    void pruneWithAnUntilFilterKeepsTheRecentPartialDownload() throws Exception {
        StowageProcess.Result result = run("system", "prune", "-f", "--filter", "until=1h");

        assertEquals(0, result.exitCode(), result.err());
        assertFalse(result.out().contains("Deleted partial downloads:"), result.out());
        assertTrue(Files.exists(store.resolve("stowage/ingest/sha256-" + partial.hex())));
    }

    @Test
    void pruneWithABadFilterIsBadInputBeforeAnyQuestion() throws Exception {
        StowageProcess.Result result = run("system", "prune", "--filter", "until=yesterday");

        assertEquals(2, result.exitCode());
        assertEquals("", result.out());
        assertTrue(result.err().startsWith("stowage: "), result.err());
    }

    @Test
    void dfShowsPartialDownloadsWhereDockerShowsBuildCache() throws Exception {
        List<String> lines = run("system", "df").out().lines().toList();

        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("TYPE +TOTAL +ACTIVE +SIZE +RECLAIMABLE"), lines.get(0));
        assertTrue(lines.get(1).matches("Images +3 +0 +[0-9.]+kB +[0-9.]+kB \\(100%\\)"), lines.get(1));
        assertEquals("Partial Downloads   1         0         3kB       3kB", lines.get(2));
    }

    @Test
    void dfVerboseListsOneRowPerNameAsImagesDoesThenThePartialDownloads() throws Exception {
        List<String> lines = run("-v", "system", "df").out().lines().toList();

        assertEquals(List.of("Images space usage:", ""), lines.subList(0, 2));
        assertTrue(lines.get(2).matches("REPOSITORY +TAG +IMAGE ID +CREATED +SIZE +SHARED SIZE +UNIQUE SIZE +CONTAINERS"), lines.get(2));
        assertEquals(List.of("127.0.0.1:5000/app 2", "app latest", "127.0.0.1:5000/app 1", "<none> <none>"),
                lines.subList(3, 7).stream().map(l -> String.join(" ", List.of(l.split(" +")).subList(0, 2))).toList());
        assertEquals(List.of("", "Partial downloads usage: 3kB"), lines.subList(7, 9));
    }
}
