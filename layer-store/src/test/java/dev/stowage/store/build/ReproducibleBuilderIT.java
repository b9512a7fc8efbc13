package dev.stowage.store.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.build.BuiltImage;
import dev.stowage.core.build.LayerCompression;
import dev.stowage.store.FileImageStore;
import dev.stowage.store.InMemoryImageStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReproducibleBuilderIT {
    @TempDir
    Path dir;

    @Test
    void aBuildInAnotherJvmWithOtherUserTimezoneAndEncodingGivesTheSameDigests() throws Exception {
        Path sources = FixtureImages.appSources(dir);
        String child = ChildJvm.run(dir,
                List.of("-Duser.name=somebody-else", "-Duser.timezone=Pacific/Chatham", "-Dfile.encoding=ISO-8859-1",
                        "-Duser.language=tr"),
                FixtureImages.class, "app", dir.resolve("child-store").toString(), sources.toString());
        try (InMemoryImageStore store = new InMemoryImageStore()) {
            BuiltImage gzip = FixtureImages.app(sources, LayerCompression.gzip()).build(store, FixtureImages.APP);
            BuiltImage zstd = FixtureImages.app(sources, LayerCompression.zstd()).build(store);
            assertEquals(gzip.manifestDigest() + " " + gzip.imageId() + " " + zstd.manifestDigest() + " "
                    + zstd.imageId(), child);
        }
    }

    @Test
    void theChildsStoreHoldsAValidImageUnderTheReference() throws Exception {
        Path sources = FixtureImages.appSources(dir);
        String child = ChildJvm.run(dir, List.of(), FixtureImages.class, "app", dir.resolve("store").toString(),
                sources.toString());
        try (FileImageStore store = FileImageStore.open(dir.resolve("store"))) {
            assertEquals(child.split(" ")[0], store.resolve(FixtureImages.APP).orElseThrow().digest().toString());
            assertTrue(store.verify(false).problems().isEmpty(), store.verify(false).toString());
        }
    }
}
