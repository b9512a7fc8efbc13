package dev.stowage.registry.auth;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@link AuthChallenge#parse} ({@code WWW-Authenticate}) on any header values, the input's lines:
 * challenges, never an exception.
 */
class AuthChallengeFuzzTest {
    @FuzzTest(maxDuration = "5s")
    void parse(byte[] input) {
        List<String> values = List.of(new String(input, StandardCharsets.ISO_8859_1).split("\n", -1));
        for (AuthChallenge challenge : AuthChallenge.parse(values)) {
            challenge.realm();
            challenge.scope();
            challenge.isBearer();
        }
    }
}
