package dev.stowage.core;

import dev.stowage.core.image.ImageGraph;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.ImageRecord;
import dev.stowage.core.spi.ImageStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what {@code docker image inspect} shows about one image, found by name, digest, ID or
 * unique ID prefix.
 *
 * <pre>{@code
 * ImageInspection image = images.inspect("nginx:1.21").call();
 * image.config().env();      // [PATH=…]
 * System.out.println(image.toJson());
 * }</pre>
 */
public final class InspectRequest {
    private final ImageStore store;
    private final String reference;

    InspectRequest(ImageStore store, String reference) {
        this.store = store;
        this.reference = reference;
    }

    /**
     * @throws ImageNotFoundException if no image matches
     * @throws dev.stowage.core.ImageConflictException if an ID prefix matches several images
     * @throws StowageException if the image's config cannot be read
     */
    public ImageInspection call() {
        ImageRecord image = find(store, reference);
        ImageGraph.Resolved resolved = new ImageGraph(store).resolve(image);
        List<String> tags = image.tags().stream().map(ImageReference::familiar).toList();
        return new ImageInspection(image.id(), image.digest(), tags, repoDigests(image), image.size(),
                image.lastTagged(), resolved.config());
    }

    /**
     * One {@code name@digest} per repository the image is named in: the digest names stored,
     * and for a repository with only tags, its name pinned to the image's manifest digest (what
     * a registry serves it under), as docker does with a containerd image store.
     */
    static List<String> repoDigests(ImageRecord image) {
        List<String> digests = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (ImageReference r : image.references()) {
            if (!names.contains(r.name())) {
                names.add(r.name());
                ImageReference pinned = r.digest().isPresent() ? r : r.repoDigest(image.digest());
                digests.add(pinned.familiar());
            }
        }
        return digests;
    }

    static ImageRecord find(ImageStore store, String reference) {
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("image reference is empty; give a name, digest or ID");
        }
        return store.resolve(reference).orElseThrow(() -> new ImageNotFoundException(reference));
    }
}
