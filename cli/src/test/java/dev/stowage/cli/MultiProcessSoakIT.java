package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.ImageManager;
import dev.stowage.core.RemoteFixtures;
import dev.stowage.core.model.Digest;
import dev.stowage.core.spi.ImageRecord;
import dev.stowage.store.FileImageStore;
import dev.stowage.testkit.RegistryExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four {@code stowage} processes at a time on one store, against the real registry, for a bounded
 * time: one pulls images that share a base layer, one tags them, one removes tags, one prunes
 * dangling images and runs {@code fsck}. Operations on one name are serialized by the test (so
 * what the store must hold is known), everything else overlaps: pulls writing a shared layer while
 * a prune collects, tags added while the index is rewritten. Every process exits 0, every
 * {@code fsck} (during and after) is clean, and every name added and not removed since is there
 * with its digest.
 *
 * <p>{@code ./run-tests} soaks for 60 s; {@code -Dstowage.reliability=long} for 10 minutes.
 */
class MultiProcessSoakIT {
    private static final boolean LONG = "long".equals(System.getProperty("stowage.reliability"));
    private static final Duration SOAK = LONG ? Duration.ofMinutes(10) : Duration.ofSeconds(60);
    private static final int LAYER = 2 << 20;

    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.plain();

    @TempDir
    Path scratch;

    private Path store;
    /** What the store must hold: each name added and not removed since, and its manifest. */
    private final Map<String, Digest> expected = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> names = new ConcurrentHashMap<>();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    @Test
    void fourProcessesPullingTaggingRemovingAndPruningOneStoreLoseAndCorruptNothing() throws Exception {
        store = scratch.resolve("store");
        Map<String, Digest> published = publish();
        List<String> pulled = List.copyOf(published.keySet());
        List<String> copies = Collections.synchronizedList(new ArrayList<>());
        long deadline = System.nanoTime() + SOAK.toNanos();
        AtomicInteger copyNumber = new AtomicInteger();

        ExecutorService workers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> running = new ArrayList<>();
            running.add(workers.submit(() -> until(deadline, 1, random -> {
                String ref = pulled.get(random.nextInt(pulled.size()));
                withName(ref, () -> {
                    if (stowage("pull", "pull", ref)) {
                        expected.put(ref, published.get(ref));
                    }
                    return true;
                });
            })));
            running.add(workers.submit(() -> until(deadline, 2, random -> {
                String source = pulled.get(random.nextInt(pulled.size()));
                String copy = registry.host() + "/soak/copy:" + copyNumber.incrementAndGet();
                withName(source, () -> {
                    if (!expected.containsKey(source)) {
                        return false;
                    }
                    if (stowage("tag", "tag", source, copy)) {
                        expected.put(copy, expected.get(source));
                        copies.add(copy);
                    }
                    return true;
                });
            })));
            running.add(workers.submit(() -> until(deadline, 3, random -> {
                List<String> candidates = Stream.concat(pulled.stream(), copies.stream().toList().stream()).toList();
                String victim = candidates.get(random.nextInt(candidates.size()));
                withName(victim, () -> {
                    if (!expected.containsKey(victim)) {
                        return false;
                    }
                    if (stowage("rmi", "rmi", victim)) {
                        expected.remove(victim);
                    }
                    return true;
                });
            })));
            AtomicInteger collector = new AtomicInteger();
            running.add(workers.submit(() -> until(deadline, 4, random -> {
                if (collector.getAndIncrement() % 2 == 0) {
                    stowage("image prune", "image", "prune", "-f");
                } else {
                    stowage("fsck", "fsck");
                }
            })));
            for (Future<?> f : running) {
                f.get(SOAK.toSeconds() + 300, TimeUnit.SECONDS);
            }
        } finally {
            workers.shutdownNow();
        }

        assertEquals(List.of(), failures);
        StowageProcess.Result fsck = run("fsck");
        assertEquals(0, fsck.exitCode(), fsck.out() + fsck.err());
        try (FileImageStore s = FileImageStore.open(store)) {
            expected.forEach((ref, digest) -> assertEquals(Optional.of(digest), s.resolve(ref).map(ImageRecord::digest),
                    ref + " was added and not removed since"));
        }
        System.out.printf("RELIABILITY soak: 4 processes x %d s on one store, %s commands, all exited 0; fsck clean"
                + " during and after, %d names kept, 0 lost%n", SOAK.toSeconds(), runs, expected.size());
        assertTrue(runs.get("pull").get() > 0 && runs.get("rmi").get() > 0, "the soak ran pulls and removals: " + runs);
    }

    /** Three images on one shared base layer, pushed to the registry; returns their names and digests. */
    private Map<String, Digest> publish() {
        Map<String, Digest> published = new java.util.TreeMap<>();
        try (ImageManager images = ImageManager.builder().store(FileImageStore.open(scratch.resolve("seed")))
                .registry(RemoteFixtures.client()).build()) {
            String base = registry.host() + "/soak/base:1";
            RemoteFixtures.image(images.store(), base, 1, LAYER);
            for (String name : List.of("a", "b", "c")) {
                String ref = registry.host() + "/soak/" + name + ":1";
                published.put(ref, RemoteFixtures.on(images.store(), base, ref, name.charAt(0), LAYER).manifestDigest());
                images.push(ref).call();
            }
        }
        return published;
    }

    private interface Step {
        void run(Random random) throws Exception;
    }

    /** Runs {@code step} until the deadline (each step a bounded process run). */
    private void until(long deadline, long seed, Step step) {
        Random random = new Random(seed);
        try {
            while (System.nanoTime() < deadline && failures.isEmpty()) {
                step.run(random);
            }
        } catch (Exception e) {
            failures.add(e.toString());
        }
    }

    /**
     * Runs {@code action} while no other worker acts on {@code name}; when it had nothing to do
     * (false), waits a little before the worker's next step instead of spinning.
     */
    private void withName(String name, java.util.function.BooleanSupplier action) throws InterruptedException {
        ReentrantLock lock = names.computeIfAbsent(name, n -> new ReentrantLock());
        boolean acted;
        lock.lock();
        try {
            acted = action.getAsBoolean();
        } finally {
            lock.unlock();
        }
        if (!acted) {
            Thread.sleep(200);
        }
    }

    /** Runs stowage; a failure is recorded (and ends the soak). */
    private boolean stowage(String kind, String... args) {
        runs.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        try {
            StowageProcess.Result result = run(args);
            if (result.exitCode() != 0) {
                failures.add("stowage " + String.join(" ", args) + " exited " + result.exitCode() + ": " + result.out()
                        + result.err());
                return false;
            }
            return true;
        } catch (Exception e) {
            failures.add("stowage " + String.join(" ", args) + ": " + e);
            return false;
        }
    }

    private StowageProcess.Result run(String... args) throws Exception {
        return StowageProcess.in(scratch)
                .run(Stream.concat(Stream.of("--store", store.toString()), Stream.of(args)).toArray(String[]::new));
    }
}
