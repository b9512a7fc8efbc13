package dev.stowage.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.model.Digest;
import dev.stowage.core.spi.ImageRecord;
import dev.stowage.core.spi.VerifyReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store survives {@code kill -9} of its writer at any instant. */
class CrashSafetyIT {
    private static final int TRIALS = 50;

    @TempDir
    Path dir;

    @Test
    void storeStaysValidAndKeepsEveryTaggedImageWhenItsWriterIsKilledAtRandomPoints() throws Exception {
        Path store = dir.resolve("store");
        Random random = new Random(42);
        Map<String, Digest> expected = new HashMap<>();
        List<String> said = new ArrayList<>(); // what the children said since expected was last cleared, for a failure's message
        int tagged = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            List<String> lines;
            try (ChildJvm child = new ChildJvm(dir.resolve("child-" + trial + ".log"), "churn", store.toString(),
                    "crash/app", Integer.toString(trial), "0")) {
                child.awaitReady();
                // At least one image tagged first, so every trial kills mid-work; then a random
                // moment inside the following store / tag / delete / collect steps.
                child.awaitLines("TAGGED", 1 + random.nextInt(3));
                Thread.sleep(random.nextInt(40));
                lines = child.kill();
            }
            for (String line : lines) {
                said.add("trial " + trial + ": " + line);
                String[] f = line.split(" ");
                if (f[0].equals("TAGGED")) {
                    expected.put(f[1], Digest.parse(f[2]));
                    tagged++;
                } else if (f[0].equals("DELETING")) {
                    expected.remove(f[1]);
                }
            }
            FileImageStore opened = FileImageStore.open(store);
            VerifyReport report = opened.verify(false);
            assertTrue(report.isClean(), "trial " + trial + ": " + report.problems() + "\n"
                    + Files.readString(dir.resolve("child-" + trial + ".log")));
            for (Map.Entry<String, Digest> e : expected.entrySet()) {
                ImageRecord r = opened.resolve(e.getKey()).orElseThrow(() -> new AssertionError("lost " + e.getKey()
                        + "\nthe children said:\n" + String.join("\n", said) + "\nthe index names: "
                        + opened.readIndex().entries().stream().map(x -> x.refName().orElse("(untagged) " + x.digest())).toList()));
                assertEquals(e.getValue(), r.digest(), e.getKey());
            }
            if (trial % 10 == 9) {
                expected.keySet().forEach(ref -> opened.delete(ref, false));
                expected.clear();
                said.clear();
                opened.gc();
            }
        }
        assertTrue(tagged >= TRIALS, "the writer must have been killed mid-work, not only at start-up: " + tagged);
    }
}
