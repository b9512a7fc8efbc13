package dev.stowage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.store.InMemoryImageStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImageManagerListTest {
    /** Every image entered the store in 2019, before it was created: its age is its creation time, as docker counts it. */
    private final InMemoryImageStore store = InMemoryImageStore.create(Clock.fixed(Instant.parse("2019-01-01T00:00:00Z"), ZoneOffset.UTC));
    private final ImageManager images = ImageManager.builder().store(store).build();
    private TestImage.Stored old;
    private TestImage.Stored middle;
    private TestImage.Stored recent;
    private TestImage.Stored dangling;

    @BeforeEach
    void fourImages() {
        old = TestImage.created("2020-01-01T00:00:00Z").label("team", "web").layer(2000, 1, "ADD base")
                .storeIn(store, "nginx:1.20", "127.0.0.1:5000/app:1");
        middle = TestImage.created("2022-01-01T00:00:00Z").label("team", "db").label("tier", "gold").layer(2000, 2, "ADD base")
                .storeIn(store, "nginx:1.21");
        recent = TestImage.created("2024-01-01T00:00:00Z").label("team", "web").label("tier", "gold").layer(2000, 3, "ADD")
                .storeIn(store, "127.0.0.1:5000/team/app:2");
        dangling = TestImage.created("2023-01-01T00:00:00Z").layer(2000, 4, "ADD").storeIn(store);
    }

    private static List<String> names(List<ImageSummary> rows) {
        return rows.stream().map(r -> r.repository() + ":" + r.tag()).toList();
    }

    @Test
    void rowsAreNewestImageFirstOnePerName() {
        assertEquals(List.of("127.0.0.1:5000/team/app:2", "<none>:<none>", "nginx:1.21", "nginx:1.20", "127.0.0.1:5000/app:1"),
                names(images.list().call()));
    }

    @Test
    void rowCarriesDigestIdCreatedAndSize() {
        ImageSummary row = images.list().reference("nginx:1.21").call().get(0);

        assertEquals(middle.manifest(), row.digest());
        assertEquals(middle.id(), row.id());
        assertEquals(Optional.of(Instant.parse("2022-01-01T00:00:00Z")), row.created());
        assertEquals(store.resolve("nginx:1.21").orElseThrow().size(), row.size());
        assertTrue(row.size() > middle.layerBytes(), "size counts config and manifest too");
    }

    @Test
    void familiarRepositoryKeepsTheRegistryWithItsPort() {
        ImageSummary row = images.list().reference("127.0.0.1:5000/app").call().get(0);

        assertEquals("127.0.0.1:5000/app", row.repository());
        assertEquals("1", row.tag());
    }

    @Test
    void danglingTrueShowsOnlyUntaggedImages() {
        List<ImageSummary> rows = images.list().dangling(true).call();

        assertEquals(List.of("<none>:<none>"), names(rows));
        assertEquals(dangling.id(), rows.get(0).id());
        assertTrue(rows.get(0).isDangling());
    }

    @Test
    void danglingFalseHidesUntaggedImages() {
        assertEquals(List.of("127.0.0.1:5000/team/app:2", "nginx:1.21", "nginx:1.20", "127.0.0.1:5000/app:1"),
                names(images.list().dangling(false).call()));
    }

    @Test
    void beforeKeepsImagesCreatedEarlierThanTheNamedOne() {
        assertEquals(List.of("nginx:1.20", "127.0.0.1:5000/app:1"), names(images.list().before("nginx:1.21").call()));
    }

    @Test
    void sinceKeepsImagesCreatedLaterThanTheNamedOne() {
        assertEquals(List.of("127.0.0.1:5000/team/app:2", "<none>:<none>"), names(images.list().since("nginx:1.21").call()));
    }

    @Test
    void beforeAcceptsAnImageId() {
        assertEquals(List.of("nginx:1.20", "127.0.0.1:5000/app:1"),
                names(images.list().before(middle.id().hex().substring(0, 12)).call()));
    }

    @Test
    void beforeAnUnknownImageFails() {
        assertThrows(ImageNotFoundException.class, () -> images.list().before("nope:1").call());
    }

    @Test
    void referenceMatchesFamiliarNameAndShowsOnlyMatchingNames() {
        assertEquals(List.of("nginx:1.21", "nginx:1.20"), names(images.list().reference("nginx").call()));
    }

    @Test
    void referenceGlobOnNameAndTag() {
        assertEquals(List.of("nginx:1.20"), names(images.list().reference("nginx:*0").call()));
    }

    @Test
    void referenceStarStopsAtSlash() {
        assertEquals(List.of("127.0.0.1:5000/app:1"), names(images.list().reference("127.0.0.1:5000/*").call()));
    }

    @Test
    void severalReferencePatternsMatchAny() {
        assertEquals(List.of("127.0.0.1:5000/team/app:2", "nginx:1.20"),
                names(images.list().reference("127.0.0.1:5000/team/*").reference("nginx:1.20").call()));
    }

    @Test
    void labelKeyMatchesImagesWithTheLabel() {
        assertEquals(List.of("127.0.0.1:5000/team/app:2", "nginx:1.21"), names(images.list().label("tier").call()));
    }

    @Test
    void severalLabelsMustAllMatch() {
        assertEquals(List.of("127.0.0.1:5000/team/app:2"), names(images.list().label("tier=gold").label("team=web").call()));
    }

    @Test
    void untilInstantKeepsImagesCreatedAtOrBeforeIt() {
        assertEquals(List.of("nginx:1.21", "nginx:1.20", "127.0.0.1:5000/app:1"),
                names(images.list().until(Instant.parse("2022-01-01T00:00:00Z")).call()));
    }

    @Test
    void untilDurationKeepsImagesAtLeastThatOld() {
        Duration sinceMid2022 = Duration.between(Instant.parse("2022-06-01T00:00:00Z"), Instant.now());

        assertEquals(List.of("nginx:1.21", "nginx:1.20", "127.0.0.1:5000/app:1"), names(images.list().until(sinceMid2022).call()));
    }

    @Test
    void imageKnownOnlyByDigestIsARowWithTagNone() {
        store.untag(dev.stowage.core.reference.ImageReference.parse("127.0.0.1:5000/team/app:2"));
        store.tag(recent.manifest(), dev.stowage.core.reference.ImageReference.parse("127.0.0.1:5000/team/app@" + recent.manifest()));

        ImageSummary row = images.list().call().get(0);

        assertEquals("127.0.0.1:5000/team/app", row.repository());
        assertEquals("<none>", row.tag());
    }

    @Test
    void filtersCombine() {
        assertEquals(List.of("nginx:1.20"),
                names(images.list().dangling(false).reference("nginx").label("team=web").call()));
    }
}
