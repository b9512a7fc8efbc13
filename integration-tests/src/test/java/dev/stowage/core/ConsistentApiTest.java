package dev.stowage.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.build.BuiltImage;
import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.core.spi.ImageStore;
import dev.stowage.core.spi.Registry;
import dev.stowage.store.InMemoryImageStore;
import java.lang.reflect.Method;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The API has one shape: both stores open with a static factory, every method naming an image takes
 * text or an {@link ImageReference} alike, and an image is built into a manager without naming its
 * store twice.
 */
class ConsistentApiTest {
    private final ImageManager images = ImageManager.builder().store(InMemoryImageStore.create()).build();

    @AfterEach
    void close() {
        images.close();
    }

    @Test
    void anImageIsBuiltIntoTheManagerWithoutNamingItsStore() {
        BuiltImage base = ImageBuilder.fromScratch(images).layer(l -> l.file("etc/base", bytes("base"))).build("base:1");

        BuiltImage app = ImageBuilder.from(images, "base:1").layer(l -> l.file("app/app", bytes("app"))).build("app:1");

        assertEquals(app.manifestDigest(), images.inspect("app:1").call().digest());
        assertEquals(base.layers().get(0), app.layers().get(0));
    }

    @Test
    void aBuilderFromAStoreBuildsIntoThatStore() {
        ImageBuilder.fromScratch().layer(l -> l.file("etc/base", bytes("base"))).build(images.store(),
                ImageReference.parse("base:1"));

        BuiltImage app = ImageBuilder.from(images.store(), ImageReference.parse("base:1"))
                .layer(l -> l.file("app/app", bytes("app"))).build("app:1");

        assertEquals(app.manifestDigest(), images.inspect("app:1").call().digest());
    }

    @Test
    void aBuilderWithoutAStoreSaysWhereToBuild() {
        ImageBuilder builder = ImageBuilder.fromScratch().layer(l -> l.file("a", bytes("a")));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> builder.build("app:1"));
        assertTrue(e.getMessage().contains("fromScratch(images)"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> builder.push("127.0.0.1:5000/app:1"));
    }

    @Test
    void everyMethodNamingAnImageTakesAReferenceAsWellAsText() {
        ImageReference app = ImageReference.parse("app:1");
        ImageBuilder.fromScratch(images).layer(l -> l.file("a", bytes("a"))).build(app);
        ImageReference copy = ImageReference.parse("copy:1");

        assertEquals(copy.withDefaultTag(), images.tag(app, copy));
        assertEquals(images.inspect(app).call().digest(), images.inspect("copy:1").call().digest());
        assertEquals(images.history(app).call(), images.history("app:1").call());
        assertTrue(images.untag(copy));
        assertFalse(images.untag(copy));
        images.pull(app); // requests made from a reference, as from text
        images.push(app);
        images.remove(app).call();
        assertTrue(images.list().call().isEmpty());
    }

    @Test
    void everyNotFoundIsANotFoundException() {
        assertThrows(NotFoundException.class, () -> images.inspect("missing:1").call());
        assertThrows(NotFoundException.class, () -> images.store().openBlob(
                dev.stowage.core.model.Digest.sha256(bytes("nothing"))));
        assertTrue(NotFoundException.class.isAssignableFrom(ImageNotFoundException.class));
        assertTrue(NotFoundException.class.isAssignableFrom(BlobNotFoundException.class));
    }

    @Test
    void theTypesApplicationsUseLiveOutsideTheSpi() {
        for (String name : List.of("ProgressListener", "ProgressEvent", "Credential", "ImageNotFoundException")) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName("dev.stowage.core.spi." + name), name);
        }
        Set<Class<?>> seen = new TreeSet<>(Comparator.comparing(Class::getName));
        for (Class<?> type : List.of(ImageManager.class, ImageManager.Builder.class, PullRequest.class, PushRequest.class,
                CopyRequest.class, ListRequest.class, InspectRequest.class, HistoryRequest.class, RemoveRequest.class,
                PruneRequest.class, DiskUsageRequest.class, ImageBuilder.class, BuiltImage.class)) {
            for (Method method : type.getMethods()) {
                seen.add(method.getReturnType());
                seen.addAll(List.of(method.getParameterTypes()));
                seen.addAll(List.of(method.getExceptionTypes()));
            }
        }
        // what an application plugs in (a store, a registry client, where credentials come from) is the SPI
        Set<Class<?>> plugIns = Set.of(ImageStore.class, Registry.class, CredentialProvider.class);
        List<String> fromSpi = seen.stream().filter(t -> t.getPackageName().equals("dev.stowage.core.spi"))
                .filter(t -> !plugIns.contains(t)).map(Class::getSimpleName).toList();
        assertEquals(List.of(), fromSpi, "an application meets only the SPI's plug-ins");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }
}
