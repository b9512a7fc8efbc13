package dev.stowage.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/** {@link Digest#parse} on any text: a digest that reads back as itself, or {@link InvalidDigestException}. */
class DigestFuzzTest {
    @FuzzTest(maxDuration = "5s")
    void parse(byte[] input) {
        Digest digest;
        try {
            digest = Digest.parse(new String(input, StandardCharsets.UTF_8));
        } catch (InvalidDigestException e) {
            return;
        }
        assertEquals(digest, Digest.parse(digest.toString()));
    }
}
