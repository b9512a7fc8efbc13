package dev.stowage.store.build.dockerfile;

import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.build.dockerfile.DockerfileBuildResult;
import dev.stowage.store.FileImageStore;
import java.nio.file.Path;
import java.util.Map;

/** Builds the Dockerfile in a context into a file store, in a JVM of its own; prints the image's manifest digest. */
public final class ChildBuild {
    private ChildBuild() {
    }

    public static void main(String[] args) {
        try (FileImageStore store = FileImageStore.open(Path.of(args[1]))) {
            DockerfileBuildResult result = ImageBuilder.fromDockerfile(Path.of(args[0])).environment(Map.of())
                    .tags("localhost/large:1").build(store);
            System.out.println(result.image().manifestDigest() + " " + result.layersWritten());
        }
    }
}
