package dev.stowage.registry;

import java.time.Duration;
import java.util.Locale;

/** Durations as messages and events show them: {@code 2 s}, {@code 1.5 s}, {@code 250 ms}. */
final class Durations {
    private Durations() {
    }

    static String text(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
