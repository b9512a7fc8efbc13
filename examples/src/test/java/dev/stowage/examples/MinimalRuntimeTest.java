package dev.stowage.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.MissingDependencyException;
import dev.stowage.core.OptionalDependency;
import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.build.LayerCompression;
import dev.stowage.store.InMemoryImageStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * What a minimal application (core, registry client and file store) brings at run time, as Maven
 * resolves it for a user: no Bouncy Castle and no zstd-jni (optional, for the features that need
 * them; a feature that needs one says so), and at most 6 MB in all. README.md gives the figure this
 * prints.
 */
class MinimalRuntimeTest {
    private static final long BUDGET = 6L * 1024 * 1024;

    @Test
    void neitherBouncyCastleNorZstdIsOnTheMinimalRuntime() {
        List<String> names = RuntimeClassPath.dependencies().stream()
                .map(p -> p.getFileName().toString().toLowerCase(Locale.ROOT)).toList();

        assertEquals(List.of(), names.stream().filter(n -> n.startsWith("bc") || n.contains("zstd")).toList(), names.toString());
    }

    @Test
    void aZstdLayerWithoutZstdJniSaysWhatToAdd() {
        // this module's tests run without zstd-jni too: the test kit does not bring it
        try (InMemoryImageStore store = InMemoryImageStore.create()) {
            ImageBuilder zstd = ImageBuilder.fromScratch().compression(LayerCompression.zstd())
                    .layer(l -> l.file("a.txt", new byte[] {1}));

            MissingDependencyException e = assertThrows(MissingDependencyException.class, () -> zstd.build(store));

            assertEquals(OptionalDependency.ZSTD_JNI, e.dependency());
            assertEquals("zstd compression of a layer needs com.github.luben:zstd-jni on the class path: add it to the "
                    + "build (Stowage declares it optional)", e.getMessage());
        }
    }

    @Test
    void theMinimalRuntimeWeighsAtMostSixMegabytes() {
        long total = 0;
        StringBuilder table = new StringBuilder();
        for (Path entry : RuntimeClassPath.dependencies()) {
            long size = RuntimeClassPath.size(entry);
            total += size;
            table.append(String.format(Locale.ROOT, "%,12d  %s%n", size, entry.getFileName()));
        }
        table.append(String.format(Locale.ROOT, "%,12d  in all (%d jars)%n", total, RuntimeClassPath.dependencies().size()));
        System.out.print(table);

        assertTrue(total <= BUDGET, "the minimal runtime is " + total + " bytes:\n" + table);
    }
}
