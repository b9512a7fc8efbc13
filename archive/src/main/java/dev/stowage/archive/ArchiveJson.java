package dev.stowage.archive;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.stowage.core.InvalidArchiveException;
import java.io.IOException;

/**
 * Reads the archive's own JSON documents ({@code manifest.json}, {@code index.json},
 * {@code repositories}) strictly and within bounds: nested at most {@link #MAX_DEPTH} deep (they
 * are three or four deep; a document nested millions deep must not exhaust the stack), no
 * duplicate keys, nothing after the value. Writes them compactly.
 */
final class ArchiveJson {
    static final int MAX_DEPTH = 64;

    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ArchiveJson() {
    }

    /**
     * Parses a document of the archive.
     *
     * @param what how messages name it: {@code app.tar: manifest.json}
     * @throws InvalidArchiveException if it is not JSON or nests too deep
     */
    static JsonNode read(byte[] raw, String what) {
        try {
            JsonNode node = MAPPER.readTree(raw);
            if (node == null || node.isMissingNode()) {
                throw new InvalidArchiveException(what + " is empty; it must be JSON");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidArchiveException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidArchiveException(what + " is unreadable: " + e.getMessage(), e);
        }
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
