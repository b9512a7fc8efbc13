package dev.stowage.core.build;

import dev.stowage.core.model.Descriptor;
import dev.stowage.core.spi.ImageStore;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The files, directories and symlinks of one layer, given through
 * {@link ImageBuilder#layer(java.util.function.Consumer)}. Paths are relative to the layer root
 * ({@code app/run.sh} is {@code /app/run.sh} in the container); absolute paths and {@code ..}
 * are refused with {@link InvalidLayerPathException}.
 *
 * <pre>{@code
 * builder.layer(l -> l
 *         .directory("app")
 *         .file("app/run.sh", script, EntryAttributes.defaults().withMode(0755))
 *         .symlink("usr/local/bin/run", "/app/run.sh")
 *         .copyDirectory(Path.of("build/libs"), "app/lib")
 *         .createdBy("COPY build/libs /app/lib"));
 * }</pre>
 *
 * <p>The tar is written as docker and BuildKit write layers: entries in depth-first order with
 * siblings sorted by name, names relative and without {@code ./}, directories ending in
 * {@code /}; a parent directory not given is added with mode {@code 0755}, owner {@code 0:0}
 * and the build timestamp. A path given twice keeps the last one given. An entry beneath a
 * symlink of the same layer is refused, since writing it would follow the link.
 */
public final class LayerBuilder {
    private final List<Source> sources = new ArrayList<>();
    private String createdBy = "";
    private String comment = "";

    /** An empty layer; see {@link ImageBuilder#layer(java.util.function.Consumer)} for the usual way to get one. */
    public LayerBuilder() {
    }

    /** A regular file with mode {@code 0644}. */
    public LayerBuilder file(String path, byte[] content) {
        return file(path, content, EntryAttributes.defaults());
    }

    /** A regular file with the given permission bits, e.g. {@code 0755}. */
    public LayerBuilder file(String path, byte[] content, int mode) {
        return file(path, content, EntryAttributes.defaults().withMode(mode));
    }

    public LayerBuilder file(String path, byte[] content, EntryAttributes attributes) {
        byte[] copy = Objects.requireNonNull(content, "content").clone();
        return file(path, copy.length, () -> new ByteArrayInputStream(copy), attributes);
    }

    /**
     * A regular file whose content is streamed from {@code content} when the image is built.
     *
     * @param size the exact number of bytes the content gives; a different number fails the build
     *     with {@link LayerSourceException}
     */
    public LayerBuilder file(String path, long size, EntryContent content, EntryAttributes attributes) {
        if (size < 0) {
            throw new IllegalArgumentException("size of " + path + " must not be negative, got " + size);
        }
        return add(LayerEntry.file(nonRoot(path), size, content, attributes));
    }

    /** A directory with mode {@code 0755}. */
    public LayerBuilder directory(String path) {
        return directory(path, EntryAttributes.defaults());
    }

    public LayerBuilder directory(String path, EntryAttributes attributes) {
        return add(LayerEntry.directory(nonRoot(path), attributes));
    }

    /**
     * A symbolic link. The target is stored as given: an absolute target ({@code /bin/busybox})
     * is resolved by the container runtime inside the container's root.
     */
    public LayerBuilder symlink(String path, String target) {
        return symlink(path, target, EntryAttributes.defaults());
    }

    public LayerBuilder symlink(String path, String target, EntryAttributes attributes) {
        if (target == null || target.isEmpty() || target.indexOf('\0') >= 0) {
            throw new InvalidLayerPathException(path, "a symlink needs a non-empty target without NUL characters");
        }
        return add(LayerEntry.symlink(nonRoot(path), target, attributes));
    }

    /**
     * Everything under {@code source} (not the directory itself), placed under
     * {@code containerPath} ({@code ""} for the layer root), read when the image is built, as
     * docker's {@code COPY source/ /containerPath/} does. Permission bits come from the files;
     * owners are {@code 0:0} and times the build timestamp, so the layer does not depend on who
     * checked the files out or when. Symlinks are kept as symlinks, never followed; hard links
     * become separate files; sockets, pipes and devices are refused.
     */
    public LayerBuilder copyDirectory(Path source, String containerPath) {
        Objects.requireNonNull(source, "source");
        sources.add(new DirectoryCopy(source, LayerPath.normalize(containerPath)));
        return this;
    }

    /** The {@code created_by} of this layer's history entry, e.g. {@code COPY app /app}. */
    public LayerBuilder createdBy(String createdBy) {
        this.createdBy = Objects.requireNonNull(createdBy, "createdBy");
        return this;
    }

    /** The {@code comment} of this layer's history entry. */
    public LayerBuilder comment(String comment) {
        this.comment = Objects.requireNonNull(comment, "comment");
        return this;
    }

    /**
     * Writes this layer into {@code store} now, streamed in one pass like
     * {@link ImageBuilder#build} writes its layers, for images to share with
     * {@link ImageBuilder#layer(StoredLayer, String, String)}. The blob is unreferenced until an
     * image uses it: write it under an open {@link dev.stowage.core.spi.Lease} so that a
     * collection does not remove it first.
     *
     * @param timestamp the time of entries without one (see {@link BuildTimestamp})
     * @throws InvalidLayerPathException if an entry is beneath a symlink or a file of this layer
     * @throws LayerSourceException if content cannot be read as declared
     */
    public StoredLayer writeTo(ImageStore store, ImageFormat format, LayerCompression compression, Instant timestamp) {
        String mediaType = format.layerMediaType(compression);
        SortedMap<String, LayerEntry> entries = entries();
        LayerBlob blob = LayerWriter.write(store, compression, out -> LayerTar.write(entries, timestamp, out));
        return new StoredLayer(Descriptor.of(mediaType, blob.digest(), blob.size()), blob.diffId());
    }

    String createdBy() {
        return createdBy;
    }

    String comment() {
        return comment;
    }

    /**
     * The entries in tar order, missing parents added, read from the sources now.
     *
     * @throws InvalidLayerPathException if an entry is beneath a symlink or a file of this layer
     */
    SortedMap<String, LayerEntry> entries() {
        SortedMap<String, LayerEntry> entries = new TreeMap<>(LayerPath.ORDER);
        for (Source source : sources) {
            source.addTo(entries);
        }
        List<LayerEntry> parents = new ArrayList<>();
        for (Map.Entry<String, LayerEntry> e : entries.entrySet()) {
            String path = e.getKey();
            for (String parent = LayerPath.parent(path); !parent.isEmpty(); parent = LayerPath.parent(parent)) {
                LayerEntry existing = entries.get(parent);
                if (existing == null) {
                    parents.add(LayerEntry.directory(parent, EntryAttributes.defaults()));
                } else if (existing.type() == LayerEntry.Type.SYMLINK) {
                    throw new InvalidLayerPathException(path, "is beneath " + parent + ", a symlink in the same "
                            + "layer; writing it would follow the link, possibly out of the layer root");
                } else if (existing.type() == LayerEntry.Type.FILE) {
                    throw new InvalidLayerPathException(path, "is beneath " + parent + ", a regular file in the "
                            + "same layer");
                }
            }
        }
        parents.forEach(p -> entries.putIfAbsent(p.path(), p));
        return entries;
    }

    private LayerBuilder add(LayerEntry entry) {
        sources.add(new Single(entry));
        return this;
    }

    private static String nonRoot(String path) {
        String normalized = LayerPath.normalize(path);
        if (normalized.isEmpty()) {
            throw new InvalidLayerPathException(path, "names the layer root, which is not an entry");
        }
        return normalized;
    }

    /** Something that contributes entries, applied in the order given so later ones win. */
    private sealed interface Source permits Single, DirectoryCopy {
        void addTo(SortedMap<String, LayerEntry> entries);
    }

    private record Single(LayerEntry entry) implements Source {
        @Override
        public void addTo(SortedMap<String, LayerEntry> entries) {
            entries.put(entry.path(), entry);
        }
    }

    private record DirectoryCopy(Path source, String containerPath) implements Source {
        @Override
        public void addTo(SortedMap<String, LayerEntry> entries) {
            DirectoryTree.read(source, containerPath).forEach(e -> entries.put(e.path(), e));
        }
    }
}
