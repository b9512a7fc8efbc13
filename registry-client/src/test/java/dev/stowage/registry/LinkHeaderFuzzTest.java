package dev.stowage.registry;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** {@link LinkHeader#next} on any header value: never throws, and a target is text the value holds between {@code <} and {@code >}. */
class LinkHeaderFuzzTest {
    @FuzzTest(maxDuration = "5s")
    void next(byte[] input) {
        String value = new String(input, StandardCharsets.ISO_8859_1);
        Optional<String> target = LinkHeader.next(value);
        target.ifPresent(t -> assertTrue(!t.isEmpty() && value.contains("<" + t + ">"), t));
    }
}
