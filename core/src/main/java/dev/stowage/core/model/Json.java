package dev.stowage.core.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * The one JSON reader and writer of the model. Reading is strict: duplicate keys are refused
 * (two parsers could otherwise disagree on what a signed document says) and trailing content is
 * an error. Writing is compact: manifests and indexes are built in the specs' field order and
 * written as built; documents edited as trees (image configs) are written with keys sorted, so
 * equal inputs give equal bytes and therefore equal digests.
 */
final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            // trees are not maps to Jackson: without this their keys keep insertion order
            .disable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private Json() {
    }

    /**
     * Parses {@code raw} as one JSON object.
     *
     * @param what names the document in error messages ("manifest", "image config", …)
     * @throws InvalidManifestException if it is not well-formed JSON or not an object
     */
    static JsonNode readObject(byte[] raw, String what) {
        if (raw == null || raw.length == 0) {
            throw new InvalidManifestException("invalid " + what + ": empty document");
        }
        requireUtf8WithoutByteOrderMark(raw, what);
        JsonNode node;
        try (JsonParser parser = MAPPER.createParser(raw)) {
            node = MAPPER.readTree(parser);
            if (parser.nextToken() != null) {
                throw new InvalidManifestException("invalid " + what + ": trailing content after the JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new InvalidManifestException("invalid " + what + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidManifestException("invalid " + what + ": unreadable: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new InvalidManifestException("invalid " + what + ": expected a JSON object");
        }
        return node;
    }

    /**
     * Jackson would detect UTF-16 and UTF-32 (from zero bytes or a byte order mark at the start)
     * and skip a UTF-8 byte order mark; Go's encoding/json, which registries and the image-spec
     * validators use, reads only UTF-8 without one (RFC 8259: JSON between systems is UTF-8).
     * A JSON text starts with ASCII, so in UTF-8 none of its first four bytes is zero.
     */
    private static void requireUtf8WithoutByteOrderMark(byte[] raw, String what) {
        if ((raw[0] & 0x80) != 0) {
            throw new InvalidManifestException("invalid " + what + ": starts with a non-ASCII byte (a byte order mark?);"
                    + " a JSON document must be UTF-8 without a byte order mark");
        }
        for (int i = 0; i < Math.min(4, raw.length); i++) {
            if (raw[i] == 0) {
                throw new InvalidManifestException("invalid " + what + ": holds a zero byte at offset " + i
                        + "; a JSON document must be UTF-8 (not UTF-16 or UTF-32)");
            }
        }
    }

    private static final ObjectWriter SORTED = MAPPER.writer().with(JsonNodeFeature.WRITE_PROPERTIES_SORTED);

    /** Compact bytes of a tree or value, object members in the order they were added. */
    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** Compact bytes of a tree with every object's members sorted by key. */
    static byte[] writeSorted(Object value) {
        try {
            return SORTED.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
