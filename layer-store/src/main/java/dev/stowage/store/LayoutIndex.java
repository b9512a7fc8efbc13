package dev.stowage.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.core.image.ImageNames;
import dev.stowage.core.model.Digest;
import dev.stowage.core.InvalidStoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The layout's {@code index.json}: an immutable list of entries, one per reference of each image
 * (the {@code org.opencontainers.image.ref.name} annotation holds the full reference) and one
 * without the annotation per untagged image. Fields Stowage does not use, written by other tools,
 * are kept as they are.
 */
final class LayoutIndex {
    static final String REF_NAME = "org.opencontainers.image.ref.name";
    static final String INDEX_MEDIA_TYPE = "application/vnd.oci.image.index.v1+json";

    private final ObjectNode root;
    private final List<Entry> entries;

    /** One descriptor of {@code index.json}. */
    record Entry(ObjectNode node, Digest digest, String mediaType, long size, Optional<String> refName) {
        static Entry of(Digest digest, String mediaType, long size, String refName) {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("mediaType", mediaType);
            n.put("digest", digest.toString());
            n.put("size", size);
            if (refName != null) {
                n.putObject("annotations").put(REF_NAME, refName);
            }
            return new Entry(n, digest, mediaType, size, Optional.ofNullable(refName));
        }

        /** The same descriptor with the reference annotation set, or removed when {@code refName} is null. */
        Entry withRefName(String refName) {
            ObjectNode n = node.deepCopy();
            JsonNode ann = n.get("annotations");
            if (refName == null) {
                if (ann instanceof ObjectNode a) {
                    a.remove(REF_NAME);
                    if (a.isEmpty()) {
                        n.remove("annotations");
                    }
                }
            } else {
                (ann instanceof ObjectNode a ? a : n.putObject("annotations")).put(REF_NAME, refName);
            }
            return new Entry(n, digest, mediaType, size, Optional.ofNullable(refName));
        }

        static Entry parse(JsonNode n, int i) {
            if (!(n instanceof ObjectNode o)) {
                throw bad("manifests[" + i + "] must be an object");
            }
            JsonNode d = o.get("digest");
            JsonNode mt = o.get("mediaType");
            JsonNode sz = o.get("size");
            if (d == null || !d.isTextual()) {
                throw bad("manifests[" + i + "].digest must be a string");
            }
            if (sz == null || !sz.canConvertToLong() || sz.asLong() < 0) {
                throw bad("manifests[" + i + "].size must be a non-negative integer");
            }
            Digest digest;
            try {
                digest = Digest.parse(d.asText());
            } catch (IllegalArgumentException e) {
                throw bad("manifests[" + i + "].digest: " + e.getMessage());
            }
            JsonNode ann = o.get("annotations");
            Optional<String> ref = Optional.empty();
            if (ann != null && ann.get(REF_NAME) != null && ann.get(REF_NAME).isTextual()) {
                ref = Optional.of(ann.get(REF_NAME).asText());
            }
            return new Entry(o, digest, mt != null && mt.isTextual() ? mt.asText() : "", sz.asLong(), ref);
        }
    }

    private LayoutIndex(ObjectNode root, List<Entry> entries) {
        this.root = root;
        this.entries = List.copyOf(entries);
    }

    static LayoutIndex empty() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", INDEX_MEDIA_TYPE);
        return new LayoutIndex(root, List.of());
    }

    static LayoutIndex parse(byte[] raw) {
        JsonNode root;
        try {
            root = StoreJson.MAPPER.readTree(raw);
        } catch (java.io.IOException e) {
            throw bad("not valid JSON: " + e.getMessage());
        }
        if (!(root instanceof ObjectNode o)) {
            throw bad("expected a JSON object");
        }
        JsonNode manifests = o.get("manifests");
        List<Entry> entries = new ArrayList<>();
        if (manifests != null && !manifests.isNull()) {
            if (!manifests.isArray()) {
                throw bad("manifests must be an array");
            }
            for (int i = 0; i < manifests.size(); i++) {
                entries.add(Entry.parse(manifests.get(i), i));
            }
        }
        return new LayoutIndex(o, entries);
    }

    private static InvalidStoreException bad(String why) {
        return new InvalidStoreException("invalid index.json: " + why);
    }

    List<Entry> entries() {
        return entries;
    }

    LayoutIndex with(List<Entry> newEntries) {
        return new LayoutIndex(root, newEntries);
    }

    LayoutIndex without(Predicate<Entry> drop) {
        return with(entries.stream().filter(drop.negate()).toList());
    }

    /**
     * The index after an {@code rmi}: without the entry its one name points at, or without every
     * entry of the image's manifests.
     */
    LayoutIndex without(ImageNames.Deletion deletion) {
        if (deletion.name().isPresent()) {
            Entry named = byRefName(deletion.name().get()).orElseThrow();
            return without(e -> e == named);
        }
        return without(e -> deletion.images().contains(e.digest()));
    }

    LayoutIndex plus(Entry e) {
        List<Entry> l = new ArrayList<>(entries);
        l.add(e);
        return with(l);
    }

    Optional<Entry> byRefName(String refName) {
        return entries.stream().filter(e -> e.refName().filter(refName::equals).isPresent()).findFirst();
    }

    byte[] toJson() {
        ObjectNode out = root.deepCopy();
        if (!out.has("schemaVersion")) {
            out.put("schemaVersion", 2);
        }
        ArrayNode arr = out.putArray("manifests");
        entries.forEach(e -> arr.add(e.node()));
        return StoreJson.write(out);
    }
}
