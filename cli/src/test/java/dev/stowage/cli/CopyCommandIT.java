package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.RemoteFixtures;
import dev.stowage.core.build.BuiltImage;
import dev.stowage.core.model.Digest;
import dev.stowage.store.FileImageStore;
import dev.stowage.testkit.CountingProxy;
import dev.stowage.testkit.HtpasswdMode;
import dev.stowage.testkit.CredentialAudit;
import dev.stowage.testkit.RegistryConfig;
import dev.stowage.testkit.RegistryExtension;
import dev.stowage.testkit.RegistryMode;
import dev.stowage.testkit.Skopeo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code stowage copy} of the real jar between real registries, a store and an OCI layout. */
class CopyCommandIT {
    private static final HtpasswdMode LOCKED = RegistryMode.htpasswd("alice", "s3cret-pass");

    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.plain();

    @RegisterExtension
    static RegistryExtension locked = RegistryExtension.of(RegistryConfig.plain().withMode(LOCKED));

    @RegisterExtension
    static CredentialAudit audit = CredentialAudit.create().watch(LOCKED).credentialStoreNamed("config.json");

    private static final Skopeo SKOPEO = Skopeo.locate();
    private static CountingProxy proxy;

    @TempDir
    Path scratch;

    @BeforeAll
    static void startProxy() {
        proxy = CountingProxy.to(registry.registry());
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    private StowageProcess.Result stowage(String... args) throws IOException, InterruptedException {
        String[] all = Stream.concat(Stream.of("--store", scratch.resolve("store").toString()), Stream.of(args))
                .toArray(String[]::new);
        return StowageProcess.run(scratch, Map.of("DOCKER_CONFIG", scratch.resolve("docker").toString()), all);
    }

    /** An image pushed to {@code reference} from a store of its own. */
    private BuiltImage published(String reference, long seed) throws Exception {
        Path store = scratch.resolve("fixture-" + seed);
        BuiltImage built;
        try (FileImageStore s = FileImageStore.open(store)) {
            built = RemoteFixtures.image(s, reference, seed, 30_000, 20_000);
        }
        StowageProcess.Result push = StowageProcess.run(scratch, Map.of(), "--store", store.toString(), "push", reference);
        assertEquals(0, push.exitCode(), push.err());
        return built;
    }

    @Test
    void copyWithinOneRegistryMovesNoBlobBytes() throws Exception {
        BuiltImage built = published(proxy.host() + "/copy/app:1", 1);
        proxy.reset();

        StowageProcess.Result result = stowage("copy", proxy.host() + "/copy/app:1", proxy.host() + "/copy/other:1");

        assertEquals(0, result.exitCode(), result.err());
        assertEquals(List.of(), proxy.exchanges(e -> (e.method().equals("PATCH") || e.method().equals("PUT"))
                && e.target().contains("/blobs/uploads/")));
        assertEquals(built.manifest().size(), proxy.requestBodyBytes(), "only the manifest is sent");
        assertEquals(built.manifestDigest(), Digest.sha256(SKOPEO.inspectRaw("docker://" + proxy.host() + "/copy/other:1")));
        assertTrue(result.out().contains("Digest: " + built.manifestDigest()), result.out());
    }

    @Test
    void copyPrintsEachBlobAndWhereTheImageWent() throws Exception {
        BuiltImage built = published(registry.host() + "/copy/lines:1", 2);
        Path layout = scratch.resolve("layout");

        StowageProcess.Result result = stowage("copy", "docker://" + registry.host() + "/copy/lines:1",
                "oci:" + layout + ":v1");

        assertEquals(0, result.exitCode(), result.err());
        List<String> lines = result.out().lines().toList();
        assertEquals("Copying docker://" + registry.host() + "/copy/lines:1", lines.get(0));
        assertTrue(lines.contains(built.layers().get(0).digest().hex().substring(0, 12) + ": Copied"), result.out());
        assertEquals("Copied docker://" + registry.host() + "/copy/lines:1 to oci:" + layout + ":v1",
                lines.get(lines.size() - 2));
        assertEquals(built.manifestDigest(), Digest.sha256(SKOPEO.inspectRaw("oci:" + layout + ":v1")));
    }

    @Test
    void sourceCredentialsFromTheCommandLineReachTheRegistryThatAsks() throws Exception {
        String target = locked.host() + "/private/app:1";
        Path fixture = scratch.resolve("fixture-locked");
        BuiltImage built;
        try (FileImageStore s = FileImageStore.open(fixture)) {
            built = RemoteFixtures.image(s, target, 3, 10_000);
        }
        SKOPEO.copy("oci:" + fixture + ":" + target, "docker://" + target, "--dest-creds", "alice:s3cret-pass");

        StowageProcess.Result denied = stowage("copy", target, registry.host() + "/copied/app:1");
        StowageProcess.Result allowed = stowage("copy", "--src-creds", "alice:s3cret-pass", target,
                registry.host() + "/copied/app:1");

        assertEquals(1, denied.exitCode(), denied.out());
        assertTrue(denied.err().contains("unauthorized"), denied.err());
        assertEquals(0, allowed.exitCode(), allowed.err());
        assertEquals(built.manifestDigest(),
                Digest.sha256(SKOPEO.inspectRaw("docker://" + registry.host() + "/copied/app:1")));
        assertTrue(!allowed.out().contains("s3cret") && !allowed.err().contains("s3cret"), "the password was printed");
    }

    @Test
    void platformAndAllTogetherAreAUsageError() throws Exception {
        published(registry.host() + "/copy/single:1", 4);

        StowageProcess.Result result = stowage("copy", "--platform", "linux/s390x", "--all",
                registry.host() + "/copy/single:1", registry.host() + "/copy/nothing:1");

        assertEquals(2, result.exitCode(), result.err());
        assertTrue(result.err().contains("--platform and --all exclude each other"), result.err());
    }
}
