package dev.stowage.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads typed fields out of a parsed JSON document, naming the offending field by its path
 * ({@code layers[1].digest}) when a value breaks a rule. Every failure is an
 * {@link InvalidManifestException}, so no parser, number or digest exception escapes a document.
 */
final class FieldReader {
    /** RFC 6838 type/subtype as the image-spec schema (defs-descriptor.json) restricts it. */
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9!#$&^_.+\\-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+\\-]{0,126}");

    private final String what;

    /** @param what the kind of document, for messages: "manifest", "descriptor", … */
    FieldReader(String what) {
        this.what = what;
    }

    InvalidManifestException invalid(String path, String rule) {
        return new InvalidManifestException("invalid " + what + ": " + (path.isEmpty() ? "" : path + ": ") + rule);
    }

    static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** The member {@code name} of an object; JSON {@code null} counts as present (and then fails its type check). */
    Optional<JsonNode> optional(JsonNode object, String name) {
        return Optional.ofNullable(object.get(name));
    }

    JsonNode required(JsonNode object, String path, String name) {
        JsonNode value = object.get(name);
        if (value == null) {
            throw invalid(child(path, name), "is required");
        }
        return value;
    }

    JsonNode object(JsonNode value, String path) {
        if (!value.isObject()) {
            throw invalid(path, "must be a JSON object, got " + describe(value));
        }
        return value;
    }

    List<JsonNode> array(JsonNode value, String path) {
        if (!value.isArray()) {
            throw invalid(path, "must be a JSON array, got " + describe(value));
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
            throw invalid(path, e.getMessage());
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

    List<String> stringList(JsonNode value, String path) {
        List<JsonNode> items = array(value, path);
        List<String> strings = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            strings.add(string(items.get(i), path + "[" + i + "]"));
        }
        return Collections.unmodifiableList(strings);
    }

    /** A JSON object whose values are all strings, in document order. */
    Map<String, String> stringMap(JsonNode value, String path) {
        object(value, path);
        Map<String, String> map = new LinkedHashMap<>();
        value.fields().forEachRemaining(e -> map.put(e.getKey(), string(e.getValue(), child(path, e.getKey()))));
        return Collections.unmodifiableMap(map);
    }

    private static String describe(JsonNode value) {
        return switch (value.getNodeType()) {
            case STRING -> "the string \"" + abbreviate(value.textValue()) + "\"";
            case NUMBER -> "the number " + value.asText();
            case NULL -> "null";
            case BOOLEAN -> value.asText();
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
