package dev.stowage.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DigestTest {
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final String HELLO = "hello world";

    @Test
    void sha256OfEmptyContentIsTheWellKnownValue() {
        assertEquals("sha256:" + EMPTY_SHA256, Digest.sha256(new byte[0]).toString());
    }

    @Test
    void sha512OfContentHas128HexCharacters() {
        Digest d = Digest.sha512(HELLO.getBytes(StandardCharsets.UTF_8));
        assertEquals("sha512", d.algorithm());
        assertEquals(128, d.hex().length());
        assertEquals(d, Digest.parse(d.toString()));
    }

    @Test
    void parseSplitsAlgorithmAndHex() {
        Digest d = Digest.parse("sha256:" + EMPTY_SHA256);
        assertEquals("sha256", d.algorithm());
        assertEquals(EMPTY_SHA256, d.hex());
        assertTrue(d.isVerifiable());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8",
        "sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564",
        "blake3:af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262",
        "a.b-c_d+e:x=y",
    })
    void grammarValidDigestWithAnUnregisteredAlgorithmParsesButIsNotVerifiable(String value) {
        Digest d = Digest.parse(value);
        assertEquals(value, d.toString());
        assertFalse(d.isVerifiable());
        InvalidDigestException e = assertThrows(InvalidDigestException.class, () -> d.verify(new byte[0]));
        assertTrue(e.getMessage().contains("not supported for verification"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "sha256",
        ":abc",
        "sha256:",
        "SHA256:" + EMPTY_SHA256,
        "sha256:" + "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
        "sha256:e3b0",
        "sha256:" + EMPTY_SHA256 + "00",
        "sha512:" + EMPTY_SHA256,
        "sha256:" + "g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "sha256+:abc",
        "+sha256:abc",
        "sha256:abc def",
        "foo:ab/cd",
    })
    void malformedDigestsAreRefusedWithTheInputInTheMessage(String value) {
        InvalidDigestException e = assertThrows(InvalidDigestException.class, () -> Digest.parse(value));
        assertTrue(e.getMessage().contains("\"" + value + "\""), e.getMessage());
    }

    @Test
    void hugeHostileAlgorithmIsRefusedWithoutExhaustingTheStack() {
        assertThrows(InvalidDigestException.class, () -> Digest.parse("a.".repeat(200_000) + ":abc"));
        assertEquals("a." .repeat(200_000) + "a", Digest.parse("a.".repeat(200_000) + "a:abc").algorithm());
    }

    @Test
    void nullIsRefusedAsInvalidDigest() {
        assertThrows(InvalidDigestException.class, () -> Digest.parse(null));
    }

    @Test
    void verifyAcceptsMatchingContentAndRefusesOther() {
        byte[] content = HELLO.getBytes(StandardCharsets.UTF_8);
        Digest d = Digest.sha256(content);
        d.verify(content);
        DigestMismatchException e = assertThrows(DigestMismatchException.class, () -> d.verify(new byte[] {1}));
        assertEquals(d, e.expected());
        assertEquals(Digest.sha256(new byte[] {1}), e.actual());
        assertTrue(e.getMessage().contains(d.toString()), e.getMessage());
    }

    @Test
    void digestOfAFinishedMessageDigestIsItsHashInHex() {
        Digest empty = Digest.sha256(new byte[0]);
        assertEquals(empty, Digest.of(Digest.SHA256, empty.newMessageDigest()));
        assertThrows(InvalidDigestException.class,
                () -> Digest.of(Digest.SHA256, Digest.sha512(new byte[0]).newMessageDigest()));
    }

    @Test
    void mismatchCheckRefusesAnotherSizeOnlyWhenOneWasAnnounced() {
        Digest d = Digest.sha256(new byte[0]);
        DigestMismatchException.check(d, -1, d, 7);
        DigestMismatchException e = assertThrows(DigestMismatchException.class,
                () -> DigestMismatchException.check(d, 0, d, 7));
        assertEquals(0, e.expectedSize());
        assertEquals(7, e.actualSize());
    }

    @Test
    void equalDigestsAreEqualAndDifferentOnesAreNot() {
        assertEquals(Digest.parse("sha256:" + EMPTY_SHA256), Digest.sha256(new byte[0]));
        assertEquals(Digest.parse("sha256:" + EMPTY_SHA256).hashCode(), Digest.sha256(new byte[0]).hashCode());
        assertNotEquals(Digest.sha256(new byte[0]), Digest.sha256(new byte[1]));
    }
}
