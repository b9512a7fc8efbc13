package dev.stowage.core;

import java.util.List;
import java.util.Objects;

/**
 * What a save wrote.
 *
 * @param images every image in the archive, in order, each once
 * @param format the archive's format
 */
public record SaveResult(List<SavedImage> images, ArchiveFormat format) {
    public SaveResult {
        images = List.copyOf(images);
        Objects.requireNonNull(format, "format");
    }
}
