package dev.stowage.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * {@link ManifestDocument#parse} on any bytes, served as any manifest type or none: a document
 * keeping the bytes as received, or {@link InvalidManifestException}. The first byte picks the
 * media type, the rest is the document.
 */
class ManifestDocumentFuzzTest {
    private static final String[] TYPES = {null, MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX,
            MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_MANIFEST_LIST, "application/json", "text/plain"};

    @FuzzTest(maxDuration = "5s")
    void parse(byte[] input) {
        if (input.length == 0) {
            return;
        }
        String type = TYPES[Math.floorMod(input[0], TYPES.length)];
        byte[] raw = Arrays.copyOfRange(input, 1, input.length);
        ManifestDocument document;
        try {
            document = ManifestDocument.parse(raw, type);
        } catch (InvalidManifestException e) {
            return;
        }
        assertArrayEquals(raw, document.raw());
        assertEquals(Digest.sha256(raw), document.digest());
    }
}
