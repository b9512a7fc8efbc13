package dev.stowage.store;

import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.Lease;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Random;

/**
 * A child process for the crash and concurrency tests. It reports on stdout, one line per
 * fact, only after the fact is durable: {@code TAGGED <ref> <digest>} after {@code tag} returned,
 * {@code DELETING <ref>} before a delete starts (so the parent stops expecting that image).
 *
 * <p>Modes: {@code churn DIR PREFIX SEED COUNT} stores and tags images, deletes old ones and
 * collects garbage, forever when COUNT is 0; {@code collect DIR PREFIX COUNT} deletes the images
 * whose references start with PREFIX and collects garbage.
 */
public final class StoreWorker {
    private StoreWorker() {
    }

    public static void main(String[] args) throws Exception {
        FileImageStore store = FileImageStore.open(Path.of(args[1]));
        System.out.println("READY");
        System.out.flush();
        switch (args[0]) {
            case "churn" -> churn(store, args[2], Long.parseLong(args[3]), Integer.parseInt(args[4]));
            case "collect" -> collect(store, args[2], Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void churn(FileImageStore store, String prefix, long seed, int count) throws InterruptedException {
        Random random = new Random(seed);
        Deque<String> tagged = new ArrayDeque<>();
        for (int i = 0; count == 0 || i < count; i++) {
            String ref = prefix + ":" + seed + "-" + i;
            try (Lease lease = store.lease()) {
                TestImages.Image img = TestImages.store(store, Platform.of("linux", "amd64"), Map.of("i", "" + i),
                        Instant.ofEpochSecond(i), random.nextLong(), random.nextLong() % 4, random.nextLong());
                Thread.sleep(random.nextInt(5)); // a window in which a collector runs beside the lease
                store.tag(img.manifest(), ImageReference.parse(ref));
                say("TAGGED " + ImageReference.parse(ref) + " " + img.manifest());
            }
            tagged.add(ImageReference.parse(ref).toString());
            if (tagged.size() > 3) {
                String old = tagged.poll();
                say("DELETING " + old);
                store.delete(old, false);
            }
            if (i % 3 == 0) {
                store.gc();
            }
        }
        say("DONE");
    }

    private static void collect(FileImageStore store, String prefix, int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            store.images().stream().flatMap(r -> r.tags().stream()).map(ImageReference::toString)
                    .filter(r -> r.startsWith(prefix)).findFirst().ifPresent(r -> {
                        say("DELETING " + r);
                        store.delete(r, false);
                    });
            store.gc();
            Thread.sleep(5);
        }
        say("DONE");
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
