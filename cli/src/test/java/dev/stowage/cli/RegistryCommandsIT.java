package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ImageIndex;
import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.model.Platform;
import dev.stowage.testkit.OciLayout;
import dev.stowage.testkit.RegistryExtension;
import dev.stowage.testkit.Skopeo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry commands of the real {@code stowage.jar}, run as a process against the real
 * Distribution registry over plain HTTP (loopback, no flag needed), with images pushed by skopeo.
 */
class RegistryCommandsIT {
    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.plain();

    @TempDir
    static Path layoutDir;

    private static OciLayout layout;
    private static ImageManifest single;
    private static ImageManifest amd64;
    private static ImageManifest arm64;
    private static ImageIndex index;

    @TempDir
    Path scratch;

    private final Skopeo skopeo = Skopeo.locate();

    @BeforeAll
    static void pushImages() {
        Skopeo skopeo = Skopeo.locate();
        layout = OciLayout.create(layoutDir);
        single = layout.addImage("cli single", Platform.of("linux", "amd64"));
        amd64 = layout.addImage("cli amd64", Platform.of("linux", "amd64"));
        arm64 = layout.addImage("cli arm64", Platform.of("linux", "arm64", "v8"));
        index = layout.addIndex(List.of(amd64, arm64));
        layout.tag("single", single.toDescriptor()).tag("multi", index.toDescriptor());
        for (String tag : List.of("1.0", "1.1", "latest")) {
            skopeo.copy("oci:" + layoutDir + ":single", "docker://" + registry.host() + "/cli/app:" + tag);
        }
        skopeo.copy("oci:" + layoutDir + ":multi", "docker://" + registry.host() + "/cli/multi:1", "--all");
    }

    private StowageProcess.Result stowage(String... args) throws Exception {
        return StowageProcess.in(scratch).run(args);
    }

    private static String ref(String repositoryAndTag) {
        return registry.host() + "/" + repositoryAndTag;
    }

    /** The registry's order is kept (Distribution does not sort); the lines are the tags and nothing else. */
    private static void assertTagsExactly(String out) {
        assertTrue(out.endsWith("\n"), out);
        assertEquals(List.of("1.0", "1.1", "latest"), out.lines().sorted().toList(), out);
    }

    @Test
    void manifestPrintsExactlyTheBytesSkopeoSees() throws Exception {
        StowageProcess.Result result = stowage("manifest", ref("cli/app:1.0"));

        assertEquals(0, result.exitCode(), result.err());
        assertArrayEquals(skopeo.inspectRaw("docker://" + ref("cli/app:1.0")), result.stdout());
        assertEquals("", result.err());
    }

    @Test
    void manifestThatCannotBeWrittenExits1NamingStandardOutput() throws Exception {
        StowageProcess.Result result = StowageProcess.in(scratch).withStdoutTo(Path.of("/dev/full"))
                .run("manifest", ref("cli/app:1.0"));

        assertEquals(1, result.exitCode(), result.err());
        assertTrue(result.err().startsWith("stowage: cannot write the manifest to standard output"), result.err());
    }

    @Test
    void manifestOfAnIndexPrintsTheIndex() throws Exception {
        StowageProcess.Result result = stowage("manifest", ref("cli/multi:1"));

        assertEquals(0, result.exitCode(), result.err());
        assertArrayEquals(index.raw(), result.stdout());
    }

    @Test
    void manifestWithAPlatformPrintsThatPlatformsManifestFromTheIndex() throws Exception {
        StowageProcess.Result result = stowage("manifest", ref("cli/multi:1"), "--platform", "linux/arm64");

        assertEquals(0, result.exitCode(), result.err());
        assertArrayEquals(arm64.raw(), result.stdout());
    }

    @Test
    void manifestWithAPlatformTheIndexLacksNamesThePlatformsItHas() throws Exception {
        StowageProcess.Result result = stowage("manifest", ref("cli/multi:1"), "--platform", "linux/s390x");

        assertEquals(1, result.exitCode());
        assertEquals(0, result.stdout().length);
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().contains("linux/s390x") && result.err().contains("linux/arm64/v8"), result.err());
    }

    @Test
    void manifestOfAnUnknownTagExits1WithOneErrorLine() throws Exception {
        StowageProcess.Result result = stowage("manifest", ref("cli/app:nope"));

        assertEquals(1, result.exitCode());
        assertEquals(0, result.stdout().length);
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().contains("cli/app"), result.err());
    }

    @Test
    void digestPrintsTheSha256OfTheManifestBytes() throws Exception {
        StowageProcess.Result result = stowage("digest", ref("cli/app:1.1"));

        assertEquals(0, result.exitCode(), result.err());
        assertEquals(Digest.sha256(skopeo.inspectRaw("docker://" + ref("cli/app:1.1"))) + "\n", result.out());
    }

    @Test
    void digestWithAPlatformPrintsThatPlatformsManifestDigest() throws Exception {
        StowageProcess.Result result = stowage("digest", "--platform", "linux/amd64", ref("cli/multi:1"));

        assertEquals(0, result.exitCode(), result.err());
        assertEquals(amd64.digest() + "\n", result.out());
    }

    @Test
    void lsPrintsEveryTagOnePerLineAndNothingElse() throws Exception {
        StowageProcess.Result result = stowage("ls", ref("cli/app"));

        assertEquals(0, result.exitCode(), result.err());
        assertTagsExactly(result.out());
        assertEquals("", result.err());
    }

    @Test
    void catalogListsTheRepositories() throws Exception {
        StowageProcess.Result result = stowage("catalog", registry.host());

        assertEquals(0, result.exitCode(), result.err());
        List<String> lines = result.out().lines().toList();
        assertTrue(lines.containsAll(List.of("cli/app", "cli/multi")), result.out());
    }

    @Test
    void blobToAFileWritesTheVerifiedBlob() throws Exception {
        Descriptor layer = single.layers().get(0);
        Path file = scratch.resolve("layer.tar.gz");

        StowageProcess.Result result = stowage("blob", ref("cli/app@" + layer.digest()), "-o", file.toString());

        assertEquals(0, result.exitCode(), result.err());
        assertEquals(0, result.stdout().length);
        assertArrayEquals(Files.readAllBytes(layout.blob(layer.digest())), Files.readAllBytes(file));
    }

    @Test
    void blobWithoutOutputStreamsToStandardOutput() throws Exception {
        Descriptor config = single.config();

        StowageProcess.Result result = stowage("blob", ref("cli/app@" + config.digest()));

        assertEquals(0, result.exitCode(), result.err());
        assertArrayEquals(Files.readAllBytes(layout.blob(config.digest())), result.stdout());
    }

    @Test
    void unknownBlobLeavesNoFileBehind() throws Exception {
        Path file = scratch.resolve("missing.bin");
        Digest unknown = Digest.sha256(new byte[] {42});

        StowageProcess.Result result = stowage("blob", ref("cli/app@" + unknown), "-o", file.toString());

        assertEquals(1, result.exitCode());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().contains(unknown.toString()), result.err());
        try (Stream<Path> left = Files.list(scratch)) {
            assertFalse(left.anyMatch(p -> p.getFileName().toString().contains("missing.bin")));
        }
    }

    @Test
    void insecureRegistryOptionIsAcceptedAfterTheSubcommand() throws Exception {
        StowageProcess.Result result = stowage("ls", ref("cli/app"), "--insecure-registry", registry.host());

        assertEquals(0, result.exitCode(), result.err());
        assertTagsExactly(result.out());
    }

    @Test
    void verboseShowsTheRequestsOnStandardErrorOnly() throws Exception {
        StowageProcess.Result result = stowage("-v", "ls", ref("cli/app"));

        assertEquals(0, result.exitCode(), result.err());
        assertTagsExactly(result.out());
        assertTrue(result.err().contains("/v2/cli/app/tags/list"), result.err());
    }
}
