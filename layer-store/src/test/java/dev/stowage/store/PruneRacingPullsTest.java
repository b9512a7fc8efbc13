package dev.stowage.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.ImageManager;
import dev.stowage.core.ImageNotFoundException;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.Lease;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls and dangling prunes in several threads on one file store, as the CLI soak runs them in
 * several processes. A pull names its image twice (repo digest, then tag) under a lease; between
 * the two the image is dangling, and a prune that judged it on a look taken then, deleting after
 * the lease ended, took the tag the pull had reported written.
 */
class PruneRacingPullsTest {
    private static final int PULLERS = 3;
    private static final int ROUNDS = 40;

    @TempDir
    Path dir;

    @Test
    void danglingPrunesNeverTakeANameAFinishedPullWrote() throws Exception {
        FileImageStore store = FileImageStore.open(dir);
        ImageManager images = ImageManager.builder().store(store).build();
        List<String> lost = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean pulling = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(PULLERS + 1);
        try {
            Future<Integer> pruner = threads.submit(() -> {
                int prunes = 0;
                while (pulling.get()) {
                    images.prune().call();
                    prunes++;
                }
                return prunes;
            });
            List<Future<?>> pullers = new ArrayList<>();
            for (int p = 0; p < PULLERS; p++) {
                int puller = p;
                pullers.add(threads.submit(() -> {
                    ImageReference tag = ImageReference.parse("race/p" + puller + ":1");
                    for (int round = 0; round < ROUNDS; round++) {
                        try (Lease pull = store.lease()) {
                            TestImages.Image image = TestImages.store(store, 1000L + puller);
                            store.tag(image.manifest(), ImageReference.parse("race/p" + puller + "@" + image.manifest()));
                            store.tag(image.manifest(), tag);
                        }
                        try {
                            store.delete(tag.toString(), false); // rmi: only this thread names or removes it
                        } catch (ImageNotFoundException e) {
                            lost.add(tag + " in round " + round);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : pullers) {
                f.get();
            }
            pulling.set(false);
            assertTrue(pruner.get() > 0);
        } finally {
            pulling.set(false);
            threads.shutdown();
        }
        assertEquals(List.of(), lost);
    }
}
