package dev.stowage.store.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.ImageManifest;
import dev.stowage.store.FileImageStore;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LargeLayerBuilderIT {
    private static final long SIZE = 300L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void aLayerFiveTimesTheHeapIsStreamedIntoTheStoreWithCorrectDigests() throws Exception {
        Path storeDir = dir.resolve("store");
        String[] printed = ChildJvm.run(dir, List.of("-Xmx64m"), FixtureImages.class, "large", storeDir.toString(),
                Long.toString(SIZE)).split(" ");
        try (FileImageStore store = FileImageStore.open(storeDir)) {
            ImageManifest manifest = (ImageManifest) store.manifest(
                    store.resolve(FixtureImages.APP).orElseThrow().digest());
            assertEquals(printed[0], manifest.digest().toString());
            Descriptor layer = manifest.layers().get(0);
            assertEquals(printed[1], layer.digest().toString());
            assertEquals(printed[1], StoredLayers.sha256(store.openBlob(layer.digest())).toString());
            assertEquals(printed[2], StoredLayers.sha256(StoredLayers.uncompressed(store, layer)).toString());
            try (TarArchiveInputStream tar = new TarArchiveInputStream(StoredLayers.uncompressed(store, layer))) {
                assertEquals("data/", tar.getNextEntry().getName());
                TarArchiveEntry big = tar.getNextEntry();
                assertEquals("data/big.bin", big.getName());
                assertEquals(SIZE, big.getSize());
                try (InputStream expected = FixtureImages.generated(SIZE)) {
                    assertEquals(StoredLayers.sha256(expected), StoredLayers.sha256(tar));
                }
            }
        }
    }
}
