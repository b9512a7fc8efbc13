package dev.stowage.archive;

import dev.stowage.core.build.BuiltImage;
import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.ImageStore;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Small images built with the library itself, for the archive tests. */
final class TestImages {
    private TestImages() {
    }

    /** A base of one layer of {@code size} seeded random bytes. */
    static BuiltImage base(ImageStore store, String name, int size, long seed) {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        return ImageBuilder.fromScratch()
                .layer(l -> l.file("base.bin", content).createdBy("ADD base.bin /"))
                .env("PATH", "/usr/bin:/bin")
                .build(store, ImageReference.parse(name));
    }

    /** {@code base} plus one small layer. */
    static BuiltImage app(ImageStore store, String base, String name, String text) {
        return ImageBuilder.from(store, ImageReference.parse(base))
                .layer(l -> l.file("app/hello.txt", text.getBytes(StandardCharsets.UTF_8)).createdBy("COPY hello.txt /app/"))
                .entrypoint("/app/run")
                .build(store, ImageReference.parse(name));
    }
}
