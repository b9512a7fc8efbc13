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
import java.util.regex.Pattern;

/**
 * Typed, checked reads of the fields of a parsed JSON document (manifest, index, descriptor or
 * image config). Every failure is an {@link InvalidManifestException} naming the field by its
 * path ({@code layers[1].digest}, {@code config.Env[3]}) and the rule it breaks, so no parser,
 * number or digest exception escapes a document.
 *
 * <p>Paths are built with {@link #child} and, for the values of a JSON object used as a map,
 * {@link #entry}. Members that are collections read as empty when absent.
 */
final class FieldReader {
    /** RFC 6838 type/subtype as the image-spec schema (defs-descriptor.json) restricts it. */
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9!#$&^_.+\\-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+\\-]{0,126}");

    /**
     * The conventions of one family of documents. They differ in one rule, JSON {@code null},
     * and in the form of their messages, which callers and tests rely on.
     */
    enum Dialect {
        /**
         * Manifests, indexes and descriptors: {@code invalid manifest: layers[1].digest: rule},
         * offending values quoted, map entries as {@code annotations.key}; a member set to JSON
         * {@code null} is present, and fails its type check, as in image-spec's schemas.
         */
        MANIFEST,
        /**
         * Image configs: {@code invalid image config: config.Env[3] rule}, offending values by
         * type only, map entries as {@code config.Labels["key"]}; a member set to JSON
         * {@code null} reads as absent: config.md says "Any OPTIONAL field MAY also be set to
         * null, which is equivalent to being absent", and docker writes {@code "Cmd":null}.
         */
        CONFIG
    }

    private final String what;
    private final Dialect dialect;

    /** @param what the kind of document, for messages: "manifest", "descriptor", "image config" */
    FieldReader(String what, Dialect dialect) {
        this.what = what;
        this.dialect = dialect;
    }

    InvalidManifestException invalid(String path, String rule) {
        return invalid(path, rule, null);
    }

    private InvalidManifestException invalid(String path, String rule, Throwable cause) {
        String where = path.isEmpty() ? "" : dialect == Dialect.MANIFEST ? path + ": " : path + " ";
        return new InvalidManifestException("invalid " + what + ": " + where + rule, cause);
    }

    /** The path of member {@code name} of the object at {@code path}. */
    static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** The path of the value under {@code key} of the object at {@code path}, an object used as a map. */
    String entry(String path, String key) {
        return dialect == Dialect.MANIFEST ? child(path, key) : path + "[\"" + key + "\"]";
    }

    /** The member {@code name}; whether JSON {@code null} counts as present is the {@link Dialect}'s rule. */
    Optional<JsonNode> optional(JsonNode object, String name) {
        JsonNode value = object.get(name);
        if (value == null || (value.isNull() && dialect == Dialect.CONFIG)) {
            return Optional.empty();
        }
        return Optional.of(value);
    }

    /** The member {@code name} of the object at {@code path}. */
    JsonNode required(JsonNode object, String path, String name) {
        return optional(object, name).orElseThrow(() -> invalid(child(path, name), "is required"));
    }

    Optional<String> optionalString(JsonNode object, String path, String name) {
        return optional(object, name).map(value -> string(value, child(path, name)));
    }

    /** A boolean member; false when absent, as Go reads it. */
    boolean flag(JsonNode object, String path, String name) {
        return optional(object, name).map(value -> {
            if (!value.isBoolean()) {
                throw invalid(child(path, name), "must be a boolean, got " + describe(value));
            }
            return value.booleanValue();
        }).orElse(false);
    }

    /** An array of strings; empty when absent. */
    List<String> stringList(JsonNode object, String path, String name) {
        String listPath = child(path, name);
        return optional(object, name).map(value -> {
            List<JsonNode> items = array(value, listPath);
            List<String> strings = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                strings.add(string(items.get(i), listPath + "[" + i + "]"));
            }
            return List.copyOf(strings);
        }).orElse(List.of());
    }

    /** An object whose values are all strings, in document order; empty when absent. */
    Map<String, String> stringMap(JsonNode object, String path, String name) {
        String mapPath = child(path, name);
        return optional(object, name).map(value -> {
            object(value, mapPath);
            Map<String, String> map = new LinkedHashMap<>();
            value.properties().forEach(e -> map.put(e.getKey(), string(e.getValue(), entry(mapPath, e.getKey()))));
            return Collections.unmodifiableMap(map);
        }).orElse(Map.of());
    }

    /**
     * The keys of an object used as a set, as Go writes {@code map[string]struct{}}: every value
     * must be an object (normally {@code {}}). Document order; empty when absent.
     */
    Set<String> keySet(JsonNode object, String path, String name) {
        String setPath = child(path, name);
        return optional(object, name).map(value -> {
            object(value, setPath);
            Set<String> keys = new LinkedHashSet<>();
            value.properties().forEach(e -> {
                if (!e.getValue().isObject()) {
                    throw invalid(entry(setPath, e.getKey()), "must be an object (usually {}), got "
                            + describe(e.getValue()));
                }
                keys.add(e.getKey());
            });
            return Collections.unmodifiableSet(keys);
        }).orElse(Set.of());
    }

    JsonNode object(JsonNode value, String path) {
        if (!value.isObject()) {
            throw invalid(path, "must be an object, got " + describe(value));
        }
        return value;
    }

    List<JsonNode> array(JsonNode value, String path) {
        if (!value.isArray()) {
            throw invalid(path, "must be an array, got " + describe(value));
        }
        List<JsonNode> items = new ArrayList<>(value.size());
        value.forEach(items::add);
        return items;
    }

    String string(JsonNode value, String path) {
        if (!value.isTextual()) {
            throw invalid(path, "must be a string, got " + describe(value));
        }
        return value.textValue();
    }

    String nonEmptyString(JsonNode value, String path) {
        String text = string(value, path);
        if (text.isEmpty()) {
            throw invalid(path, "must not be empty");
        }
        return text;
    }

    String mediaType(JsonNode value, String path) {
        return checkMediaType(string(value, path), path);
    }

    String checkMediaType(String mediaType, String path) {
        if (!MEDIA_TYPE.matcher(mediaType).matches()) {
            throw invalid(path, "\"" + mediaType + "\" is not a media type of the form type/subtype"
                    + " (letters, digits and !#$&^_.+- only, at most 127 characters each)");
        }
        return mediaType;
    }

    Digest digest(JsonNode value, String path) {
        try {
            return Digest.parse(string(value, path));
        } catch (InvalidDigestException e) {
            throw invalid(path, "is not a valid digest: " + e.getMessage(), e);
        }
    }

    /** A JSON integer in the range of a Java {@code long}; floats such as {@code 1.0} are refused as Go refuses them. */
    long integer(JsonNode value, String path) {
        if (!value.isIntegralNumber()) {
            throw invalid(path, "must be an integer, got " + describe(value));
        }
        if (!value.canConvertToLong()) {
            throw invalid(path, value.asText() + " does not fit in a signed 64-bit integer");
        }
        return value.longValue();
    }

    long size(JsonNode value, String path) {
        long size = integer(value, path);
        if (size < 0) {
            throw invalid(path, "must be a non-negative integer, got " + size);
        }
        return size;
    }

    Instant dateTime(JsonNode value, String path) {
        String text = string(value, path);
        return Rfc3339.parse(text).orElseThrow(() -> invalid(path,
                "must be an RFC 3339 date-time such as 2024-01-02T03:04:05Z, got \"" + text + "\""));
    }

    private String describe(JsonNode value) {
        if (dialect == Dialect.CONFIG) {
            return value.getNodeType().name().toLowerCase(Locale.ROOT);
        }
        return switch (value.getNodeType()) {
            case STRING -> "the string \"" + abbreviate(value.textValue()) + "\"";
            case NUMBER -> "the number " + value.asText();
            case NULL -> "null";
            case BOOLEAN -> value.asText();
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> value.getNodeType().toString().toLowerCase(Locale.ROOT);
        };
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
