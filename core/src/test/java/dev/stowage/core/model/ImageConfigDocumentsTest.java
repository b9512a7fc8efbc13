package dev.stowage.core.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every image config among the image-spec test documents parses, or fails for the reason it was written for. */
class ImageConfigDocumentsTest {

    static byte[] document(String name) {
        try (InputStream in = ImageConfigDocumentsTest.class.getResourceAsStream("/oci-documents/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test document " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> configDocuments(String validity) {
        try (Stream<Path> files = Files.list(Path.of(ImageConfigDocumentsTest.class.getResource("/oci-documents").toURI()))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("oci-config-" + validity + "-"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> validConfigs() {
        return configDocuments("valid");
    }

    static List<String> invalidConfigs() {
        return configDocuments("invalid");
    }

    @Test
    void theTestDocumentsHoldFiveValidAndTenInvalidConfigs() {
        assertEquals(5, validConfigs().size());
        assertEquals(10, invalidConfigs().size());
    }

    @ParameterizedTest
    @MethodSource("validConfigs")
    void validDocumentParses(String name) {
        byte[] raw = document(name);
        ImageConfig config = assertDoesNotThrow(() -> ImageConfig.parse(raw));
        assertEquals(Digest.sha256(raw), config.digest());
        assertEquals(raw.length, config.size());
    }

    @ParameterizedTest
    @MethodSource("invalidConfigs")
    void invalidDocumentIsRefused(String name) {
        byte[] raw = document(name);
        assertThrows(InvalidManifestException.class, () -> ImageConfig.parse(raw));
    }

    @ParameterizedTest
    @CsvSource({
        "oci-config-invalid-01.json, os must be a string",
        "oci-config-invalid-02.json, variant must be a string",
        "oci-config-invalid-03.json, config.User must be a string",
        "oci-config-invalid-04.json, history must be an array",
        "oci-config-invalid-05.json, config.Env[0] must be a string",
        "oci-config-invalid-06.json, config.Volumes must be an object",
        "oci-config-invalid-07.json, config.Env[0] must have the form NAME=value",
        "oci-config-invalid-08.json, rootfs.type must be \"layers\"",
        "oci-config-invalid-09.json, rootfs is required",
        "oci-config-invalid-10.json, architecture is required",
    })
    void invalidDocumentIsRefusedNamingTheField(String name, String expected) {
        InvalidManifestException e = assertThrows(InvalidManifestException.class, () -> ImageConfig.parse(document(name)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
