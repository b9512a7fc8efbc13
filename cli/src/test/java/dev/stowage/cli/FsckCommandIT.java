package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.TestImage;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.spi.ImageRecord;
import dev.stowage.store.FileImageStore;
import dev.stowage.testkit.Skopeo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stowage fsck} on the real jar: clean stores pass, damaged blobs are named by full digest. */
class FsckCommandIT {
    private static final String REF = "127.0.0.1:5000/app:1";

    @TempDir
    Path scratch;
    @TempDir
    Path store;

    private Descriptor storeImageAndReturnItsLayer() {
        try (FileImageStore s = FileImageStore.open(store)) {
            TestImage.created("2024-01-01T00:00:00Z").layer(4000, 1, "ADD rootfs.tar /").storeIn(s, REF);
            ImageRecord image = s.resolve(REF).orElseThrow();
            return ((ImageManifest) s.manifest(image.digest())).layers().get(0);
        }
    }

    private StowageProcess.Result fsck(Path dir) throws Exception {
        return StowageProcess.run(scratch, Map.of(), "--store", dir.toString(), "fsck");
    }

    private Path blobFile(Descriptor blob) {
        return store.resolve("blobs").resolve(blob.digest().algorithm()).resolve(blob.digest().hex());
    }

    @Test
    void cleanStorePassesWithExitZero() throws Exception {
        storeImageAndReturnItsLayer();

        StowageProcess.Result result = fsck(store);

        assertEquals(0, result.exitCode(), result.out() + result.err());
        assertTrue(result.out().contains("0 problems"), result.out());
    }

    @Test
    void corruptBlobFailsNamingItsFullDigest() throws Exception {
        Descriptor layer = storeImageAndReturnItsLayer();
        Files.write(blobFile(layer), new byte[] {1, 2, 3});

        StowageProcess.Result result = fsck(store);

        assertNotEquals(0, result.exitCode());
        assertTrue(result.out().contains(layer.digest().toString()), result.out());
    }

    @Test
    void missingBlobFailsNamingItsFullDigest() throws Exception {
        Descriptor layer = storeImageAndReturnItsLayer();
        Files.delete(blobFile(layer));

        StowageProcess.Result result = fsck(store);

        assertNotEquals(0, result.exitCode());
        assertTrue(result.out().contains(layer.digest().toString()), result.out());
    }

    @Test
    void layoutWrittenBySkopeoWithoutStowageMetadataPasses() throws Exception {
        storeImageAndReturnItsLayer();
        Path copied = scratch.resolve("skopeo-layout");
        Skopeo.locate().copy("oci:" + store + ":" + REF, "oci:" + copied + ":app", "--preserve-digests");
        assertFalse(Files.exists(copied.resolve("stowage")), "skopeo wrote no Stowage metadata");

        StowageProcess.Result result = fsck(copied);

        assertEquals(0, result.exitCode(), result.out() + result.err());
        assertTrue(result.out().contains("0 problems"), result.out());
    }
}
