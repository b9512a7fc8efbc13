package dev.stowage.core.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.stowage.core.NotFoundException;
import dev.stowage.core.RegistryException;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ManifestDocument;
import dev.stowage.core.spi.ImageSource;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The first source that has the image serves it; the last one's failure is the error. */
class FallbackSourceTest {
    private final List<String> asked = new ArrayList<>();

    /** A source that resolves to {@code digest}, or fails with {@code failure}. */
    private ImageSource source(String name, Digest digest, RuntimeException failure) {
        return new ImageSource() {
            @Override
            public String description() {
                return name;
            }

            @Override
            public Digest resolve() {
                asked.add(name);
                if (failure != null) {
                    throw failure;
                }
                return digest;
            }

            @Override
            public ManifestDocument manifest(Digest d) {
                throw new UnsupportedOperationException();
            }

            @Override
            public InputStream openBlob(Descriptor blob, long offset) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void theFirstSourceThatResolvesIsChosenAndTheRestAreNotAsked() {
        Digest digest = Digest.sha256(new byte[] {1});
        ImageSource mirror = source("mirror", digest, null);
        FallbackSource<ImageSource> source = new FallbackSource<>(List.of(mirror, source("registry", digest, null)));

        assertEquals(digest, source.resolve());
        assertSame(mirror, source.chosen().orElseThrow());
        assertEquals(List.of("mirror"), asked);
        assertEquals("mirror", source.description());
    }

    @Test
    void aSourceThatFailsIsPassedOver() {
        Digest digest = Digest.sha256(new byte[] {2});
        FallbackSource<ImageSource> source = new FallbackSource<>(List.of(
                source("down", null, new RegistryException("cannot reach down", "down", -1, null)),
                source("lacking", null, new NotFoundException("manifest unknown")),
                source("registry", digest, null)));

        assertEquals(digest, source.resolve());
        assertEquals(List.of("down", "lacking", "registry"), asked);
        assertEquals(Optional.of("registry"), source.chosen().map(ImageSource::description));
    }

    @Test
    void whenNoneHasTheImageTheLastOnesFailureIsThrownWithTheOthersAttached() {
        NotFoundException last = new NotFoundException("manifest unknown: registry/app:1");
        FallbackSource<ImageSource> source = new FallbackSource<>(List.of(
                source("mirror", null, new NotFoundException("manifest unknown: mirror/app:1")),
                source("registry", null, last)));

        NotFoundException thrown = assertThrows(NotFoundException.class, source::resolve);

        assertSame(last, thrown);
        assertEquals("manifest unknown: mirror/app:1", thrown.getSuppressed()[0].getMessage());
        assertEquals(Optional.empty(), source.chosen());
    }
}
