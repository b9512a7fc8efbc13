package dev.stowage.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cases ported from github.com/google/go-containerregistry {@code pkg/v1/hash_test.go}
 * ({@code NewHash}), {@code pkg/v1/manifest_test.go} and {@code pkg/v1/config_test.go}.
 * go-containerregistry knows only sha256 and reads {@code {}} as an empty manifest or config;
 * Stowage follows image-spec there (see the cases named for it).
 */
class GgcrHashCasesTest {
    // hash_test.go TestGoodHashes: the text form round-trips.
    @ParameterizedTest
    @ValueSource(strings = {
        "sha256:deadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeef",
        "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
    void goodHashesRoundTrip(String value) {
        assertEquals(value, Digest.parse(value).toString());
    }

    // hash_test.go TestBadHashes: too short, bad character, too few parts, too many parts.
    @ParameterizedTest
    @ValueSource(strings = {
        "sha256:deadbeef",
        "sha256:o123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "md5:sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
    void badHashesAreRefused(String value) {
        assertThrows(InvalidDigestException.class, () -> Digest.parse(value));
    }

    // hash_test.go TestBadHashes "unknown algorithm": go-containerregistry refuses it; image-spec
    // says a grammar-valid digest passes validation, so it parses and cannot be verified.
    @Test
    void unknownAlgorithmParsesButIsNotVerifiable() {
        Digest md5 = Digest.parse("md5:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        assertFalse(md5.isVerifiable());
        assertThrows(InvalidDigestException.class, () -> md5.verify(new byte[0]));
    }

    // hash_test.go TestSHA256.
    @Test
    void sha256OfAsdf() {
        Digest d = Digest.sha256("asdf".getBytes(StandardCharsets.UTF_8));
        assertEquals("sha256", d.algorithm());
        assertEquals("f0e4c2f76c58916ec258f246851bea091d14d4247a2fc3e18694461b1816e13b", d.hex());
    }

    // hash_test.go TestVerificationFailure / TestVerification.
    @Test
    void verificationAcceptsTheSameContentAndRefusesOther() {
        byte[] want = "This is the input string.".getBytes(StandardCharsets.UTF_8);
        Digest.sha256(want).verify(want);
        Digest other = Digest.sha256("not the same".getBytes(StandardCharsets.UTF_8));
        assertThrows(DigestMismatchException.class, () -> other.verify(want));
    }

    // hash_test.go TestBadHash: an unknown algorithm cannot verify anything.
    @Test
    void fakeAlgorithmCannotVerify() {
        assertThrows(InvalidDigestException.class,
                () -> Digest.parse("fake256:whatever").verify("hi".getBytes(StandardCharsets.UTF_8)));
    }

    // manifest_test.go TestManifestWithBadHash.
    @Test
    void manifestWithABadConfigDigestIsRefused() {
        byte[] raw = """
                {"schemaVersion": 2, "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "size": 1,
                 "digest": "sha256:deadbeed"}, "layers": []}""".getBytes(StandardCharsets.UTF_8);
        assertThrows(InvalidManifestException.class, () -> ManifestDocument.parse(raw, MediaTypes.OCI_MANIFEST));
    }

    // manifest_test.go TestParseIndexManifest and config_test.go TestParseConfig: truncated JSON.
    @Test
    void truncatedJsonIsRefused() {
        byte[] raw = "{".getBytes(StandardCharsets.UTF_8);
        assertThrows(InvalidManifestException.class, () -> ManifestDocument.parse(raw, MediaTypes.OCI_MANIFEST));
        assertThrows(InvalidManifestException.class, () -> ManifestDocument.parse(raw, MediaTypes.OCI_INDEX));
        assertThrows(InvalidManifestException.class, () -> ImageConfig.parse(raw));
    }

    // manifest_test.go TestGoodManifestSimple / TestParseIndexManifest and config_test.go
    // TestParseConfig read {} as empty documents; image-spec requires schemaVersion, config and
    // layers (manifests for an index; architecture, os and rootfs for a config).
    @Test
    void emptyObjectIsNoManifestIndexOrConfig() {
        byte[] raw = "{}".getBytes(StandardCharsets.UTF_8);
        assertThrows(InvalidManifestException.class, () -> ManifestDocument.parse(raw, null));
        assertThrows(InvalidManifestException.class, () -> ManifestDocument.parse(raw, MediaTypes.OCI_MANIFEST));
        assertThrows(InvalidManifestException.class, () -> ManifestDocument.parse(raw, MediaTypes.OCI_INDEX));
        assertThrows(InvalidManifestException.class, () -> ImageConfig.parse(raw));
    }
}
