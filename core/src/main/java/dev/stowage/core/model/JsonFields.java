package dev.stowage.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Typed, checked reads of the members of a JSON object. Every failure is an
 * {@link InvalidManifestException} naming the member's path ({@code config.Env[3]}) and the rule.
 *
 * <p>An optional member set to JSON {@code null} reads as absent: image-spec config.md says "Any
 * OPTIONAL field MAY also be set to null, which is equivalent to being absent", and docker writes
 * {@code "Cmd":null}, {@code "Volumes":null} and the like.
 */
final class JsonFields {
    private final String what;

    /** @param what names the document in messages ("image config") */
    JsonFields(String what) {
        this.what = what;
    }

    InvalidManifestException invalid(String path, String rule) {
        return new InvalidManifestException("invalid " + what + ": " + path + " " + rule);
    }

    /** The member, or null when it is absent or JSON null. */
    static JsonNode member(JsonNode object, String key) {
        JsonNode node = object.get(key);
        return node == null || node.isNull() ? null : node;
    }

    JsonNode required(JsonNode object, String key, String path) {
        JsonNode node = member(object, key);
        if (node == null) {
            throw invalid(path, "is required");
        }
        return node;
    }

    String requiredString(JsonNode object, String key, String path) {
        return string(required(object, key, path), path);
    }

    /** A required string that must not be empty either. */
    String requiredName(JsonNode object, String key, String path) {
        String value = requiredString(object, key, path);
        if (value.isEmpty()) {
            throw invalid(path, "must not be empty");
        }
        return value;
    }

    Optional<String> optionalString(JsonNode object, String key, String path) {
        JsonNode node = member(object, key);
        return node == null ? Optional.empty() : Optional.of(string(node, path));
    }

    String string(JsonNode node, String path) {
        if (!node.isTextual()) {
            throw invalid(path, "must be a string, got " + typeOf(node));
        }
        return node.textValue();
    }

    boolean optionalBoolean(JsonNode object, String key, String path) {
        JsonNode node = member(object, key);
        if (node == null) {
            return false;
        }
        if (!node.isBoolean()) {
            throw invalid(path, "must be a boolean, got " + typeOf(node));
        }
        return node.booleanValue();
    }

    /** The member if it is an object, null when absent. */
    JsonNode optionalObject(JsonNode object, String key, String path) {
        JsonNode node = member(object, key);
        if (node != null && !node.isObject()) {
            throw invalid(path, "must be an object, got " + typeOf(node));
        }
        return node;
    }

    /** The member if it is an array, null when absent. */
    JsonNode optionalArray(JsonNode object, String key, String path) {
        JsonNode node = member(object, key);
        if (node != null && !node.isArray()) {
            throw invalid(path, "must be an array, got " + typeOf(node));
        }
        return node;
    }

    /** An array of strings; empty when absent. */
    List<String> stringList(JsonNode object, String key, String path) {
        return strings(optionalArray(object, key, path), path);
    }

    List<String> strings(JsonNode array, String path) {
        if (array == null) {
            return List.of();
        }
        List<String> values = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            values.add(string(array.get(i), path + "[" + i + "]"));
        }
        return List.copyOf(values);
    }

    /** An object of string values, in document order; empty when absent. */
    Map<String, String> stringMap(JsonNode object, String key, String path) {
        JsonNode node = optionalObject(object, key, path);
        if (node == null) {
            return Map.of();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            values.put(e.getKey(), string(e.getValue(), path + "[\"" + e.getKey() + "\"]"));
        }
        return Collections.unmodifiableMap(values);
    }

    /**
     * The keys of an object used as a set, as Go writes {@code map[string]struct{}}: every value
     * must be an object (normally {@code {}}). Document order; empty when absent.
     */
    Set<String> objectKeySet(JsonNode object, String key, String path) {
        JsonNode node = optionalObject(object, key, path);
        if (node == null) {
            return Set.of();
        }
        Set<String> keys = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isObject()) {
                throw invalid(path + "[\"" + e.getKey() + "\"]", "must be an object (usually {}), got " + typeOf(e.getValue()));
            }
            keys.add(e.getKey());
        }
        return Collections.unmodifiableSet(keys);
    }

    Optional<Instant> optionalDateTime(JsonNode object, String key, String path) {
        Optional<String> text = optionalString(object, key, path);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<Instant> instant = Rfc3339.parse(text.get());
        if (instant.isEmpty()) {
            throw invalid(path, "must be an RFC 3339 date-time such as 2024-01-02T03:04:05Z, got \"" + text.get() + "\"");
        }
        return instant;
    }

    Digest digest(JsonNode node, String path) {
        String text = string(node, path);
        try {
            return Digest.parse(text);
        } catch (InvalidDigestException e) {
            throw new InvalidManifestException("invalid " + what + ": " + path + " is not a valid digest: " + e.getMessage(), e);
        }
    }

    private static String typeOf(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
