package dev.stowage.archive;

import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The images an archive lists, each once: entries of one image (several {@code manifest.json}
 * entries, or {@code index.json} entries one per name) merge, their names kept in order.
 */
final class ArchiveImages {
    /**
     * An image: its manifest or index, its names, and the {@code org.opencontainers.image.ref.name}
     * values an OCI layout gives it as written (a bare tag among them), which
     * {@code oci-archive:FILE:NAME} matches.
     */
    record Image(Digest top, List<ImageReference> names, List<String> refNames) {
        Image {
            names = List.copyOf(names);
            refNames = List.copyOf(refNames);
        }
    }

    private final Map<Digest, Image> images = new LinkedHashMap<>();

    void add(Image image) {
        images.merge(image.top(), image, (a, b) -> new Image(a.top(), union(a.names(), b.names()),
                union(a.refNames(), b.refNames())));
    }

    private static <T> List<T> union(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        b.stream().filter(x -> !all.contains(x)).forEach(all::add);
        return all;
    }

    List<Image> list() {
        return List.copyOf(images.values());
    }
}
