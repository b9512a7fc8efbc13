package dev.stowage.core.build.dockerfile;

import dev.stowage.core.build.StoredLayer;
import dev.stowage.core.model.Digest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * A build cache key: SHA-256 over the fields that decide a step's result, each length-prefixed so
 * that no two lists of fields give the same bytes.
 */
final class CacheKey {
    /** Changes whenever what a key covers changes, so old entries are never misread. */
    private static final String VERSION = "stowage-dockerfile-cache/1";

    private final MessageDigest sha = sha256();

    private CacheKey(String kind) {
        add(VERSION).add(kind);
    }

    static CacheKey of(String kind) {
        return new CacheKey(kind);
    }

    CacheKey add(String field) {
        byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
        add(bytes.length);
        sha.update(bytes);
        return this;
    }

    CacheKey add(long value) {
        for (int i = 7; i >= 0; i--) {
            sha.update((byte) (value >>> (i * 8)));
        }
        return this;
    }

    CacheKey add(List<String> fields) {
        add(fields.size());
        fields.forEach(this::add);
        return this;
    }

    /** The filesystem a step starts from: the DiffIDs of its layers, in order. */
    CacheKey addChain(List<StoredLayer> layers) {
        add(layers.size());
        layers.forEach(l -> add(l.diffId().toString()));
        return this;
    }

    Digest digest() {
        return Digest.of(Digest.SHA256, sha);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
