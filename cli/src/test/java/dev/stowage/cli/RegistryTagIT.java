package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.RemoteFixtures;
import dev.stowage.core.build.BuiltImage;
import dev.stowage.core.model.Digest;
import dev.stowage.store.FileImageStore;
import dev.stowage.testkit.CountingProxy;
import dev.stowage.testkit.RegistryExtension;
import dev.stowage.testkit.Skopeo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code stowage registry tag} of the real jar against the real registry, checked with skopeo. */
class RegistryTagIT {
    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.plain();

    @TempDir
    Path scratch;

    /** Builds an image named {@code reference} and pushes it with {@code stowage push}. */
    private BuiltImage pushed(String reference, long seed) throws IOException, InterruptedException {
        Path store = scratch.resolve("store");
        BuiltImage built;
        try (FileImageStore s = FileImageStore.open(store)) {
            built = RemoteFixtures.image(s, reference, seed, 20_000);
        }
        StowageProcess.Result push = StowageProcess.run(scratch, Map.of(), "--store", store.toString(), "push", "-q", reference);
        assertEquals(0, push.exitCode(), push.err());
        return built;
    }

    @Test
    void theNewTagNamesTheSameManifestForSkopeo() throws Exception {
        BuiltImage built = pushed(registry.host() + "/retag/app:1", 1);

        StowageProcess.Result tag = StowageProcess.run(scratch, Map.of(),
                "registry", "tag", registry.host() + "/retag/app:1", registry.host() + "/retag/app:stable");

        assertEquals(0, tag.exitCode(), tag.err());
        assertEquals("", tag.out());
        byte[] raw = Skopeo.locate().inspectRaw("docker://" + registry.host() + "/retag/app:stable");
        assertEquals(built.manifestDigest(), Digest.sha256(raw));
    }

    @Test
    void aBareTagIsTakenInTheSourceRepository() throws Exception {
        BuiltImage built = pushed(registry.host() + "/retag/bare:1", 2);

        StowageProcess.Result tag = StowageProcess.run(scratch, Map.of(), "registry", "tag", registry.host() + "/retag/bare:1", "v1");

        assertEquals(0, tag.exitCode(), tag.err());
        byte[] raw = Skopeo.locate().inspectRaw("docker://" + registry.host() + "/retag/bare:v1");
        assertEquals(built.manifestDigest(), Digest.sha256(raw));
    }

    @Test
    void noBlobMoves() throws Exception {
        pushed(registry.host() + "/retag/quiet:1", 3);
        try (CountingProxy proxy = CountingProxy.to(registry.registry())) {
            StowageProcess.Result tag = StowageProcess.run(scratch, Map.of(),
                    "registry", "tag", proxy.host() + "/retag/quiet:1", "2");

            assertEquals(0, tag.exitCode(), tag.err());
            assertEquals(List.of(), proxy.exchanges(e -> e.target().contains("/blobs/")), proxy.requestLines().toString());
        }
    }

    @Test
    void anotherRepositoryIsBadInputNamingTheRule() throws Exception {
        StowageProcess.Result tag = StowageProcess.run(scratch, Map.of(),
                "registry", "tag", registry.host() + "/retag/app:1", registry.host() + "/elsewhere/app:1");

        assertEquals(2, tag.exitCode());
        assertTrue(tag.err().contains("the new tag must be in the same repository"), tag.err());
    }

    @Test
    void aMissingSourceFailsNamingIt() throws Exception {
        StowageProcess.Result tag = StowageProcess.run(scratch, Map.of(),
                "registry", "tag", registry.host() + "/retag/absent:1", "2");

        assertEquals(1, tag.exitCode());
        assertTrue(tag.err().contains(registry.host() + "/retag/absent:1"), tag.err());
    }
}
