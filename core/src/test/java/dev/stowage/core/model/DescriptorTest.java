package dev.stowage.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DescriptorTest {
    static final String DIGEST = "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270";

    static Descriptor parse(String json) {
        return Descriptor.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    static String withSize(String size) {
        return "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + DIGEST
                + "\",\"size\":" + size + "}";
    }

    static String with(String extraField) {
        return "{\"mediaType\":\"text/plain\",\"digest\":\"" + DIGEST + "\",\"size\":7682," + extraField + "}";
    }

    static InvalidManifestException refused(String json) {
        return assertThrows(InvalidManifestException.class, () -> parse(json));
    }

    @Test
    void parsesTheRequiredFields() {
        Descriptor d = parse(withSize("7682"));
        assertEquals("application/vnd.oci.image.manifest.v1+json", d.mediaType());
        assertEquals(Digest.parse(DIGEST), d.digest());
        assertEquals(7682, d.size());
        assertEquals(List.of(), d.urls());
        assertEquals(Map.of(), d.annotations());
        assertEquals(Optional.empty(), d.platform());
        assertEquals(Optional.empty(), d.artifactType());
        assertTrue(d.data().isEmpty());
    }

    @Test
    void parsesTheOptionalFields() {
        Descriptor d = parse(with("\"urls\":[\"https://example.com/a\"],\"annotations\":{\"k\":\"v\"},"
                + "\"artifactType\":\"application/vnd.example+json\","
                + "\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}"));
        assertEquals(List.of("https://example.com/a"), d.urls());
        assertEquals(Map.of("k", "v"), d.annotations());
        assertEquals(Optional.of("application/vnd.example+json"), d.artifactType());
        assertEquals("linux/arm64/v8", d.platform().orElseThrow().toString());
    }

    @Test
    void missingMediaTypeIsNamed() {
        InvalidManifestException e = refused("{\"digest\":\"" + DIGEST + "\",\"size\":1}");
        assertEquals("invalid descriptor: mediaType: is required", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"application", ".foo/bar", "foo/.bar", "foo/bar baz", "foo/bar/baz", ""})
    void mediaTypeMustBeTypeSlashSubtype(String mediaType) {
        InvalidManifestException e = refused("{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + DIGEST
                + "\",\"size\":1}");
        assertTrue(e.getMessage().startsWith("invalid descriptor: mediaType: "), e.getMessage());
    }

    @Test
    void mediaTypeTypeAndSubtypeMayHave127CharactersButNotMore() {
        String longest = "a".repeat(127);
        parse("{\"mediaType\":\"" + longest + "/" + longest + "\",\"digest\":\"" + DIGEST + "\",\"size\":1}");
        refused("{\"mediaType\":\"foo/" + "a".repeat(128) + "\",\"digest\":\"" + DIGEST + "\",\"size\":1}");
    }

    @Test
    void mediaTypeMustBeAString() {
        InvalidManifestException e = refused("{\"mediaType\":42,\"digest\":\"" + DIGEST + "\",\"size\":1}");
        assertEquals("invalid descriptor: mediaType: must be a string, got the number 42", e.getMessage());
    }

    @Test
    void missingDigestIsNamed() {
        assertEquals("invalid descriptor: digest: is required",
                refused("{\"mediaType\":\"text/plain\",\"size\":1}").getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256", ":abc", "sha256:abc", "SHA256:" + "a", "sha256+foo+-b:abc", "md5:"})
    void badDigestBecomesInvalidManifestExceptionNamingTheField(String digest) {
        InvalidManifestException e = refused("{\"mediaType\":\"text/plain\",\"digest\":\"" + digest
                + "\",\"size\":1}");
        assertTrue(e.getMessage().startsWith("invalid descriptor: digest: "), e.getMessage());
    }

    @Test
    void digestWithAnUnregisteredAlgorithmParses() {
        Descriptor d = parse("{\"mediaType\":\"text/plain\",\"size\":1,"
                + "\"digest\":\"multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8\"}");
        assertEquals("multihash+base58", d.digest().algorithm());
    }

    @Test
    void missingSizeIsNamed() {
        assertEquals("invalid descriptor: size: is required",
                refused("{\"mediaType\":\"text/plain\",\"digest\":\"" + DIGEST + "\"}").getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"7682\"", "1.5", "1.0", "1e3", "-1", "9223372036854775808", "null", "true", "[]"})
    void sizeMustBeANonNegativeSixtyFourBitInteger(String size) {
        InvalidManifestException e = refused(withSize(size));
        assertTrue(e.getMessage().startsWith("invalid descriptor: size: "), e.getMessage());
    }

    @Test
    void sizeMayBeTheLargestLong() {
        assertEquals(Long.MAX_VALUE, parse(withSize("9223372036854775807")).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"urls\":[\"value\"]", "\"urls\":[\"http://exa mple.com\"]", "\"urls\":[1]",
            "\"urls\":\"https://example.com\"", "\"urls\":null"})
    void urlsMustBeAnArrayOfAbsoluteUris(String field) {
        InvalidManifestException e = refused(with(field));
        assertTrue(e.getMessage().startsWith("invalid descriptor: urls"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"annotations\":{\"k\":1}", "\"annotations\":{\"k\":null}", "\"annotations\":[]",
            "\"annotations\":\"k=v\""})
    void annotationsMustMapStringsToStrings(String field) {
        InvalidManifestException e = refused(with(field));
        assertTrue(e.getMessage().startsWith("invalid descriptor: annotations"), e.getMessage());
    }

    @Test
    void annotationValueErrorNamesTheKey() {
        assertEquals("invalid descriptor: annotations.k: must be a string, got the number 1",
                refused(with("\"annotations\":{\"k\":1}")).getMessage());
    }

    @Test
    void artifactTypeMustBeAMediaType() {
        InvalidManifestException e = refused(with("\"artifactType\":\"sbom\""));
        assertTrue(e.getMessage().startsWith("invalid descriptor: artifactType: "), e.getMessage());
    }

    @Test
    void platformNeedsOsAndArchitecture() {
        assertEquals("invalid descriptor: platform.os: is required",
                refused(with("\"platform\":{\"architecture\":\"amd64\"}")).getMessage());
        assertEquals("invalid descriptor: platform.architecture: is required",
                refused(with("\"platform\":{\"os\":\"linux\"}")).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"platform\":\"linux/amd64\"", "\"platform\":{\"os\":\"linux\",\"architecture\":1}",
            "\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\",\"variant\":7}",
            "\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\",\"os.features\":\"x\"}",
            "\"platform\":{\"os\":\"windows\",\"architecture\":\"amd64\",\"os.version\":10}",
            "\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\",\"features\":[1]}",
            "\"platform\":{\"os\":\"\",\"architecture\":\"amd64\"}"})
    void platformFieldsMustHaveTheirTypes(String field) {
        InvalidManifestException e = refused(with(field));
        assertTrue(e.getMessage().startsWith("invalid descriptor: platform"), e.getMessage());
    }

    @Test
    void platformKeepsOsVersionAndFeatures() {
        Platform p = parse(with("\"platform\":{\"architecture\":\"amd64\",\"os\":\"windows\","
                + "\"os.version\":\"10.0.17763.1\",\"os.features\":[\"win32k\"]}")).platform().orElseThrow();
        assertEquals(Optional.of("10.0.17763.1"), p.osVersion());
        assertEquals(List.of("win32k"), p.osFeatures());
    }

    @Test
    void dataIsDecodedWhenItMatchesDigestAndSize() {
        Descriptor d = parse("{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"size\":2,\"data\":\"e30=\","
                + "\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\"}");
        assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8), d.data().orElseThrow());
    }

    @Test
    void dataNotMatchingTheDigestIsRefused() {
        InvalidManifestException e = refused("{\"mediaType\":\"text/plain\",\"size\":2,\"data\":\"e30=\","
                + "\"digest\":\"" + DIGEST.substring(0, DIGEST.length() - 64) + "0".repeat(64) + "\"}");
        assertTrue(e.getMessage().startsWith("invalid descriptor: data: does not match the digest"), e.getMessage());
    }

    @Test
    void dataNotMatchingTheSizeIsRefused() {
        InvalidManifestException e = refused("{\"mediaType\":\"text/plain\",\"size\":3,\"data\":\"e30=\","
                + "\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\"}");
        assertEquals("invalid descriptor: data: holds 2 bytes but size says 3", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"e30", "e3 0=", "e30=\\n", "!!!!"})
    void dataMustBePaddedStandardBase64(String data) {
        InvalidManifestException e = refused("{\"mediaType\":\"text/plain\",\"size\":2,\"data\":\"" + data + "\","
                + "\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\"}");
        assertTrue(e.getMessage().startsWith("invalid descriptor: data: "), e.getMessage());
    }

    @Test
    void dataWithADigestThatCannotBeComputedIsRefused() {
        InvalidManifestException e = refused("{\"mediaType\":\"text/plain\",\"size\":2,\"data\":\"e30=\","
                + "\"digest\":\"sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564\"}");
        assertTrue(e.getMessage().startsWith("invalid descriptor: data: cannot be checked"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "null", "\"x\"", "{", "{}}", "{\"mediaType\":\"a/b\",\"mediaType\":\"c/d\"}"})
    void malformedJsonIsAnInvalidManifestException(String json) {
        assertThrows(InvalidManifestException.class, () -> parse(json));
    }

    @Test
    void ofContentDescribesItsSha256AndLength() {
        byte[] content = "hello".getBytes(StandardCharsets.UTF_8);
        Descriptor d = Descriptor.of("text/plain", content);
        assertEquals(Digest.sha256(content), d.digest());
        assertEquals(5, d.size());
    }

    @Test
    void emptyJsonIsTheOciEmptyDescriptor() {
        assertEquals(MediaTypes.OCI_EMPTY, Descriptor.EMPTY_JSON.mediaType());
        assertEquals("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
                Descriptor.EMPTY_JSON.digest().toString());
        assertEquals(2, Descriptor.EMPTY_JSON.size());
    }

    @Test
    void withDataRefusesContentOfAnotherDigest() {
        Descriptor d = Descriptor.of("text/plain", "hello".getBytes(StandardCharsets.UTF_8));
        assertThrows(InvalidManifestException.class, () -> d.withData("hellO".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void dataIsCopiedInAndOut() {
        byte[] content = "hello".getBytes(StandardCharsets.UTF_8);
        Descriptor d = Descriptor.of("text/plain", content).withData(content);
        content[0] = 'j';
        d.data().orElseThrow()[1] = 'a';
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), d.data().orElseThrow());
    }

    @Test
    void equalDescriptorsWithEqualDataAreEqual() {
        byte[] content = "hello".getBytes(StandardCharsets.UTF_8);
        Descriptor a = Descriptor.of("text/plain", content).withData(content);
        Descriptor b = Descriptor.of("text/plain", content).withData(content.clone());
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, Descriptor.of("text/plain", content));
    }

    @Test
    void constructorRefusesANegativeSize() {
        assertThrows(InvalidManifestException.class, () -> Descriptor.of("text/plain", Digest.parse(DIGEST), -1));
    }

    @Test
    void constructorRefusesARelativeUrl() {
        Descriptor d = Descriptor.of("text/plain", Digest.parse(DIGEST), 1);
        assertThrows(InvalidManifestException.class, () -> d.withUrls(List.of("/blobs/x")));
    }

    @Test
    void annotationsAreUnmodifiable() {
        Descriptor d = Descriptor.of("text/plain", Digest.parse(DIGEST), 1).withAnnotations(Map.of("a", "b"));
        assertThrows(UnsupportedOperationException.class, () -> d.annotations().put("c", "d"));
    }
}
