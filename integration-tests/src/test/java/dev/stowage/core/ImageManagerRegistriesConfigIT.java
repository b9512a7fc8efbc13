package dev.stowage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.registry.RegistryClient;
import dev.stowage.store.InMemoryImageStore;
import dev.stowage.testkit.RegistryExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code ImageManager.builder().registriesConfig(path)}: the default registry client obeys the file given, against the real registry. */
class ImageManagerRegistriesConfigIT {
    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.plain();

    @RegisterExtension
    static RegistryExtension mirror = RegistryExtension.plain();

    @TempDir
    Path dir;

    @BeforeAll
    static void pushAnImage() {
        try (RegistryClient client = RemoteFixtures.client();
                ImageManager images = ImageManager.builder().registry(client).store(new InMemoryImageStore()).build()) {
            RemoteFixtures.image(images.store(), registry.host() + "/team/app:1", 1, 100);
            images.push(registry.host() + "/team/app:1").call();
            images.tag(registry.host() + "/team/app:1", mirror.host() + "/cache/team/app:1");
            images.push(mirror.host() + "/cache/team/app:1").call();
            RemoteFixtures.image(images.store(), mirror.host() + "/cache/team/mirrored:1", 2, 100);
            images.push(mirror.host() + "/cache/team/mirrored:1").call();
        }
    }

    private ImageManager manager(String toml) throws Exception {
        Path conf = Files.writeString(dir.resolve("registries.conf"), toml);
        return ImageManager.builder().store(new InMemoryImageStore()).credentials(CredentialProvider.anonymous())
                .registriesConfig(conf).build();
    }

    @Test
    void aPullOfABlockedNamespaceIsRefusedNamingTheFile() throws Exception {
        try (ImageManager images = manager("[[registry]]\nlocation = \"" + registry.host() + "/team\"\nblocked = true\n")) {
            BlockedRegistryException e = assertThrows(BlockedRegistryException.class,
                    () -> images.pull(registry.host() + "/team/app:1").call());

            assertTrue(e.getMessage().contains(dir.resolve("registries.conf") + " marks \"" + registry.host() + "/team\""),
                    e.getMessage());
            assertEquals(registry.host(), e.registry());
        }
    }

    @Test
    void aPullSaysWhichMirrorServedIt() throws Exception {
        try (ImageManager images = manager("[[registry]]\nlocation = \"" + registry.host() + "\"\n[[registry.mirror]]\n"
                + "location = \"" + mirror.host() + "/cache\"\n")) {
            PullResult result = images.pull(registry.host() + "/team/app:1").call();

            assertEquals(dev.stowage.core.reference.ImageReference.parse(mirror.host() + "/cache/team/app:1"),
                    result.images().get(0).source());
            assertEquals(dev.stowage.core.reference.ImageReference.parse(registry.host() + "/team/app:1"), result.reference());
        }
    }

    @Test
    void aCopyFromTheRegistryReadsTheMirrorFirstAsSkopeoDoes() throws Exception {
        // only the mirror has this image: the copy can succeed only by reading it
        try (ImageManager images = manager("[[registry]]\nlocation = \"" + registry.host() + "\"\n[[registry.mirror]]\n"
                + "location = \"" + mirror.host() + "/cache\"\n")) {
            CopyResult result = images.copy(registry.host() + "/team/mirrored:1", "store:copied:1").call();

            assertEquals(1, result.images().size());
            assertTrue(images.store().resolve("copied:1").isPresent());
        }
    }

    @Test
    void aCopyOfAnImageOnlyTheMirrorHasFailsWithoutTheMirror() throws Exception {
        try (ImageManager images = manager("")) {
            assertThrows(NotFoundException.class,
                    () -> images.copy(registry.host() + "/team/mirrored:1", "store:copied:1").call());
        }
    }

    @Test
    void namesTheFileDoesNotBlockArePulled() throws Exception {
        try (ImageManager images = manager("[[registry]]\nlocation = \"" + registry.host() + "/other\"\nblocked = true\n")) {
            images.pull(registry.host() + "/team/app:1").call();

            assertTrue(images.store().resolve(registry.host() + "/team/app:1").isPresent());
        }
    }
}
