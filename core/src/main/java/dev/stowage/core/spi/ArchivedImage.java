package dev.stowage.core.spi;

import dev.stowage.core.reference.ImageReference;
import java.util.List;
import java.util.Objects;

/**
 * One image of an archive.
 *
 * @param names its names in the archive ({@code RepoTags}, or an index's name annotations), each
 *     with a tag ({@code latest} when the archive gave none, as docker reads it); empty for an
 *     image saved without a name
 * @param source where the copier reads it; it belongs to the archive and is closed with it
 */
public record ArchivedImage(List<ImageReference> names, ImageSource source) {
    public ArchivedImage {
        names = List.copyOf(names);
        Objects.requireNonNull(source, "source");
    }
}
