package dev.stowage.store.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.build.dockerfile.DockerfileBuild;
import dev.stowage.core.build.dockerfile.InvalidDockerfileException;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.store.InMemoryImageStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What cannot be built is refused with one clear error naming the file, line and instruction,
 * and nothing is tagged: the name keeps the image it had.
 */
class DockerfileBadInputTest {
    private static final ImageReference APP = ImageReference.parse("localhost/app:1");

    private final InMemoryImageStore store = new InMemoryImageStore();
    @TempDir
    Path dir;
    private Path ctx;
    private Digest before;

    @BeforeEach
    void setUp() throws IOException {
        before = ImageBuilder.fromScratch().environment(Map.of()).platform(Platform.parse("linux/amd64"))
                .layer(l -> l.file("etc/passwd", "root:x:0:0::/root:/bin/sh\n".getBytes(StandardCharsets.UTF_8)))
                .build(store, ImageReference.parse("localhost/base:1")).manifestDigest();
        store.tag(before, APP);
        ctx = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(ctx.resolve("app.jar"), "jar");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private DockerfileBuild build(String dockerfile) throws IOException {
        Files.writeString(ctx.resolve("Dockerfile"), dockerfile);
        return ImageBuilder.fromDockerfile(ctx).environment(Map.of()).tags(APP.toString());
    }

    /** Builds, expects the refusal, and checks the tag still names the image it named before. */
    private InvalidDockerfileException refused(String dockerfile) throws IOException {
        DockerfileBuild build = build(dockerfile);
        InvalidDockerfileException e = assertThrows(InvalidDockerfileException.class, () -> build.build(store));
        assertEquals(before, store.resolve(APP).orElseThrow().digest(), "the tag is left alone");
        return e;
    }

    @Test
    void runIsRefusedBeforeAnyLayerIsWritten() throws IOException {
        int blobs = store.diskUsage().images().size();
        long bytes = store.diskUsage().totalBytes();
        InvalidDockerfileException e = refused("FROM localhost/base:1\nCOPY app.jar /app/\nRUN mvn package\n");
        assertTrue(e.getMessage().startsWith("Dockerfile:3: RUN mvn package: RUN needs a container runtime"), e.getMessage());
        assertTrue(e.getMessage().contains("COPY its result into the image"), e.getMessage());
        assertEquals(3, e.line());
        assertEquals(blobs, store.diskUsage().images().size());
        assertEquals(bytes, store.diskUsage().totalBytes(), "no layer was written");
    }

    @Test
    void runInAStageTheTargetDoesNotNeedDoesNotStopTheBuild() throws IOException {
        build("FROM localhost/base:1 AS tools\nRUN apt-get install -y curl\nFROM localhost/base:1\nCOPY app.jar /\n")
                .build(store);
    }

    @Test
    void anUnknownInstructionIsNamedWithASuggestion() throws IOException {
        InvalidDockerfileException e = refused("FROM localhost/base:1\nCOPPY app.jar /app/\n");
        assertEquals("Dockerfile:2: COPPY app.jar /app/: unknown instruction: COPPY (did you mean COPY?)", e.getMessage());
    }

    @Test
    void aSourceAboveTheContextIsRefused() throws IOException {
        Files.writeString(dir.resolve("outside.txt"), "secret");
        InvalidDockerfileException e = refused("FROM localhost/base:1\nCOPY ../outside.txt /x\n");
        assertTrue(e.getMessage().contains("../outside.txt is outside the build context"), e.getMessage());
    }

    @Test
    void aSymlinkLeadingOutOfTheContextIsRefused() throws IOException {
        Files.writeString(dir.resolve("outside.txt"), "secret");
        Files.createSymbolicLink(ctx.resolve("link.txt"), dir.resolve("outside.txt"));
        InvalidDockerfileException e = refused("FROM localhost/base:1\nCOPY link.txt /x\n");
        assertTrue(e.getMessage().contains("link.txt is a symlink leading outside the build context"), e.getMessage());
    }

    @Test
    void aMissingFromIsRefused() throws IOException {
        InvalidDockerfileException e = refused("COPY app.jar /app/\n");
        assertTrue(e.getMessage().startsWith("Dockerfile:1: COPY app.jar /app/: no build stage in current context"),
                e.getMessage());
    }

    @Test
    void anUnknownTargetStageIsRefusedNamingTheStages() throws IOException {
        DockerfileBuild build = build("FROM localhost/base:1 AS build\nFROM scratch AS runtime\nCOPY --from=build / /\n")
                .target("tests");
        InvalidDockerfileException e = assertThrows(InvalidDockerfileException.class, () -> build.build(store));
        assertTrue(e.getMessage().contains("target stage \"tests\" could not be found; the stages are: build, runtime"),
                e.getMessage());
    }

    @Test
    void copyFromALaterStageIsRefused() throws IOException {
        InvalidDockerfileException e = refused("FROM scratch AS a\nCOPY --from=b / /\nFROM localhost/base:1 AS b\n"
                + "FROM a\n");
        assertTrue(e.getMessage().contains("cannot copy from stage \"b\", it needs to be defined before current stage \"a\""),
                e.getMessage());
    }

    @Test
    void aChownNamingAUserTheImageDoesNotHaveIsRefused() throws IOException {
        InvalidDockerfileException e = refused("FROM localhost/base:1\nCOPY --chown=nobody app.jar /app/\n");
        assertTrue(e.getMessage().contains("unable to find user nobody"), e.getMessage());
    }

    @Test
    void aNonOctalChmodIsRefused() throws IOException {
        InvalidDockerfileException e = refused("FROM localhost/base:1\nCOPY --chmod=u+x app.jar /app/\n");
        assertTrue(e.getMessage().contains("invalid chmod parameter: 'u+x'"), e.getMessage());
    }

    @Test
    void anUnknownFlagIsRefused() throws IOException {
        InvalidDockerfileException e = refused("FROM localhost/base:1\nCOPY --own=1 app.jar /app/\n");
        assertTrue(e.getMessage().contains("unknown flag: --own"), e.getMessage());
    }

    @Test
    void aMissingSourceIsRefused() throws IOException {
        InvalidDockerfileException e = refused("FROM localhost/base:1\nCOPY target/app.jar /app/\n");
        assertTrue(e.getMessage().contains("target/app.jar: no such file or directory in the build context"),
                e.getMessage());
    }

    @Test
    void aWildcardMatchingNothingIsRefused() throws IOException {
        InvalidDockerfileException e = refused("FROM localhost/base:1\nCOPY *.war /app/\n");
        assertTrue(e.getMessage().contains("no file in the build context matches *.war"), e.getMessage());
    }

    @Test
    void anArchiveEntryClimbingOutOfTheDestinationIsRefused() throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(
                Files.newOutputStream(ctx.resolve("evil.tgz"))))) {
            TarArchiveEntry f = new TarArchiveEntry("../../etc/evil", true);
            f.setSize(1);
            tar.putArchiveEntry(f);
            tar.write('x');
            tar.closeArchiveEntry();
        }
        InvalidDockerfileException e = refused("FROM localhost/base:1\nADD evil.tgz /opt/\n");
        assertTrue(e.getMessage().contains("leads outside the destination"), e.getMessage());
    }

    @Test
    void anUndefinedVariableRequiredByTheDockerfileIsRefused() throws IOException {
        InvalidDockerfileException e = refused("FROM localhost/base:1\nLABEL v=\"${VERSION:?set VERSION}\"\n");
        assertTrue(e.getMessage().contains("VERSION: set VERSION"), e.getMessage());
    }

    @Test
    void aSecondStageWithTheSameNameIsRefused() throws IOException {
        InvalidDockerfileException e = refused("FROM scratch AS a\nFROM scratch AS A\n");
        assertTrue(e.getMessage().contains("duplicate stage name \"a\""), e.getMessage());
    }

    @Test
    void addOfAGitRepositoryIsRefused() throws IOException {
        InvalidDockerfileException e = refused("FROM localhost/base:1\nADD https://github.com/moby/buildkit.git#v0.12 /src\n");
        assertTrue(e.getMessage().contains("ADD of a Git repository"), e.getMessage());
    }
}
