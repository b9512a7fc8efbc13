package dev.stowage.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.VerifyReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes sharing one store: one storing and tagging, the other deleting and collecting,
 * at the same time (checked: collections end between the writer's first tag and its end).
 */
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
        // Both workers log to one shared file, which orders their facts; both run until "stop" exists.
        Path events = dir.resolve("events");
        Path stop = dir.resolve("stop");
        try (ChildJvm collector = new ChildJvm(dir.resolve("collector.log"), "collect", storeDir.toString(),
                "docker.io/old/app", "20", "--events", events.toString(), "--until", stop.toString())) {
            collector.awaitLines("COLLECTED", 1);
            try (ChildJvm writer = new ChildJvm(dir.resolve("writer.log"), "churn", storeDir.toString(), "new/app", "7",
                    "40", "--events", events.toString(), "--until", stop.toString())) {
                // The race is the point: the writer's images and leases meet collections.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                for (int seen = collector.count("COLLECTED"); collectionsDuringChurn(events) < 3; seen++) {
                    if (System.nanoTime() - deadline > 0) {
                        fail("no collection overlapped the writer's churn: " + Files.readAllLines(events));
                    }
                    try {
                        collector.awaitLines("COLLECTED", seen + 1);
                    } catch (AssertionError e) {
                        fail("no collection overlapped the writer's churn: " + Files.readAllLines(events), e);
                    }
                }
                writer.awaitLines("TAGGED", 40);
                Files.createFile(stop);

                assertEquals(0, writer.await(), Files.readString(dir.resolve("writer.log")));
                assertEquals(0, collector.await(), Files.readString(dir.resolve("collector.log")));
                assertTrue(collectionsDuringChurn(events) >= 3, "collections while the writer churned: "
                        + Files.readAllLines(events));
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
        }
        assertFalse(store.images().stream().anyMatch(r -> r.tags().stream().anyMatch(t -> t.repository().equals("old/app"))));
        VerifyReport report = store.verify(false);
        assertTrue(report.isClean(), report.problems().toString());
    }

    /**
     * How many collections ended after the writer's first tag and before its end (or now, if it
     * has not ended): the collector's work that overlapped the writer's.
     */
    private static long collectionsDuringChurn(Path events) throws IOException {
        List<String> lines = Files.exists(events) ? Files.readAllLines(events) : List.of();
        int firstTag = indexOf(lines, "churn TAGGED ", 0);
        if (firstTag < 0) {
            return 0;
        }
        int end = indexOf(lines, "churn DONE", firstTag);
        return lines.subList(firstTag, end < 0 ? lines.size() : end).stream()
                .filter(l -> l.startsWith("collect COLLECTED ")).count();
    }

    private static int indexOf(List<String> lines, String prefix, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
