package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.TestImage;
import dev.stowage.store.FileImageStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image commands of the real {@code stowage.jar}, run as processes on a file store, checked against docker's output contract. */
class ImageCommandsIT {
    @TempDir
    Path scratch;
    @TempDir
    Path store;

    @BeforeEach
    void images() {
        try (FileImageStore s = FileImageStore.open(store)) {
            TestImage.created("2024-01-01T00:00:00Z").layer(4000, 1, "ADD rootfs.tar /").storeIn(s, "127.0.0.1:5000/app:1");
            TestImage.created("2024-02-01T00:00:00Z").layer(4000, 1, "ADD rootfs.tar /").layer(900, 2, "COPY app /app")
                    .storeIn(s, "127.0.0.1:5000/app:2", "app:latest");
            TestImage.created("2023-01-01T00:00:00Z").layer(700, 3, "ADD x").storeIn(s);
        }
    }

    private StowageProcess.Result stowage(String... args) throws IOException, InterruptedException {
        String[] all = Stream.concat(Stream.of("--store", store.toString()), Stream.of(args)).toArray(String[]::new);
        return StowageProcess.run(scratch, Map.of(), all);
    }

    private List<Path> blobFiles() throws IOException {
        try (Stream<Path> files = Files.walk(store.resolve("blobs"))) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void repositoryColonTagFormatPrintsTheFamiliarNameWithRegistryAndPort() throws Exception {
        StowageProcess.Result result = stowage("images", "--format", "{{.Repository}}:{{.Tag}}");

        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().lines().anyMatch("127.0.0.1:5000/app:1"::equals), result.out());
        assertEquals(List.of("127.0.0.1:5000/app:2", "app:latest", "127.0.0.1:5000/app:1", "<none>:<none>"), result.out().lines().toList());
    }

    @Test
    void imagesTableHasDockersHeader() throws Exception {
        String header = stowage("images").out().lines().findFirst().orElseThrow();

        assertTrue(header.matches("REPOSITORY +TAG +IMAGE ID +CREATED +SIZE"), header);
    }

    @Test
    void pruneAllForcedEmptiesTheStoreAndEndsWithTotalReclaimedSpace() throws Exception {
        StowageProcess.Result prune = stowage("image", "prune", "-a", "-f");

        assertEquals(0, prune.exitCode(), prune.err());
        List<String> lines = prune.out().lines().toList();
        assertEquals("Deleted Images:", lines.get(0));
        assertTrue(lines.get(lines.size() - 1).matches("Total reclaimed space: [0-9.]+kB"), prune.out());
        assertEquals("", stowage("images", "-q").out());
        assertEquals(List.of(), blobFiles());
    }

    @Test
    void pruneWithoutForceAndNoAnswerIsCancelledAndRemovesNothing() throws Exception {
        StowageProcess.Result prune = stowage("image", "prune", "-a");

        assertEquals(1, prune.exitCode());
        assertTrue(prune.out().startsWith("WARNING! This will remove all images"), prune.out());
        assertTrue(prune.err().contains("image prune has been cancelled"), prune.err());
        assertEquals(4, stowage("images", "-q").out().lines().count());
    }

    @Test
    void rmiThenSystemDfShowsTheSmallerStore() throws Exception {
        long bytesBefore = blobBytes();
        List<String> before = dfImagesRow();
        assertEquals(HumanUnits.sizePrecise(bytesBefore), before.get(3), before.toString());

        StowageProcess.Result rmi = stowage("rmi", "127.0.0.1:5000/app:1");

        assertEquals(2, rmi.out().lines().count(), rmi.out());
        assertTrue(rmi.out().startsWith("Untagged: 127.0.0.1:5000/app:1\nDeleted: sha256:"), rmi.out());
        // The store on disk shrank (app:1's manifest and config; its layer is app:2's too), and SIZE shows it.
        long bytesAfter = blobBytes();
        assertTrue(bytesAfter < bytesBefore, bytesAfter + " bytes of blobs left of " + bytesBefore);
        List<String> after = dfImagesRow();
        assertEquals(List.of("Images", "2", "0", HumanUnits.sizePrecise(bytesAfter)), after.subList(0, 4), after.toString());
        assertNotEquals(before.get(3), after.get(3));
    }

    /** The {@code Images} row of {@code system df}, split into its columns (TYPE, TOTAL, ACTIVE, SIZE, RECLAIMABLE…). */
    private List<String> dfImagesRow() throws IOException, InterruptedException {
        StowageProcess.Result df = stowage("system", "df");
        assertEquals(0, df.exitCode(), df.err());
        return List.of(df.out().lines().skip(1).findFirst().orElseThrow().trim().split(" +"));
    }

    /** Bytes of the blob files in the store's directory. */
    private long blobBytes() throws IOException {
        long sum = 0;
        for (Path blob : blobFiles()) {
            sum += Files.size(blob);
        }
        return sum;
    }

    @Test
    void withoutStoreTheDefaultStoreIsStowageHome() throws Exception {
        Path home = scratch.resolve("home");

        StowageProcess.Result result = StowageProcess.run(scratch, Map.of("STOWAGE_HOME", home.toString()), "images", "-q");

        assertEquals(0, result.exitCode(), result.err());
        assertEquals("", result.out());
        assertTrue(Files.isRegularFile(home.resolve("oci-layout")), "a new layout was created in $STOWAGE_HOME");
    }
}
