package dev.stowage.store.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.build.dockerfile.BuildProgress;
import dev.stowage.core.build.dockerfile.BuildStep;
import dev.stowage.core.build.dockerfile.DockerfileBuild;
import dev.stowage.core.build.dockerfile.DockerfileBuildResult;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.store.FileImageStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layer cache: unchanged steps reuse their layers, changed ones and those after them are redone. */
class DockerfileCacheTest {
    private static final String DOCKERFILE = """
            FROM localhost/base:1
            COPY lib/ /app/lib/
            COPY app.jar /app/
            COPY config/ /app/config/
            WORKDIR /app
            ENTRYPOINT ["java", "-jar", "app.jar"]
            """;

    @TempDir
    Path dir;
    private Path ctx;
    private FileImageStore store;

    @BeforeEach
    void setUp() throws IOException {
        store = FileImageStore.open(dir.resolve("store"));
        ImageBuilder.fromScratch().environment(Map.of()).platform(Platform.parse("linux/amd64"))
                .layer(l -> l.file("etc/os-release", "ID=test\n".getBytes()).directory("usr/lib"))
                .build(store, ImageReference.parse("localhost/base:1"));
        ctx = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), DOCKERFILE);
        Files.createDirectories(ctx.resolve("lib"));
        Files.writeString(ctx.resolve("lib/dep.jar"), "dependency");
        Files.writeString(ctx.resolve("app.jar"), "app v1");
        Files.createDirectories(ctx.resolve("config"));
        Files.writeString(ctx.resolve("config/app.yml"), "port: 8080");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private DockerfileBuild build() {
        return ImageBuilder.fromDockerfile(ctx).environment(Map.of()).tags("localhost/app:1");
    }

    @Test
    void aSecondBuildOfAnUnchangedContextWritesNoLayer() {
        DockerfileBuildResult first = build().build(store);
        List<Integer> cachedSteps = new ArrayList<>();
        DockerfileBuildResult second = build().progress(new BuildProgress() {
            @Override
            public void cached(BuildStep step) {
                cachedSteps.add(step.number());
            }
        }).build(store);
        assertEquals(3, first.layersWritten(), "the three COPYs; /app exists when WORKDIR comes");
        assertEquals(0, second.layersWritten());
        assertEquals(first.layersWritten(), second.layersCached());
        assertEquals(List.of(2, 3, 4), cachedSteps.subList(0, 3));
        assertEquals(first.image().manifestDigest(), second.image().manifestDigest());
    }

    @Test
    void changingOneFileRedoesItsStepAndTheStepsAfterIt() throws IOException {
        DockerfileBuildResult first = build().build(store);
        Files.writeString(ctx.resolve("app.jar"), "app v2");
        DockerfileBuildResult second = build().build(store);
        assertEquals(1, second.layersCached(), "the lib/ layer, before the jar");
        assertEquals(first.layersWritten() - 1, second.layersWritten());
        assertNotEquals(first.image().manifestDigest(), second.image().manifestDigest());
        assertEquals(first.image().layers().subList(0, 2), second.image().layers().subList(0, 2));
    }

    @Test
    void changingAnInstructionRedoesItsStep() throws IOException {
        build().build(store);
        Files.writeString(ctx.resolve("Dockerfile"), DOCKERFILE.replace("COPY config/ /app/config/",
                "COPY --chmod=600 config/ /app/config/"));
        DockerfileBuildResult second = build().build(store);
        assertEquals(2, second.layersCached());
    }

    @Test
    void noCacheRedoesEveryStepAndMakesTheSameImage() {
        DockerfileBuildResult first = build().build(store);
        DockerfileBuildResult second = build().noCache().build(store);
        assertEquals(0, second.layersCached());
        assertEquals(first.layersWritten(), second.layersWritten());
        assertEquals(first.image().manifestDigest(), second.image().manifestDigest());
    }

    @Test
    void theCacheOutlivesTheStoreObjectAndSurvivesItsLayersBeingCollected() {
        DockerfileBuildResult first = build().build(store);
        store.close();
        store = FileImageStore.open(dir.resolve("store"));
        assertEquals(0, build().build(store).layersWritten());
        store.delete("localhost/app:1", false);
        store.gc();
        DockerfileBuildResult again = build().build(store);
        assertEquals(first.layersWritten(), again.layersWritten(), "collected layers are written again");
        assertEquals(first.image().manifestDigest(), again.image().manifestDigest());
    }
}
