package dev.stowage.core.build.dockerfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.core.build.StoredLayer;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.spi.ImageStore;
import dev.stowage.core.spi.Lease;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * The build cache over the store's ({@link ImageStore#buildCache}): layers steps made, by the
 * step's key, and facts about a parent filesystem that cost a read of every layer to learn.
 * With {@code --no-cache} nothing is read, but what the build makes is still remembered.
 */
final class BuildCache {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ImageStore store;
    private final Lease lease;
    private final boolean read;

    BuildCache(ImageStore store, Lease lease, boolean read) {
        this.store = store;
        this.lease = lease;
        this.read = read;
    }

    /** The layer a step with this key made before, protected by the build's lease, if its blob is still stored. */
    Optional<StoredLayer> layer(Digest key) {
        if (!read) {
            return Optional.empty();
        }
        return json(key).flatMap(node -> {
            try {
                Descriptor descriptor = Descriptor.of(node.path("mediaType").asText(),
                        Digest.parse(node.path("digest").asText()), node.path("size").asLong());
                StoredLayer layer = new StoredLayer(descriptor, Digest.parse(node.path("diffId").asText()));
                lease.protect(descriptor.digest()); // before the check: a collection cannot take it in between
                return store.hasBlob(descriptor.digest()) ? Optional.of(layer) : Optional.empty();
            } catch (RuntimeException unreadable) {
                return Optional.empty(); // an entry of another version: the step is redone
            }
        });
    }

    void putLayer(Digest key, StoredLayer layer) {
        ObjectNode node = JSON.createObjectNode();
        node.put("mediaType", layer.descriptor().mediaType());
        node.put("digest", layer.descriptor().digest().toString());
        node.put("size", layer.descriptor().size());
        node.put("diffId", layer.diffId().toString());
        put(key, node, Set.of(layer.descriptor().digest()));
    }

    /** A fact remembered under {@code key}. */
    Optional<JsonNode> fact(Digest key) {
        return read ? json(key) : Optional.empty();
    }

    /** Remembers a fact while {@code dependsOn} (the layers it was learnt from) are stored; too large a fact is not kept. */
    void putFact(Digest key, JsonNode value, Set<Digest> dependsOn) {
        put(key, value, dependsOn);
    }

    private void put(Digest key, JsonNode value, Set<Digest> dependsOn) {
        try {
            byte[] bytes = JSON.writeValueAsBytes(value);
            if (bytes.length <= ImageStore.MAX_BUILD_CACHE_VALUE) {
                store.putBuildCache(key, bytes, dependsOn);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a cache entry as JSON", e);
        }
    }

    private Optional<JsonNode> json(Digest key) {
        return store.buildCache(key).flatMap(bytes -> {
            try {
                return Optional.ofNullable(JSON.readTree(bytes));
            } catch (IOException unreadable) {
                return Optional.empty();
            }
        });
    }
}
