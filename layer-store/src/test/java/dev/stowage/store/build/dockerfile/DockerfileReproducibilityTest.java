package dev.stowage.store.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.build.dockerfile.DockerfileBuildResult;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.store.InMemoryImageStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same Dockerfile and context give the same image, whatever the files' times or the store. */
class DockerfileReproducibilityTest {
    @TempDir
    Path dir;

    private static Digest build(Path ctx, Map<String, String> environment) {
        try (InMemoryImageStore store = new InMemoryImageStore()) {
            ImageBuilder.fromScratch().environment(Map.of()).platform(Platform.parse("linux/amd64"))
                    .layer(l -> l.file("etc/os-release", "ID=test\n".getBytes()))
                    .build(store, ImageReference.parse("localhost/base:1"));
            DockerfileBuildResult r = ImageBuilder.fromDockerfile(ctx).environment(environment).tags("app:1").build(store);
            return r.image().manifestDigest();
        }
    }

    private Path context(String name) throws IOException {
        Path ctx = Files.createDirectories(dir.resolve(name + "/src"));
        Files.writeString(ctx.getParent().resolve("Dockerfile"),
                "FROM localhost/base:1\nCOPY src /app/src/\nCOPY Dockerfile /app/\nLABEL a=b\n");
        Files.writeString(ctx.resolve("b.txt"), "b");
        Files.writeString(ctx.resolve("a.txt"), "a");
        return ctx.getParent();
    }

    @Test
    void twoContextsWithTheSameFilesButOtherTimesGiveTheSameDigest() throws IOException {
        Path one = context("one");
        Path two = context("two");
        Files.setLastModifiedTime(two.resolve("src/a.txt"), FileTime.from(Instant.parse("2001-02-03T04:05:06Z")));
        Files.setLastModifiedTime(two.resolve("src"), FileTime.from(Instant.parse("2011-02-03T04:05:06Z")));
        assertEquals(build(one, Map.of()), build(two, Map.of()));
    }

    @Test
    void sourceDateEpochDatesTheImageAndChangesItsDigest() throws IOException {
        Path ctx = context("one");
        Digest plain = build(ctx, Map.of());
        Digest dated = build(ctx, Map.of("SOURCE_DATE_EPOCH", "1700000000"));
        assertNotEquals(plain, dated);
        assertEquals(dated, build(ctx, Map.of("SOURCE_DATE_EPOCH", "1700000000")));
    }

    @Test
    void sourceDateEpochAsABuildArgWinsOverTheEnvironment() throws IOException {
        Path ctx = context("one");
        try (InMemoryImageStore store = new InMemoryImageStore()) {
            ImageBuilder.fromScratch().environment(Map.of()).platform(Platform.parse("linux/amd64"))
                    .layer(l -> l.file("x", new byte[1])).build(store, ImageReference.parse("localhost/base:1"));
            DockerfileBuildResult r = ImageBuilder.fromDockerfile(ctx).environment(Map.of("SOURCE_DATE_EPOCH", "1"))
                    .buildArg("SOURCE_DATE_EPOCH", "1700000000").build(store);
            assertEquals(Instant.ofEpochSecond(1700000000), r.image().config().created().orElseThrow());
        }
    }
}
