package dev.stowage.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.InvalidManifestException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The references a manifest or index makes to other content: what a collection follows and what
 * verification checks. Kept to the fields the graph needs, so any tool's manifests are followed.
 */
record ManifestLinks(boolean isIndex, List<Link> links) {
    /** One referenced descriptor; {@code manifest} when it is itself a manifest to follow (index children). */
    record Link(Digest digest, long size, boolean manifest) {
    }

    /**
     * Parses a manifest or index.
     *
     * @throws InvalidManifestException if {@code raw} is neither
     */
    static ManifestLinks parse(byte[] raw) {
        ManifestLinks l = sniff(raw);
        if (l == null) {
            throw new InvalidManifestException("invalid manifest: neither an image manifest (config, layers) nor an index (manifests)");
        }
        return l;
    }

    /** Parses {@code raw} if it is a manifest or index; null for any other content. */
    static ManifestLinks sniff(byte[] raw) {
        JsonNode root;
        try {
            root = StoreJson.MAPPER.readTree(raw);
        } catch (IOException e) {
            return null;
        }
        if (root == null || !root.isObject()) {
            return null;
        }
        List<Link> links = new ArrayList<>();
        if (root.get("manifests") != null && root.get("manifests").isArray()) {
            for (int i = 0; i < root.get("manifests").size(); i++) {
                links.add(link(root.get("manifests").get(i), "manifests[" + i + "]", true));
            }
            return new ManifestLinks(true, links);
        }
        if (root.get("config") != null && root.get("config").isObject() && root.get("layers") != null
                && root.get("layers").isArray()) {
            links.add(link(root.get("config"), "config", false));
            for (int i = 0; i < root.get("layers").size(); i++) {
                links.add(link(root.get("layers").get(i), "layers[" + i + "]", false));
            }
            return new ManifestLinks(false, links);
        }
        return null;
    }

    private static Link link(JsonNode n, String where, boolean manifest) {
        JsonNode d = n.get("digest");
        JsonNode s = n.get("size");
        if (d == null || !d.isTextual()) {
            throw new InvalidManifestException("invalid manifest: " + where + ".digest must be a string");
        }
        if (s == null || !s.canConvertToLong() || s.asLong() < 0) {
            throw new InvalidManifestException("invalid manifest: " + where + ".size must be a non-negative integer");
        }
        Digest digest;
        try {
            digest = Digest.parse(d.asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidManifestException("invalid manifest: " + where + ".digest: " + e.getMessage(), e);
        }
        return new Link(digest, s.asLong(), manifest);
    }

    /** The config descriptor of an image manifest. */
    Link config() {
        return links.get(0);
    }
}
