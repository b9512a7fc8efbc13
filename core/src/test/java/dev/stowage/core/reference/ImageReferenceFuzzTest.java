package dev.stowage.core.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * {@link ImageReference#parse} on any text: a reference or {@link InvalidReferenceException},
 * nothing else, and a parsed reference reads back as itself. Replays the committed inputs in every
 * build; fuzzes under {@code -Pfuzz} (README, "Reliability").
 */
class ImageReferenceFuzzTest {
    @FuzzTest(maxDuration = "5s")
    void parse(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        ImageReference reference;
        try {
            reference = ImageReference.parse(text);
        } catch (InvalidReferenceException e) {
            return;
        }
        assertEquals(reference, ImageReference.parse(reference.toString()));
    }
}
