package dev.stowage.core.build.dockerfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.core.build.StoredLayer;
import dev.stowage.core.model.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a step needs to know of the filesystem it builds on: where a destination leads (through
 * symlinks such as {@code /lib -> usr/lib}) and which directories exist there already (their
 * owner and mode stay), and the content of small files ({@code /etc/passwd} for
 * {@code --chown=app}). Learning it means reading every layer, so each answer is remembered in
 * the build cache under the layers it came from; a rebuild asks the cache, not the layers.
 */
final class ParentView {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final BuildCache cache;
    private final List<StoredLayer> chain;
    private final LayerFilesystem filesystem;

    /** @param filesystem the filesystem of {@code chain}, read only when an answer is not in the cache */
    ParentView(BuildCache cache, LayerFilesystem filesystem) {
        this.cache = cache;
        this.chain = filesystem.layers();
        this.filesystem = filesystem;
    }

    /** Owner, mode and time of a directory that exists. */
    record Meta(int mode, long uid, long gid, long mtime) {
    }

    /**
     * Where a destination leads.
     *
     * @param target the destination with symlinks followed, relative to the root ({@code ""} for it)
     * @param targetIsDirectory whether a directory is there
     * @param directories the existing directories among the target's ancestors, the target, and
     *     the subdirectories asked about, by path
     */
    record Placement(String target, boolean targetIsDirectory, Map<String, Meta> directories) {
    }

    /**
     * @param dest the destination, absolute
     * @param subdirectories paths relative to the target whose existing directories matter
     */
    Placement place(String dest, List<String> subdirectories) {
        if (chain.isEmpty()) {
            String target = LayerFilesystem.normalize(dest);
            return new Placement(target, target.isEmpty(), Map.of());
        }
        Digest key = CacheKey.of("place").addChain(chain).add(dest).add(subdirectories).digest();
        Optional<JsonNode> known = cache.fact(key);
        if (known.isPresent()) {
            try {
                return fromJson(known.get());
            } catch (RuntimeException unreadable) {
                // learnt again below
            }
        }
        Placement placement = compute(dest, subdirectories);
        cache.putFact(key, toJson(placement), blobs());
        return placement;
    }

    private Placement compute(String dest, List<String> subdirectories) {
        LayerFilesystem fs = filesystem();
        LayerFilesystem.Resolved resolved = fs.resolve(dest, true);
        String target = resolved.path();
        Map<String, Meta> dirs = new LinkedHashMap<>();
        for (String p = parent(target); p != null; p = parent(p)) {
            fs.lstat(p).filter(n -> n.kind() == LayerFilesystem.Kind.DIRECTORY).ifPresent(n -> dirs.put(n.path(), meta(n)));
        }
        resolved.node().filter(n -> n.kind() == LayerFilesystem.Kind.DIRECTORY).ifPresent(n -> dirs.put(n.path(), meta(n)));
        for (String sub : subdirectories) {
            String path = target.isEmpty() ? sub : target + "/" + sub;
            fs.lstat(path).filter(n -> n.kind() == LayerFilesystem.Kind.DIRECTORY).ifPresent(n -> dirs.put(n.path(), meta(n)));
        }
        return new Placement(target, resolved.isDirectory(), dirs);
    }

    /** The parent of a path, {@code ""} for a top-level one, null for the root. */
    private static String parent(String path) {
        if (path.isEmpty()) {
            return null;
        }
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** A small file's content (symlinks followed), if the filesystem has it as a regular file. */
    Optional<byte[]> read(String path, int maxBytes) {
        if (chain.isEmpty()) {
            return Optional.empty();
        }
        Digest key = CacheKey.of("file").addChain(chain).add(path).add(maxBytes).digest();
        Optional<JsonNode> known = cache.fact(key);
        if (known.isPresent() && known.get().has("content")) {
            return Optional.of(Base64.getDecoder().decode(known.get().get("content").asText()));
        }
        if (known.isPresent() && known.get().path("absent").asBoolean()) {
            return Optional.empty();
        }
        LayerFilesystem fs = filesystem();
        Optional<LayerFilesystem.Node> node = fs.resolve(path, true).node()
                .filter(n -> n.kind() == LayerFilesystem.Kind.FILE || n.kind() == LayerFilesystem.Kind.HARDLINK);
        Optional<byte[]> content = node.map(n -> {
            try (InputStream in = fs.open(n)) {
                return in.readNBytes(maxBytes);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path + " of the image being built: " + e.getMessage(), e);
            }
        });
        ObjectNode fact = NODES.objectNode();
        content.ifPresentOrElse(c -> fact.put("content", Base64.getEncoder().encodeToString(c)),
                () -> fact.put("absent", true));
        cache.putFact(key, fact, blobs());
        return content;
    }

    private LayerFilesystem filesystem() {
        return filesystem;
    }

    private Set<Digest> blobs() {
        Set<Digest> blobs = new HashSet<>();
        chain.forEach(l -> blobs.add(l.descriptor().digest()));
        return blobs;
    }

    private static Meta meta(LayerFilesystem.Node n) {
        return new Meta(n.mode(), n.uid(), n.gid(), n.mtime());
    }

    private static JsonNode toJson(Placement p) {
        ObjectNode node = NODES.objectNode();
        node.put("target", p.target());
        node.put("directory", p.targetIsDirectory());
        ObjectNode dirs = node.putObject("directories");
        p.directories().forEach((path, m) -> {
            ArrayNode a = dirs.putArray(path);
            a.add(m.mode()).add(m.uid()).add(m.gid()).add(m.mtime());
        });
        return node;
    }

    private static Placement fromJson(JsonNode node) {
        Map<String, Meta> dirs = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.path("directories").properties()) {
            JsonNode a = e.getValue();
            dirs.put(e.getKey(), new Meta(a.get(0).asInt(), a.get(1).asLong(), a.get(2).asLong(), a.get(3).asLong()));
        }
        if (!node.path("target").isTextual()) {
            throw new IllegalStateException("not a placement");
        }
        return new Placement(node.get("target").asText(), node.path("directory").asBoolean(), dirs);
    }
}
