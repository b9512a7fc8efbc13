package dev.stowage.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Test tables ported from github.com/opencontainers/go-digest ({@code digest_test.go}
 * TestParseDigest, {@code algorithm_test.go}, {@code verifiers_test.go}). Where go-digest answers
 * {@code ErrDigestUnsupported} for a grammar-valid digest, {@link Digest#parse} parses it and
 * reports it as not verifiable (image-spec: unsupported digests pass validation).
 */
class GoDigestCasesTest {
    static final String SHA384_HEX =
            "d3fc7881460b7e22e3d172954463dddd7866d17597e7248453c48b3e9d26d9596bf9c4a9cf8072c9d5bad76e19af801d";

    // digest_test.go TestParseDigest: inputs that parse, with algorithm and encoded part.
    static Stream<Arguments> parsed() {
        return Stream.of(
                arguments("sha256:e58fcf7418d4390dec8e8fb69d88c06ec07039d651fedd3aa72af9972e7d046b", "sha256",
                        "e58fcf7418d4390dec8e8fb69d88c06ec07039d651fedd3aa72af9972e7d046b", true),
                arguments("sha384:" + SHA384_HEX, "sha384", SHA384_HEX, true),
                arguments("blake3:af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262", "blake3",
                        "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262", false),
                arguments("foo:d41d8cd98f00b204e9800998ecf8427e", "foo", "d41d8cd98f00b204e9800998ecf8427e", false),
                arguments("sha384.foo+bar:" + SHA384_HEX, "sha384.foo+bar", SHA384_HEX, false),
                arguments("sha384_foo+bar:" + SHA384_HEX, "sha384_foo+bar", SHA384_HEX, false),
                arguments("sha256+b64:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564", "sha256+b64",
                        "LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564", false));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("parsed")
    void grammarValidDigestsParseIntoAlgorithmAndEncodedPart(String input, String algorithm, String encoded,
            boolean verifiable) {
        Digest d = Digest.parse(input);
        assertEquals(algorithm, d.algorithm());
        assertEquals(encoded, d.hex());
        assertEquals(input, d.toString());
        assertEquals(verifiable, d.isVerifiable());
    }

    // digest_test.go TestParseDigest: ErrDigestInvalidFormat and ErrDigestInvalidLength.
    @ParameterizedTest
    @ValueSource(strings = {
        "", "     ", "sha256:", "sha256:" + "                                                                ", ":",
        "d41d8cd98f00b204e9800998ecf8427e", "sha256:d41d8cd98f00b204e9800m98ecf8427e", "sha256:abcdef0123456789",
        "sha512:abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789",
        "sha384__foo+bar:" + SHA384_HEX,
        "sha256:E58FCF7418D4390DEC8E8FB69D88C06EC07039D651FEDD3AA72AF9972E7D046B"})
    void malformedOrWrongLengthDigestsAreRefused(String input) {
        assertThrows(InvalidDigestException.class, () -> Digest.parse(input));
    }

    @Test
    void blake3DigestOfTheWrongLengthIsRefusedThoughBlake3IsNotVerifiable() {
        InvalidDigestException e = assertThrows(InvalidDigestException.class,
                () -> Digest.parse("blake3:abcdef0123456789abcdef0123456789abcdef01234"));
        assertTrue(e.getMessage().contains("blake3 needs 64 hex characters"), e.getMessage());
    }

    @Test
    void blake3DigestMustBeLowerCaseHex() {
        assertThrows(InvalidDigestException.class, () -> Digest.parse("blake3:" + "A".repeat(64)));
    }

    // algorithm_test.go TestBadAlgorithmNameRegistration / TestGoodAlgorithmNameRegistration.
    @ParameterizedTest
    @ValueSource(strings = {"sha256-", "-", "SHA256", "sha25*"})
    void algorithmNamesOutsideTheGrammarAreRefused(String algorithm) {
        assertThrows(InvalidDigestException.class, () -> Digest.of(algorithm, "abc"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256-test", "sha256_384"})
    void algorithmNamesInsideTheGrammarAreAccepted(String algorithm) {
        assertEquals(algorithm, Digest.of(algorithm, "abc").algorithm());
    }

    @Test
    void nullPartsAreAnInvalidDigestException() {
        assertThrows(InvalidDigestException.class, () -> Digest.of(null, "abc"));
        assertThrows(InvalidDigestException.class, () -> Digest.of("sha256", (String) null));
    }

    // algorithm_test.go TestFroms: every computable algorithm agrees with the JDK's hash of 1 MiB.
    @ParameterizedTest
    @ValueSource(strings = {"sha256", "sha512"})
    void digestsOfAMebibyteMatchTheJdkHash(String algorithm) throws NoSuchAlgorithmException {
        byte[] p = new byte[1 << 20];
        new Random(20240101).nextBytes(p);
        Digest d = algorithm.equals("sha256") ? Digest.sha256(p) : Digest.sha512(p);
        byte[] expected = MessageDigest.getInstance(algorithm.equals("sha256") ? "SHA-256" : "SHA-512").digest(p);
        assertEquals(algorithm + ":" + HexFormat.of().formatHex(expected), d.toString());
    }

    // verifiers_test.go TestDigestVerifier: content streamed through the verifier verifies.
    @Test
    void streamedContentVerifiesAgainstItsDigest() throws IOException {
        byte[] p = new byte[1 << 20];
        new Random(7).nextBytes(p);
        Digest expected = Digest.sha256(p);
        try (DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(p), expected)) {
            assertArrayEquals(p, in.readAllBytes());
            in.verify(expected, p.length);
        }
    }

    // verifiers_test.go TestVerifierUnsupportedDigest: go-digest panics; here verifying fails clearly.
    @ParameterizedTest
    @ValueSource(strings = {"bean:0123456789abcdef", "sha256-garbage:pure"})
    void verifyingAgainstAnUnsupportedAlgorithmFailsClearly(String value) {
        Digest d = Digest.parse(value);
        assertFalse(d.isVerifiable());
        InvalidDigestException e = assertThrows(InvalidDigestException.class, () -> d.verify(new byte[0]));
        assertTrue(e.getMessage().contains(d.algorithm()), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":"})
    void verifierInputsWithoutAnAlgorithmDoNotParse(String value) {
        assertThrows(InvalidDigestException.class, () -> Digest.parse(value));
    }
}
