package dev.stowage.store.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stowage.core.build.BuiltImage;
import dev.stowage.core.build.EntryAttributes;
import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.build.dockerfile.DockerfileBuildResult;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.store.InMemoryImageStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerfileBuildTest {
    private static final ImageReference BASE = ImageReference.parse("localhost/base:1");
    private static final ImageReference APP = ImageReference.parse("localhost/app:1");
    private static final Map<String, String> NO_ENV = Map.of();

    private final InMemoryImageStore store = new InMemoryImageStore();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        store.close();
    }

    /** A small base image: /etc/passwd with an app user, /lib a link to usr/lib, /tmp sticky, an environment. */
    private BuiltImage base() {
        return ImageBuilder.fromScratch()
                .environment(NO_ENV)
                .platform(Platform.parse("linux/amd64"))
                .layer(l -> l
                        .file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\n"
                                .getBytes(StandardCharsets.UTF_8))
                        .file("etc/group", "root:x:0:\napp:x:1001:\n".getBytes(StandardCharsets.UTF_8))
                        .directory("usr/lib")
                        .symlink("lib", "usr/lib")
                        .directory("tmp", EntryAttributes.defaults().withMode(01777))
                        .createdBy("ADD rootfs.tar /"))
                .env("PATH", "/usr/local/bin:/usr/bin:/bin")
                .env("JAVA_HOME", "/opt/java")
                .cmd("/bin/sh")
                .build(store, BASE);
    }

    private Path context(String dockerfile) throws IOException {
        Path ctx = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), dockerfile);
        return ctx;
    }

    @Test
    void aJavaAppDockerfileBuilds() throws IOException {
        base();
        Path ctx = context("FROM localhost/base:1\nCOPY target/app.jar /app/app.jar\nENV JAVA_OPTS=-Xmx256m\n"
                + "WORKDIR /app\nEXPOSE 8080\nENTRYPOINT [\"java\", \"-jar\", \"app.jar\"]\n");
        Files.createDirectories(ctx.resolve("target"));
        Files.writeString(ctx.resolve("target/app.jar"), "jar bytes");
        DockerfileBuildResult result = ImageBuilder.fromDockerfile(ctx).environment(NO_ENV).tags("localhost/app:1")
                .build(store);
        System.out.println(Rootfs.of(store, APP));
        System.out.println(new String(Rootfs.config(store, APP).raw(), StandardCharsets.UTF_8));
        assertEquals(1, result.layersWritten());
    }
}
