package dev.stowage.store;

import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.Lease;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Random;

/**
 * A child process for the crash and concurrency tests. It reports on stdout, one line per
 * fact, only after the fact is durable: {@code TAGGED <ref> <digest>} after {@code tag} returned,
 * {@code DELETING <ref>} before a delete starts (so the parent stops expecting that image),
 * {@code COLLECTED <round>} after a collector's garbage collection returned.
 *
 * <p>Modes: {@code churn DIR PREFIX SEED COUNT} stores and tags images, deletes old ones and
 * collects garbage, forever when COUNT is 0; {@code collect DIR PREFIX COUNT} deletes the images
 * whose references start with PREFIX and collects garbage, COUNT rounds. Options after these:
 * {@code --until FILE} goes on past COUNT until FILE exists; {@code --events FILE} also appends
 * each line, after the mode's name, to FILE, which several workers may share: each line is one
 * append, so the file orders the facts of all of them as they happened.
 */
public final class StoreWorker {
    private final String mode;
    private final Path events;

    private StoreWorker(String mode, Path events) {
        this.mode = mode;
        this.events = events;
    }

    public static void main(String[] args) throws Exception {
        FileImageStore store = FileImageStore.open(Path.of(args[1]));
        Path until = option(args, "--until");
        StoreWorker worker = new StoreWorker(args[0], option(args, "--events"));
        System.out.println("READY");
        System.out.flush();
        switch (args[0]) {
            case "churn" -> worker.churn(store, args[2], Long.parseLong(args[3]), Integer.parseInt(args[4]), until);
            case "collect" -> worker.collect(store, args[2], Integer.parseInt(args[3]), until);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static Path option(String[] args, String name) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Path.of(args[i + 1]);
            }
        }
        return null;
    }

    /** Whether round {@code i} (from 0) is to run: below {@code count}, or until the file {@code until} exists. */
    private static boolean goOn(int i, int count, Path until) {
        return i < count || until != null && !Files.exists(until);
    }

    private void churn(FileImageStore store, String prefix, long seed, int count, Path until)
            throws InterruptedException {
        Random random = new Random(seed);
        Deque<String> tagged = new ArrayDeque<>();
        for (int i = 0; count == 0 || goOn(i, count, until); i++) {
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

    private void collect(FileImageStore store, String prefix, int count, Path until) throws InterruptedException {
        for (int i = 0; goOn(i, count, until); i++) {
            store.images().stream().flatMap(r -> r.tags().stream()).map(ImageReference::toString)
                    .filter(r -> r.startsWith(prefix)).findFirst().ifPresent(r -> {
                        say("DELETING " + r);
                        store.delete(r, false);
                    });
            store.gc();
            say("COLLECTED " + (i + 1));
            Thread.sleep(5);
        }
        say("DONE");
    }

    private void say(String line) {
        System.out.println(line);
        System.out.flush();
        if (events != null) {
            try {
                Files.write(events, (mode + " " + line + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("could not append to " + events, e);
            }
        }
    }
}
