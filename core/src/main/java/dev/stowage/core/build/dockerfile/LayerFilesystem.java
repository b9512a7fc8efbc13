package dev.stowage.core.build.dockerfile;

import dev.stowage.core.StowageException;
import dev.stowage.core.build.StoredLayer;
import dev.stowage.core.spi.ImageStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The root filesystem a stack of layers makes, read from their tars in a store: each layer's
 * entries over the ones below, whiteouts ({@code .wh.NAME}) and opaque directories
 * ({@code .wh..wh..opq}) applied. Used for what a step needs to know of the image so far
 * (where a destination leads, who {@code --chown=app} is) and for {@code COPY --from}. Holds
 * metadata only; file contents are read again from the layers when copied. Read on first use.
 */
final class LayerFilesystem {
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    private static final int MAX_LINK_HOPS = 40;

    /** The kinds of entries a layer holds. */
    enum Kind { FILE, DIRECTORY, SYMLINK, HARDLINK, OTHER }

    /**
     * One path of the filesystem.
     *
     * @param path relative to the root, no leading or trailing slash
     * @param link a symlink's target as written, or a hard link's target path
     * @param layer the index of the layer the entry comes from
     */
    record Node(String path, Kind kind, int mode, long uid, long gid, long mtime, long size, String link, int layer) {
    }

    /** Where a path leads: its path with symlinks followed, and what is there. */
    record Resolved(String path, Optional<Node> node) {
        boolean isDirectory() {
            return node.map(n -> n.kind() == Kind.DIRECTORY).orElse(path.isEmpty());
        }
    }

    private final ImageStore store;
    private final List<StoredLayer> layers;
    private TreeMap<String, Node> nodes;

    LayerFilesystem(ImageStore store, List<StoredLayer> layers) {
        this.store = store;
        this.layers = new ArrayList<>(layers);
    }

    List<StoredLayer> layers() {
        return List.copyOf(layers);
    }

    /** Puts a layer on top; once the filesystem was read, only that layer is read. */
    void add(StoredLayer layer) {
        layers.add(layer);
        if (nodes != null) {
            apply(layers.size() - 1);
        }
    }

    /** A filesystem of the same layers that later {@link #add}s to either do not change the other. */
    LayerFilesystem copy() {
        LayerFilesystem copy = new LayerFilesystem(store, layers);
        if (nodes != null) {
            copy.nodes = new TreeMap<>(nodes);
        }
        return copy;
    }

    /** What is at {@code path} itself (a symlink is not followed). */
    Optional<Node> lstat(String path) {
        return Optional.ofNullable(nodes().get(path));
    }

    /**
     * Follows {@code path} (relative or absolute, both from the root) through symlinks as the
     * container would, never above the root: {@code ..} at the root stays at the root, an
     * absolute link target starts again at the root.
     *
     * @param followLast whether a symlink in the last component is followed too
     */
    Resolved resolve(String path, boolean followLast) {
        List<String> pending = new ArrayList<>(List.of(GoPath.clean("/" + path).substring(1).split("/")));
        pending.removeIf(String::isEmpty);
        String current = "";
        int hops = 0;
        while (!pending.isEmpty()) {
            String part = pending.remove(0);
            if (part.equals("..")) {
                int slash = current.lastIndexOf('/');
                current = slash < 0 ? "" : current.substring(0, slash);
                continue;
            }
            String candidate = current.isEmpty() ? part : current + "/" + part;
            Node node = nodes().get(candidate);
            boolean last = pending.isEmpty();
            if (node != null && node.kind() == Kind.SYMLINK && (!last || followLast)) {
                if (++hops > MAX_LINK_HOPS) {
                    throw new StowageException("too many levels of symbolic links resolving /" + path + " in the image");
                }
                String target = node.link();
                List<String> next = new ArrayList<>(List.of(target.split("/")));
                next.removeIf(s -> s.isEmpty() || s.equals("."));
                next.addAll(pending);
                pending = next;
                if (target.startsWith("/")) {
                    current = "";
                }
                continue;
            }
            current = candidate;
        }
        return new Resolved(current, Optional.ofNullable(nodes().get(current)));
    }

    /** Everything under {@code dir} (not {@code dir} itself), in path order. */
    Collection<Node> under(String dir) {
        if (dir.isEmpty()) {
            return nodes().values();
        }
        return nodes().subMap(dir + "/", dir + "/\uffff").values();
    }

    /** The content of a regular file or hard link, read from its layer; the caller closes it. */
    InputStream open(Node file) throws IOException {
        Node target = file;
        if (file.kind() == Kind.HARDLINK) {
            target = lookupLink(file);
        }
        String wanted = target.path();
        TarArchiveInputStream tar = Archives.tar(store.openBlob(layers.get(target.layer()).descriptor().digest()));
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            if (normalize(entry.getName()).equals(wanted) && entry.isFile()) {
                return tar;
            }
        }
        tar.close();
        throw new IOException("/" + wanted + " is not in its layer");
    }

    /**
     * Reads the contents of several files at once, one pass over each layer holding some,
     * handing each file's content to {@code sink} in layer order.
     */
    void read(Collection<Node> files, ContentSink sink) throws IOException {
        Map<Integer, Map<String, List<Node>>> byLayer = new TreeMap<>();
        for (Node file : files) {
            Node target = file.kind() == Kind.HARDLINK ? lookupLink(file) : file;
            byLayer.computeIfAbsent(target.layer(), k -> new HashMap<>())
                    .computeIfAbsent(target.path(), k -> new ArrayList<>()).add(file);
        }
        for (var layer : byLayer.entrySet()) {
            Map<String, List<Node>> wanted = layer.getValue();
            try (TarArchiveInputStream tar = Archives.tar(
                    store.openBlob(layers.get(layer.getKey()).descriptor().digest()))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null && !wanted.isEmpty()) {
                    List<Node> readers = entry.isFile() ? wanted.remove(normalize(entry.getName())) : null;
                    if (readers != null) {
                        sink.accept(readers, tar, entry.getSize());
                    }
                }
            }
            if (!wanted.isEmpty()) {
                throw new IOException("/" + wanted.keySet().iterator().next() + " is not in its layer");
            }
        }
    }

    /** Takes the content of files sharing one entry; reads at most {@code size} bytes. */
    interface ContentSink {
        void accept(List<Node> files, InputStream content, long size) throws IOException;
    }

    private Node lookupLink(Node link) throws IOException {
        Node target = nodes().get(link.link());
        if (target == null || target.kind() != Kind.FILE) {
            throw new IOException("/" + link.path() + " is a hard link to /" + link.link() + ", which is not a file");
        }
        return target;
    }

    private TreeMap<String, Node> nodes() {
        if (nodes == null) {
            // decompressing is the cost: the layers are read side by side, then applied in order
            List<CompletableFuture<Changes>> reads = new ArrayList<>();
            ExecutorService readers = Executors.newFixedThreadPool(
                    Math.max(1, Math.min(layers.size(), Runtime.getRuntime().availableProcessors())), r -> {
                        Thread t = new Thread(r, "stowage-layer-reader");
                        t.setDaemon(true);
                        return t;
                    });
            try {
                for (int i = 0; i < layers.size(); i++) {
                    int index = i;
                    reads.add(CompletableFuture.supplyAsync(() -> read(index), readers));
                }
                nodes = new TreeMap<>();
                for (CompletableFuture<Changes> read : reads) {
                    apply(join(read));
                }
            } finally {
                readers.shutdownNow();
            }
        }
        return nodes;
    }

    private static Changes join(CompletableFuture<Changes> read) {
        try {
            return read.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** What one layer does to the layers below it. */
    private record Changes(List<Node> added, List<String> whiteouts, List<String> opaque) {
    }

    private void apply(int index) {
        apply(read(index));
    }

    private Changes read(int index) {
        List<Node> added = new ArrayList<>();
        List<String> whiteouts = new ArrayList<>();
        List<String> opaque = new ArrayList<>();
        try (TarArchiveInputStream tar = Archives.tar(store.openBlob(layers.get(index).descriptor().digest()))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String path = normalize(entry.getName());
                if (path.isEmpty()) {
                    continue;
                }
                String base = GoPath.base(path);
                String dir = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
                if (base.equals(OPAQUE)) {
                    opaque.add(dir);
                } else if (base.startsWith(WHITEOUT)) {
                    String name = base.substring(WHITEOUT.length());
                    whiteouts.add(dir.isEmpty() ? name : dir + "/" + name);
                } else {
                    added.add(node(path, entry, index));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new StowageException("cannot read layer " + layers.get(index).descriptor().digest()
                    + " of the image being built: " + e.getMessage(), e);
        }
        return new Changes(added, whiteouts, opaque);
    }

    private void apply(Changes changes) {
        for (String dir : changes.opaque()) {
            subtree(dir).clear();
        }
        for (String path : changes.whiteouts()) {
            nodes.remove(path);
            subtree(path).clear();
        }
        for (Node node : changes.added()) {
            Node old = nodes.put(node.path(), node);
            if (old != null && old.kind() == Kind.DIRECTORY && node.kind() != Kind.DIRECTORY) {
                subtree(node.path()).clear(); // a directory replaced by something else loses what was under it
            }
        }
    }

    private SortedMap<String, Node> subtree(String dir) {
        return dir.isEmpty() ? nodes : nodes.subMap(dir + "/", dir + "/\uffff");
    }

    private static Node node(String path, TarArchiveEntry entry, int layer) {
        Kind kind;
        String link = null;
        if (entry.isDirectory()) {
            kind = Kind.DIRECTORY;
        } else if (entry.isSymbolicLink()) {
            kind = Kind.SYMLINK;
            link = entry.getLinkName();
        } else if (entry.isLink()) {
            kind = Kind.HARDLINK;
            link = normalize(entry.getLinkName());
        } else if (entry.isFile()) {
            kind = Kind.FILE;
        } else {
            kind = Kind.OTHER;
        }
        return new Node(path, kind, entry.getMode() & 07777, entry.getLongUserId(), entry.getLongGroupId(),
                entry.getLastModifiedTime().toInstant().getEpochSecond(), entry.isFile() ? entry.getSize() : 0, link,
                layer);
    }

    /** A tar entry name as a path from the root: no {@code ./}, no leading or trailing slash, no way above the root. */
    static String normalize(String name) {
        String cleaned = GoPath.clean("/" + name);
        return cleaned.equals("/") ? "" : cleaned.substring(1);
    }
}
