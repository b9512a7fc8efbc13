package dev.stowage.core.build;

import java.util.Objects;

/**
 * One entry of a layer being built, before defaults are applied.
 *
 * @param size bytes of a file's content, 0 otherwise
 * @param content a file's content, null otherwise
 * @param linkTarget a symlink's target as given, null otherwise
 */
record LayerEntry(String path, Type type, EntryAttributes attributes, long size, EntryContent content,
        String linkTarget) {
    enum Type {
        FILE(0644), DIRECTORY(0755), SYMLINK(0777);

        private final int defaultMode;

        Type(int defaultMode) {
            this.defaultMode = defaultMode;
        }
    }

    LayerEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(attributes, "attributes");
    }

    static LayerEntry file(String path, long size, EntryContent content, EntryAttributes attributes) {
        return new LayerEntry(path, Type.FILE, attributes, size, Objects.requireNonNull(content, "content"), null);
    }

    static LayerEntry directory(String path, EntryAttributes attributes) {
        return new LayerEntry(path, Type.DIRECTORY, attributes, 0, null, null);
    }

    static LayerEntry symlink(String path, String target, EntryAttributes attributes) {
        return new LayerEntry(path, Type.SYMLINK, attributes, 0, null, Objects.requireNonNull(target, "target"));
    }

    int mode() {
        return attributes.mode().orElse(type.defaultMode);
    }
}
