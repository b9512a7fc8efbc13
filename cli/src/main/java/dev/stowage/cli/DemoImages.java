package dev.stowage.cli;

import dev.stowage.core.build.BuiltImage;
import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.ImageStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;

/**
 * The images {@code stowage demo} builds: {@code demo/base:1}, a small base layer of a few
 * system files, and versions of {@code demo/app} on top of it, each with its own app layer,
 * creation time and labels. Built with {@link ImageBuilder}, reproducibly: every run, on any
 * machine of the same architecture, gives the same digests.
 */
final class DemoImages {
    static final String BASE = "demo/base:1";
    static final String APP = "demo/app";

    /** The base image's date; version n of the app is dated n years later, so that ages differ in any year. */
    private static final Instant BASE_CREATED = Instant.parse("2022-03-01T09:00:00Z");
    /** Entry times come from SOURCE_DATE_EPOCH; an empty environment pins them to 1970 whatever the caller's. */
    private static final Map<String, String> NO_ENVIRONMENT = Map.of();
    private static final int LIBRARY_BYTES = 300_000;
    private static final int JAR_BYTES = 120_000;

    private final ImageStore store;

    DemoImages(ImageStore store) {
        this.store = store;
    }

    /** {@code demo/app:VERSION}. */
    static String app(int version) {
        return APP + ":" + version;
    }

    BuiltImage buildBase() {
        return ImageBuilder.fromScratch()
                .environment(NO_ENVIRONMENT)
                .created(BASE_CREATED)
                .layer(l -> l
                        .file("etc/os-release", text("""
                                NAME="Demo Linux"
                                ID=demo
                                VERSION_ID=1
                                PRETTY_NAME="Demo Linux 1"
                                """))
                        .file("etc/passwd", text("root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/app:/sbin/nologin\n"))
                        .file("etc/group", text("root:x:0:\napp:x:1000:\n"))
                        .file("usr/lib/libdemo.so.1", noise(LIBRARY_BYTES, 0), 0755)
                        .symlink("usr/lib/libdemo.so", "libdemo.so.1")
                        .directory("tmp")
                        .createdBy("ADD rootfs.tar /"))
                .env("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
                .label("org.opencontainers.image.title", "demo base")
                .label("org.opencontainers.image.version", "1")
                .cmd("/bin/sh")
                .build(store, ImageReference.parse(BASE));
    }

    /** Version {@code version} (1 or more) of the app, on top of the base, which must be stored. */
    BuiltImage buildApp(int version) {
        String v = Integer.toString(version);
        return ImageBuilder.from(store, ImageReference.parse(BASE))
                .environment(NO_ENVIRONMENT)
                .created(BASE_CREATED.plus(Duration.ofDays(365L * version)))
                .layer(l -> l
                        .file("app/app.jar", noise(JAR_BYTES, version))
                        .file("app/app.properties", text("version=" + v + "\ngreeting=Hello from demo app " + v + "\n"))
                        .file("app/run.sh", text("#!/bin/sh\nexec /usr/bin/java -jar /app/app.jar \"$@\"\n"), 0755)
                        .createdBy("COPY app/ /app/"))
                .env("APP_VERSION", v)
                .workingDir("/app")
                .user("app")
                .entrypoint("/app/run.sh")
                .exposedPort("8080/tcp")
                .label("org.opencontainers.image.title", "demo app")
                .label("org.opencontainers.image.version", v)
                .build(store, ImageReference.parse(app(version)));
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Incompressible bytes, so sizes look like real binaries; java.util.Random's sequence is fixed by its specification. */
    private static byte[] noise(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
