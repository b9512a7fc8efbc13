package dev.stowage.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.ImageConflictException;
import dev.stowage.core.ImageNotFoundException;
import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImageNamesTest {
    /** A store's names as entries in order (an image without a name is an untagged entry), and each image's ID. */
    private static final class Names implements ImageNames.View {
        private record Entry(Digest image, String name) {
        }

        private final List<Entry> entries = new ArrayList<>();
        private final Map<Digest, Digest> ids = new HashMap<>();
        int idsRead;

        /** An image with ID {@code id} and these names (none: one untagged entry). */
        Names add(Digest image, Digest id, String... names) {
            ids.put(image, id);
            if (names.length == 0) {
                entries.add(new Entry(image, null));
            }
            for (String name : names) {
                entries.add(new Entry(image, name));
            }
            return this;
        }

        @Override
        public List<Digest> images() {
            return entries.stream().map(Entry::image).distinct().toList();
        }

        @Override
        public Digest id(Digest image) {
            idsRead++;
            return ids.get(image);
        }

        @Override
        public Optional<Digest> named(String name) {
            return entries.stream().filter(e -> name.equals(e.name())).map(Entry::image).findFirst();
        }

        @Override
        public List<String> names(Digest image) {
            return entries.stream().filter(e -> e.image().equals(image) && e.name() != null).map(Entry::name).toList();
        }
    }

    private static Digest digest(String seed) {
        return Digest.sha256(seed.getBytes(StandardCharsets.UTF_8));
    }

    /** A digest whose hex starts with {@code prefix}, found by trying seeds. */
    private static Digest digestStartingWith(String prefix, String seed) {
        for (int i = 0; ; i++) {
            Digest d = digest(seed + i);
            if (d.hex().startsWith(prefix)) {
                return d;
            }
        }
    }

    private static ImageReference ref(String s) {
        return ImageReference.parse(s);
    }

    private final Digest manifest = digest("manifest");
    private final Digest id = digest("config");

    @Test
    void nameFindsItsImageByExactTextWithoutReadingAnyId() {
        Names names = new Names().add(manifest, id, "docker.io/library/busybox:1.36", "v1").add(digest("m2"), digest("c2"));
        assertEquals(Optional.of(manifest), ImageNames.resolve(names, "docker.io/library/busybox:1.36"));
        assertEquals(Optional.of(manifest), ImageNames.resolve(names, "v1"));
        assertEquals(Optional.of(manifest), ImageNames.resolve(names, "busybox:1.36"));
        assertEquals(0, names.idsRead, "IDs cost a manifest and config read each");
    }

    @Test
    void referenceWithoutTagMeansLatest() {
        Names names = new Names().add(manifest, id, "docker.io/library/nginx:latest");
        assertEquals(Optional.of(manifest), ImageNames.resolve(names, "nginx"));
        assertEquals(Optional.of(manifest), ImageNames.resolve(names, ref("nginx")));
    }

    @Test
    void manifestDigestAndFullIdFindTheImageWithOrWithoutAlgorithm() {
        Names names = new Names().add(digest("other"), digest("other config"), "app:2").add(manifest, id, "app:1");
        for (String s : List.of(manifest.toString(), manifest.hex(), id.toString(), id.hex())) {
            assertEquals(Optional.of(manifest), ImageNames.resolve(names, s), s);
        }
    }

    @Test
    void uniqueIdPrefixFindsTheImage() {
        Names names = new Names().add(manifest, id, "app:1").add(digest("other"), digest("other config"), "app:2");
        for (String s : List.of(id.hex().substring(0, 12), "sha256:" + id.hex().substring(0, 5), id.hex().substring(0, 63))) {
            assertEquals(Optional.of(manifest), ImageNames.resolve(names, s), s);
        }
    }

    @Test
    void idPrefixMatchingTwoImagesIsAmbiguousAndSaysWhichPrefix() {
        Names names = new Names().add(digest("a"), digestStartingWith("ab", "config a"), "a:1")
                .add(digest("b"), digestStartingWith("ab", "config b"), "b:1");
        ImageConflictException e = assertThrows(ImageConflictException.class, () -> ImageNames.resolve(names, "ab"));
        assertTrue(e.getMessage().contains("ab is ambiguous"), e.getMessage());
        assertThrows(ImageConflictException.class, () -> ImageNames.deletion(names, "ab", true));
    }

    @Test
    void manifestsSharingAConfigAreOneImageFoundAsTheFirstInOrder() {
        Digest second = digest("docker form of the same image");
        Names names = new Names().add(manifest, id, "app:1").add(second, id, "app:2");
        assertEquals(Optional.of(manifest), ImageNames.resolve(names, id.hex().substring(0, 6)));
        assertEquals(Optional.of(manifest), ImageNames.resolve(names, id.toString()));
        assertEquals(Optional.of(second), ImageNames.resolve(names, second.toString()));
    }

    @Test
    void digestReferenceFindsAnImagePulledByTag() {
        Names names = new Names().add(manifest, id, "docker.io/library/busybox:1.36");
        assertEquals(Optional.of(manifest), ImageNames.resolve(names, "busybox@" + manifest));
        assertEquals(Optional.of(manifest), ImageNames.resolve(names, ref("busybox@" + manifest)));
        assertEquals(Optional.empty(), ImageNames.resolve(names, ref("busybox:other")));
    }

    @Test
    void somethingNoImageHasFindsNothing() {
        Names names = new Names().add(manifest, id, "docker.io/library/busybox:1.36");
        for (String s : List.of("busybox:other", "other", "ffffff", digest("x").toString(), "Not A Reference!")) {
            assertEquals(Optional.empty(), ImageNames.resolve(names, s), s);
        }
        assertThrows(ImageNotFoundException.class, () -> ImageNames.deletion(names, "nothing:here", false));
    }

    @Test
    void removingOneOfTwoTagsRemovesOnlyThatName() {
        Names names = new Names().add(manifest, id, "docker.io/library/app:1", "docker.io/library/app:latest");
        ImageNames.Deletion d = ImageNames.deletion(names, "app:1", false);
        assertEquals(Optional.of("docker.io/library/app:1"), d.name());
        assertEquals(Set.of(), d.images());
        assertEquals(List.of(ref("docker.io/library/app:1")), d.result().untagged());
        assertEquals(List.of(), d.result().deleted());
    }

    @Test
    void forceChangesNothingWhenRemovingByName() {
        Names names = new Names().add(manifest, id, "docker.io/library/app:1", "docker.io/other/app:1");
        assertEquals(Optional.of("docker.io/library/app:1"), ImageNames.deletion(names, "app:1", true).name());
    }

    @Test
    void removingTheLastTagRemovesEveryEntryOfTheImageWithItsDigestReferences() {
        Names names = new Names().add(manifest, id, "docker.io/library/app:1", "docker.io/library/app@" + manifest);
        ImageNames.Deletion d = ImageNames.deletion(names, "app:1", false);
        assertEquals(Optional.empty(), d.name());
        assertEquals(Set.of(manifest), d.images());
        assertEquals(List.of(ref("app:1"), ref("app@" + manifest)), d.result().untagged());
        assertEquals(List.of(id), d.result().deleted());
    }

    @Test
    void removingByIdAnImageNamedInSeveralRepositoriesNeedsForce() {
        Names names = new Names().add(manifest, id, "docker.io/library/app:1", "127.0.0.1:5000/app:1");
        String prefix = id.hex().substring(0, 12);
        ImageConflictException e = assertThrows(ImageConflictException.class, () -> ImageNames.deletion(names, prefix, false));
        assertTrue(e.getMessage().contains("unable to delete " + id.shortHex(12) + " (must be forced)"), e.getMessage());
        ImageNames.Deletion forced = ImageNames.deletion(names, prefix, true);
        assertEquals(Set.of(manifest), forced.images());
        assertEquals(List.of(ref("app:1"), ref("127.0.0.1:5000/app:1")), forced.result().untagged());
        assertEquals(List.of(id), forced.result().deleted());
    }

    @Test
    void removingByIdAnImageNamedInOneRepositoryRemovesEveryName() {
        Names names = new Names().add(manifest, id, "docker.io/library/app:1", "docker.io/library/app:2");
        for (String s : List.of(id.toString(), manifest.toString())) {
            ImageNames.Deletion d = ImageNames.deletion(names, s, false);
            assertEquals(Set.of(manifest), d.images(), s);
            assertEquals(2, d.result().untagged().size(), s);
        }
    }

    @Test
    void removingAnUntaggedImageByIdDeletesIt() {
        Names names = new Names().add(manifest, id);
        ImageNames.Deletion d = ImageNames.deletion(names, id.hex().substring(0, 8), false);
        assertEquals(Set.of(manifest), d.images());
        assertEquals(List.of(), d.result().untagged());
        assertEquals(List.of(id), d.result().deleted());
    }

    @Test
    void nameOfOneManifestGoesAloneWhileAnotherManifestOfTheImageIsTagged() {
        Digest second = digest("docker form of the same image");
        Names names = new Names().add(manifest, id, "docker.io/library/app:1").add(second, id, "docker.io/library/app:2");
        ImageNames.Deletion d = ImageNames.deletion(names, "app:1", false);
        assertEquals(Optional.of("docker.io/library/app:1"), d.name());
        assertEquals(List.of(), d.result().deleted());
    }

    @Test
    void removingByIdRemovesEveryManifestSharingTheConfig() {
        Digest second = digest("docker form of the same image");
        Names names = new Names().add(manifest, id, "docker.io/library/app:1").add(second, id)
                .add(digest("other"), digest("other config"), "docker.io/library/other:1");
        ImageNames.Deletion d = ImageNames.deletion(names, id.toString(), false);
        assertEquals(Set.of(manifest, second), d.images());
        assertEquals(List.of(ref("app:1")), d.result().untagged());
        assertEquals(List.of(id), d.result().deleted());
    }

    @Test
    void shortNameOfAnotherToolKeepsTheImageButIsNoReference() {
        Names names = new Names().add(manifest, id, "docker.io/library/app:1", "latest");
        ImageNames.Deletion d = ImageNames.deletion(names, "app:1", false);
        assertEquals(Optional.of("docker.io/library/app:1"), d.name(), "the short name counts as a tag");
        ImageNames.Deletion last = ImageNames.deletion(new Names().add(manifest, id, "latest"), "latest", false);
        assertEquals(Set.of(manifest), last.images());
        assertEquals(List.of(), last.result().untagged(), "latest is not docker.io/library/latest");
    }

    @Test
    void storedNameIsTheFullReferenceWithLatestByDefaultAndADigestReferenceWithoutTag() {
        assertEquals("docker.io/library/nginx:latest", ImageNames.storedName(ref("nginx")));
        assertEquals("example.com/app:1", ImageNames.storedName(ref("example.com/app:1")));
        assertEquals("example.com/app@" + manifest, ImageNames.storedName(ref("example.com/app:1@" + manifest)));
    }

    @Test
    void onlyAFullReferenceIsReadAsAReference() {
        assertEquals(Optional.of(ref("nginx:1")), ImageNames.reference("docker.io/library/nginx:1"));
        assertEquals(Optional.empty(), ImageNames.reference("nginx:1"));
        assertEquals(Optional.empty(), ImageNames.reference("latest"));
        assertEquals(Optional.empty(), ImageNames.reference("Not A Reference!"));
    }
}
