package dev.stowage.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every manifest, index and descriptor of the image-spec and Distribution test documents
 * (src/test/resources/oci-documents, see SOURCE.md) parses or is refused as its name says.
 */
class OciDocumentsTest {

    static Path documents() throws URISyntaxException {
        return Path.of(OciDocumentsTest.class.getResource("/oci-documents").toURI());
    }

    static Stream<String> names(String validity) throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(documents())) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json") && !n.startsWith("oci-config-") && n.contains("-" + validity + "-"))
                    .sorted()
                    .toList();
            return names.stream();
        }
    }

    static Stream<String> valid() throws IOException, URISyntaxException {
        return names("valid");
    }

    static Stream<String> invalid() throws IOException, URISyntaxException {
        return names("invalid");
    }

    static Stream<String> validManifestsAndIndexes() throws IOException, URISyntaxException {
        return valid().filter(n -> !n.startsWith("oci-descriptor-"));
    }

    static Stream<String> invalidManifestsAndIndexes() throws IOException, URISyntaxException {
        return invalid().filter(n -> !n.startsWith("oci-descriptor-"));
    }

    static Stream<String> validDescriptors() throws IOException, URISyntaxException {
        return valid().filter(n -> n.startsWith("oci-descriptor-"));
    }

    static byte[] read(String name) throws IOException, URISyntaxException {
        return Files.readAllBytes(documents().resolve(name));
    }

    /** The Content-Type a registry would serve the document with, from its file name. */
    static String servedAs(String name) {
        if (name.startsWith("docker-manifest-list-")) {
            return MediaTypes.DOCKER_MANIFEST_LIST;
        } else if (name.startsWith("docker-manifest-")) {
            return MediaTypes.DOCKER_MANIFEST;
        } else if (name.startsWith("oci-index-")) {
            return MediaTypes.OCI_INDEX;
        } else if (name.startsWith("oci-manifest-")) {
            return MediaTypes.OCI_MANIFEST;
        }
        throw new IllegalArgumentException(name);
    }

    @Test
    void theCorpusHoldsAllEightySixDocuments() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(documents())) {
            assertEquals(86, files.filter(p -> p.toString().endsWith(".json")).count());
        }
        assertEquals(36, valid().count());
        assertEquals(35, invalid().count());
        assertEquals(9, validDescriptors().count());
        assertEquals(26, invalidManifestsAndIndexes().count());
    }

    @ParameterizedTest
    @MethodSource("validDescriptors")
    void validDescriptorParsesToTheFieldsItStates(String name) throws Exception {
        byte[] bytes = read(name);
        JsonNode json = new ObjectMapper().readTree(bytes);

        Descriptor descriptor = Descriptor.parse(bytes);

        assertEquals(json.get("mediaType").textValue(), descriptor.mediaType(), name);
        assertEquals(json.get("digest").textValue(), descriptor.digest().toString(), name);
        assertEquals(json.get("size").longValue(), descriptor.size(), name);
        List<String> urls = new ArrayList<>();
        json.path("urls").forEach(url -> urls.add(url.textValue()));
        assertEquals(urls, descriptor.urls(), name);
        assertEquals(Optional.ofNullable(json.path("artifactType").textValue()), descriptor.artifactType(), name);
        assertArrayEquals(json.has("data") ? Base64.getDecoder().decode(json.get("data").textValue()) : null,
                descriptor.data().orElse(null), name);
    }

    @ParameterizedTest
    @MethodSource("validManifestsAndIndexes")
    void validDocumentParsesWithTheDigestOfItsBytes(String name) throws Exception {
        byte[] bytes = read(name);
        for (String contentType : new String[] {servedAs(name), null}) {
            ManifestDocument doc = ManifestDocument.parse(bytes, contentType);
            assertEquals(Digest.sha256(bytes), doc.digest(), name);
            assertEquals(bytes.length, doc.size(), name);
            assertEquals(servedAs(name), doc.mediaType(), name);
            if (MediaTypes.isIndex(servedAs(name))) {
                assertInstanceOf(ImageIndex.class, doc, name);
            } else {
                assertInstanceOf(ImageManifest.class, doc, name);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void invalidDocumentIsRefusedWithInvalidManifestException(String name) throws Exception {
        byte[] bytes = read(name);
        boolean descriptor = name.startsWith("oci-descriptor-");
        InvalidManifestException e = assertThrows(InvalidManifestException.class,
                () -> {
                    if (descriptor) {
                        Descriptor.parse(bytes);
                    } else {
                        ManifestDocument.parse(bytes, servedAs(name));
                    }
                }, name);
        assertTrue(e.getMessage().startsWith(descriptor ? "invalid descriptor: " : "invalid manifest: "), e.getMessage());
    }

    /** Descriptors have no content type of their own: {@link #invalidDocumentIsRefusedWithInvalidManifestException} covers them. */
    @ParameterizedTest
    @MethodSource("invalidManifestsAndIndexes")
    void invalidDocumentWithoutContentTypeIsRefusedUnlessItsShapeIsTheOtherKind(String name) throws Exception {
        byte[] bytes = read(name);
        // These two break the schema of the type they were filed under, but are valid documents of the other kind.
        if (name.equals("oci-manifest-invalid-12.json")) {
            assertInstanceOf(ImageIndex.class, ManifestDocument.parse(bytes, null));
        } else if (name.equals("oci-index-invalid-09.json")) {
            assertInstanceOf(ImageManifest.class, ManifestDocument.parse(bytes, null));
        } else {
            assertThrows(InvalidManifestException.class, () -> ManifestDocument.parse(bytes, null), name);
        }
    }
}
