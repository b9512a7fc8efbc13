package dev.stowage.core;

import dev.stowage.core.build.BuiltImage;
import dev.stowage.core.build.BuiltIndex;
import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.core.spi.ImageStore;
import dev.stowage.registry.RegistryClient;
import dev.stowage.registry.RetryPolicy;
import dev.stowage.testkit.CountingProxy;
import dev.stowage.testkit.Skopeo;
import java.util.Random;

/**
 * Images for the pull and push tests, built with the {@link ImageBuilder}: layers of random
 * (incompressible) bytes, so every layer is a distinct blob of a known size; and what the
 * registry saw of a transfer, read from a {@link CountingProxy}.
 */
public final class RemoteFixtures {
    private RemoteFixtures() {
    }

    /** An image from scratch with one layer per size, each a file of random bytes drawn from {@code seed}. */
    public static BuiltImage image(ImageStore store, String reference, long seed, int... layerSizes) {
        ImageBuilder builder = ImageBuilder.fromScratch().platform(Platform.parse("linux/amd64"));
        addLayers(builder, seed, layerSizes);
        return builder.build(store, ImageReference.parse(reference));
    }

    /** {@code base} (stored under that name) plus one layer per size. */
    public static BuiltImage on(ImageStore store, String base, String reference, long seed, int... layerSizes) {
        ImageBuilder builder = ImageBuilder.from(store, ImageReference.parse(base), Platform.parse("linux/amd64"));
        addLayers(builder, seed, layerSizes);
        return builder.build(store, ImageReference.parse(reference));
    }

    /** A linux/amd64 and a linux/arm64 image (one layer each), under an index named {@code reference}. */
    public static BuiltIndex twoPlatforms(ImageStore store, String reference, long seed) {
        BuiltImage amd64 = platformImage(store, "linux/amd64", seed);
        BuiltImage arm64 = platformImage(store, "linux/arm64", seed + 1);
        return ImageBuilder.index().add(amd64).add(arm64).build(store, ImageReference.parse(reference));
    }

    private static BuiltImage platformImage(ImageStore store, String platform, long seed) {
        ImageBuilder builder = ImageBuilder.fromScratch().platform(Platform.parse(platform));
        addLayers(builder, seed, 20_000);
        return builder.build(store);
    }

    private static void addLayers(ImageBuilder builder, long seed, int... sizes) {
        for (int i = 0; i < sizes.length; i++) {
            byte[] content = new byte[sizes[i]];
            new Random(seed * 31 + i).nextBytes(content);
            String name = "data/layer-" + seed + "-" + i + ".bin";
            builder.layer(l -> l.file(name, content).createdBy("COPY " + name));
        }
    }

    /** A registry client without the user's docker credentials. */
    public static RegistryClient client() {
        return RegistryClient.builder().credentials(CredentialProvider.anonymous()).build();
    }

    /** A registry client that gives up at the first broken connection. */
    public static RegistryClient clientWithoutRetries() {
        return RegistryClient.builder().credentials(CredentialProvider.anonymous()).retryPolicy(RetryPolicy.none()).build();
    }

    /** {@code repositoryAndTag} on the registry behind {@code proxy}: {@code 127.0.0.1:PORT/push/app:1}. */
    public static String at(CountingProxy proxy, String repositoryAndTag) {
        return proxy.host() + "/" + repositoryAndTag;
    }

    /** The digest of the manifest a registry serves for {@code reference}, as skopeo reads it. */
    public static Digest remoteDigest(Skopeo skopeo, String reference) {
        return Digest.sha256(skopeo.inspectRaw("docker://" + reference));
    }

    /** Blob bytes clients sent through the proxy: the bodies of upload {@code PATCH} and {@code PUT} requests. */
    public static long uploadedBlobBytes(CountingProxy proxy) {
        return proxy.exchanges(e -> (e.method().equals("PATCH") || e.method().equals("PUT"))
                && e.target().contains("/blobs/uploads/")).stream().mapToLong(CountingProxy.Exchange::requestBodyBytes).sum();
    }

    /** Blob bytes clients received through the proxy: the bodies of blob {@code GET}s. */
    public static long downloadedBlobBytes(CountingProxy proxy) {
        return proxy.exchanges(e -> e.method().equals("GET") && e.target().contains("/blobs/sha256:")).stream()
                .mapToLong(CountingProxy.Exchange::responseBodyBytes).sum();
    }
}
