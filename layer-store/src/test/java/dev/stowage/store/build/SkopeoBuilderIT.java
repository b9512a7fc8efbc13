package dev.stowage.store.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.core.build.BuiltImage;
import dev.stowage.core.build.BuiltIndex;
import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.build.ImageFormat;
import dev.stowage.core.build.LayerCompression;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.store.FileImageStore;
import dev.stowage.testkit.RegistryExtension;
import dev.stowage.testkit.Skopeo;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Images built into a {@link FileImageStore} are read by the real skopeo, and the reverse. */
class SkopeoBuilderIT {
    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.plain();

    private final Skopeo skopeo = Skopeo.locate();

    @TempDir
    Path dir;

    static Stream<Arguments> formats() {
        return Stream.of(Arguments.of(ImageFormat.OCI, LayerCompression.gzip()),
                Arguments.of(ImageFormat.OCI, LayerCompression.zstd()),
                Arguments.of(ImageFormat.OCI, LayerCompression.none()));
    }

    /*
     * Docker-typed manifests are not among these: skopeo 1.9's oci: transport only looks at
     * index.json entries of the OCI manifest and index types ("no descriptor found for reference").
     */
    @ParameterizedTest
    @MethodSource("formats")
    void skopeoCopiesABuiltImageOutOfTheStoreKeepingItsManifestDigest(ImageFormat format, LayerCompression compression)
            throws Exception {
        Path src = FixtureImages.appSources(dir);
        BuiltImage built;
        try (FileImageStore store = FileImageStore.open(dir.resolve("store"))) {
            built = FixtureImages.app(src, compression).format(format).build(store, FixtureImages.APP);
        }
        String ref = FixtureImages.APP.toString(); // the store names images by their full reference
        // without --preserve-digests skopeo gzips plain tar layers on their way into a layout
        skopeo.copy("oci:" + dir.resolve("store") + ":" + ref, "oci:" + dir.resolve("copy") + ":" + ref,
                "--preserve-digests");
        JsonNode index = new ObjectMapper().readTree(dir.resolve("copy/index.json").toFile());
        assertEquals(built.manifestDigest().toString(), index.get("manifests").get(0).get("digest").asText());
    }

    @Test
    void skopeoPushesABuiltMultiPlatformImageToARegistryKeepingItsDigest() throws Exception {
        BuiltIndex index;
        try (FileImageStore store = FileImageStore.open(dir.resolve("store"))) {
            BuiltImage amd64 = FixtureImages.app(FixtureImages.appSources(dir), LayerCompression.gzip())
                    .platform(Platform.parse("linux/amd64")).build(store);
            BuiltImage arm64 = FixtureImages.app(dir.resolve("src"), LayerCompression.gzip())
                    .platform(Platform.parse("linux/arm64/v8")).build(store);
            index = ImageBuilder.index().add(amd64).add(arm64).build(store, FixtureImages.APP);
        }
        String target = "docker://" + registry.host() + "/team/app:1";
        skopeo.copy("oci:" + dir.resolve("store") + ":" + FixtureImages.APP, target, "--all", "--preserve-digests");
        assertEquals(index.digest(), Digest.sha256(skopeo.inspectRaw(target)));
    }

    @Test
    void skopeoReadsTheBuiltConfig() throws Exception {
        Path src = FixtureImages.appSources(dir);
        try (FileImageStore store = FileImageStore.open(dir.resolve("store"))) {
            FixtureImages.app(src, LayerCompression.gzip()).build(store, FixtureImages.APP);
        }
        JsonNode inspect = new ObjectMapper().readTree(skopeo.run("inspect", "oci:" + dir.resolve("store") + ":"
                + FixtureImages.APP).requireSuccess().stdout());
        assertEquals("amd64", inspect.get("Architecture").asText());
        assertEquals("linux", inspect.get("Os").asText());
        assertEquals("2023-11-14T22:13:20Z", inspect.get("Created").asText());
        assertEquals(2, inspect.get("Layers").size());
        assertTrue(inspect.get("Env").toString().contains("APP_MODE=production"), inspect.toString());
    }

    @Test
    void anImageSkopeoWroteIsABaseForANewBuild() throws Exception {
        Path src = FixtureImages.appSources(dir);
        BuiltImage base;
        try (FileImageStore store = FileImageStore.open(dir.resolve("store"))) {
            base = FixtureImages.app(src, LayerCompression.gzip()).build(store, FixtureImages.APP);
        }
        skopeo.copy("oci:" + dir.resolve("store") + ":" + FixtureImages.APP,
                "oci:" + dir.resolve("skopeo") + ":docker.io/library/base:1");
        try (FileImageStore skopeoLayout = FileImageStore.open(dir.resolve("skopeo"));
                FileImageStore target = FileImageStore.open(dir.resolve("target"))) {
            BuiltImage child = ImageBuilder.from(skopeoLayout, ImageReference.parse("base:1"), Platform.parse("linux/amd64"))
                    .environment(Map.of())
                    .layer(l -> l.file("extra.txt", new byte[] {1}))
                    .build(target, ImageReference.parse("localhost/child:1"));
            assertEquals(base.layers(), child.layers().subList(0, 2));
            assertTrue(target.verify(false).problems().isEmpty(), target.verify(false).toString());
        }
        skopeo.copy("oci:" + dir.resolve("target") + ":localhost/child:1", "oci:" + dir.resolve("again") + ":child");
    }
}
