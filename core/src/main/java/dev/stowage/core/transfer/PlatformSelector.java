package dev.stowage.core.transfer;

import dev.stowage.core.PlatformMismatchException;
import dev.stowage.core.PlatformNotFoundException;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ImageIndex;
import dev.stowage.core.model.Platform;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Chooses among the platform manifests of an image index: the one place where a platform is
 * matched, for copies (pull, push, copy), builds on a base image and manifest lookups alike.
 * Matching is docker's ({@link ImageIndex#manifestFor(Platform)}): the exact platform first, else
 * the closest older variant it runs.
 *
 * <pre>{@code
 * Descriptor arm = PlatformSelector.select("nginx:1.25", index, Platform.parse("linux/arm64"), d -> true);
 * }</pre>
 */
public final class PlatformSelector {
    private PlatformSelector() {
    }

    /**
     * The entry for {@code wanted} among the entries whose manifest is {@code available} (a store
     * may hold only some platforms of an index).
     *
     * @param image the image, for the message
     * @throws PlatformNotFoundException if none matches; it lists the platforms available
     */
    public static Descriptor select(String image, ImageIndex index, Platform wanted, Predicate<Digest> available) {
        return index.manifestFor(wanted, available).orElseThrow(() -> new PlatformNotFoundException(image, wanted,
                platforms(index, available)));
    }

    /**
     * Refuses a single-platform image whose config names a platform that does not run
     * {@code wanted}, as docker's {@code pull --platform} refuses it.
     *
     * @param image the image, for the message
     * @throws PlatformMismatchException naming both platforms
     */
    public static void requireMatch(String image, Platform wanted, Platform actual) {
        if (!actual.matches(wanted)) {
            throw new PlatformMismatchException(image, wanted, actual);
        }
    }

    /**
     * The entry that stands for a whole index where one image must be shown (inspect, history,
     * the images list): the best match for {@code preferred} among the available entries, else
     * the first available one; empty when no platform of the index is available.
     */
    public static Optional<Descriptor> representative(ImageIndex index, Platform preferred, Predicate<Digest> available) {
        return index.manifestFor(preferred, available)
                .or(() -> index.manifests().stream().filter(d -> available.test(d.digest())).findFirst());
    }

    /** The platforms of the available entries, in index order. */
    public static List<Platform> platforms(ImageIndex index, Predicate<Digest> available) {
        return index.manifests().stream()
                .filter(d -> available.test(d.digest()))
                .map(Descriptor::platform)
                .flatMap(Optional::stream)
                .toList();
    }
}
