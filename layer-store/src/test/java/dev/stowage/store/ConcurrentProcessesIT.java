package dev.stowage.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.VerifyReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two processes sharing one store: one storing and tagging, the other deleting and collecting. */
class ConcurrentProcessesIT {
    @TempDir
    Path dir;

    @Test
    void collectorInAnotherProcessNeverTakesAWritersImagesOrLeasedBlobs() throws Exception {
        Path storeDir = dir.resolve("store");
        FileImageStore store = FileImageStore.open(storeDir);
        for (int i = 0; i < 15; i++) {
            TestImages.Image img = TestImages.store(store, 1000 + i, 2000 + i);
            store.tag(img.manifest(), ImageReference.parse("old/app:" + i));
        }
        try (ChildJvm writer = new ChildJvm(dir.resolve("writer.log"), "churn", storeDir.toString(), "new/app", "7", "40");
             ChildJvm collector = new ChildJvm(dir.resolve("collector.log"), "collect", storeDir.toString(),
                     "docker.io/old/app", "60")) {
            assertEquals(0, writer.await(), Files.readString(dir.resolve("writer.log")));
            assertEquals(0, collector.await(), Files.readString(dir.resolve("collector.log")));
            Map<String, Digest> expected = new HashMap<>();
            for (String line : writer.lines()) {
                String[] f = line.split(" ");
                if (f[0].equals("TAGGED")) {
                    expected.put(f[1], Digest.parse(f[2]));
                } else if (f[0].equals("DELETING")) {
                    expected.remove(f[1]);
                }
            }
            assertEquals(3, expected.size(), writer.lines().toString());
            expected.forEach((ref, digest) -> assertEquals(digest, store.resolve(ref).orElseThrow().digest(), ref));
            assertTrue(collector.lines().stream().filter(l -> l.startsWith("DELETING")).count() >= 15);
        }
        assertFalse(store.images().stream().anyMatch(r -> r.tags().stream().anyMatch(t -> t.repository().equals("old/app"))));
        VerifyReport report = store.verify(false);
        assertTrue(report.isClean(), report.problems().toString());
    }
}
