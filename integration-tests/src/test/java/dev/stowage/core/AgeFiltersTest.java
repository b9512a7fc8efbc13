package dev.stowage.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.build.ImageBuilder;
import dev.stowage.store.InMemoryImageStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An image's age counts from the later of its creation time and its arrival in the store, so the
 * age filters never take an image that just arrived: a reproducible build dates its image at the
 * epoch (or {@code SOURCE_DATE_EPOCH}), a pull brings an image created long ago. The store's clock
 * is set by the test, so "arrived 60 days ago" is a fact the store records, not a wait.
 */
class AgeFiltersTest {
    private final SettableClock clock = new SettableClock(Instant.now());
    private final ImageManager images = ImageManager.builder().store(InMemoryImageStore.create(clock)).build();

    @AfterEach
    void close() {
        images.close();
    }

    @Test
    void aFreshlyBuiltImageDatedAtTheEpochIsNotOld() {
        build("app:1", Map.of());

        assertEquals(List.of(), images.list().until(Duration.ofDays(30)).call());
        PruneReport pruned = images.prune().all().until(Duration.ofDays(30)).call();
        assertEquals(List.of(), pruned.deletedImages());
        assertEquals(1, images.list().call().size());
    }

    @Test
    void aFreshlyStoredImageCreatedLongAgoIsNotOld() {
        TestImage.created("2020-01-01T00:00:00Z").layer(100, 1, "ADD").storeIn(images.store(), "pulled:1");

        assertEquals(List.of(), images.list().until(Duration.ofDays(30)).call());
        assertEquals(List.of(), images.prune().all().until(Instant.parse("2021-01-01T00:00:00Z")).call().deletedImages());
    }

    @Test
    void anImageIsOldOnceItHasBeenInTheStoreThatLong() {
        clock.set(Instant.now().minus(Duration.ofDays(60)));
        build("app:1", Map.of());
        clock.set(Instant.now());
        build("app:2", Map.of("SOURCE_DATE_EPOCH", "1"));

        assertEquals(List.of("app:1"), tags(images.list().until(Duration.ofDays(30)).call()));
        images.prune().all().until(Duration.ofDays(30)).call();
        assertEquals(List.of("app:2"), tags(images.list().call()));
    }

    @Test
    void keepLastKeepsTheImagesThatArrivedLastWhateverTheirDates() {
        clock.set(Instant.now().minus(Duration.ofDays(3)));
        build("app:1", Map.of("SOURCE_DATE_EPOCH", "1700000000")); // dated 2023, built first
        clock.set(Instant.now().minus(Duration.ofDays(2)));
        build("app:2", Map.of());                                    // dated 1970, built next
        clock.set(Instant.now().minus(Duration.ofDays(1)));
        build("app:3", Map.of("SOURCE_DATE_EPOCH", "1600000000")); // dated 2020, built last

        images.prune().keepLast(2).call();

        assertEquals(List.of("app:3", "app:2"), tags(images.list().call()));
    }

    @Test
    void beforeAndSinceCompareAges() {
        clock.set(Instant.now().minus(Duration.ofDays(2)));
        build("app:1", Map.of("SOURCE_DATE_EPOCH", "1700000000"));
        clock.set(Instant.now().minus(Duration.ofDays(1)));
        build("app:2", Map.of());

        assertEquals(List.of("app:2"), tags(images.list().since("app:1").call()));
        assertEquals(List.of("app:1"), tags(images.list().before("app:2").call()));
    }

    @Test
    void theImageKeepsItsOwnCreationTime() {
        build("app:1", Map.of());

        ImageSummary row = images.list().call().get(0);
        assertEquals(Instant.EPOCH, row.created().orElseThrow(), "the config's date, as docker shows it");
        assertTrue(images.list().until(Instant.EPOCH).call().isEmpty());
    }

    private void build(String reference, Map<String, String> environment) {
        ImageBuilder.fromScratch(images).environment(environment)
                .layer(l -> l.file("app/" + reference, reference.getBytes(UTF_8))).build(reference);
    }

    private static List<String> tags(List<ImageSummary> rows) {
        return rows.stream().map(r -> r.repository() + ":" + r.tag()).toList();
    }

    /** A clock the test moves: when the store records an image's arrival. */
    private static final class SettableClock extends Clock {
        private volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
