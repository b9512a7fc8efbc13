package dev.stowage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class JwtSignerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JwtSigner signer = new JwtSigner();
    private final String[] parts = signer.sign(JSON.createObjectNode().put("iss", "me")).split("\\.");

    @Test
    void headerCarriesTheSignersCertificateAsX5c() throws Exception {
        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));

        assertEquals("ES256", header.path("alg").asText());
        assertEquals(certificate(), x5c(header));
    }

    @Test
    void signatureIsTheRawRAndSPairOverHeaderAndClaims() throws Exception {
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
        verifier.initVerify(certificate().getPublicKey());
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));

        assertEquals(64, signature.length);
        assertTrue(verifier.verify(signature));
    }

    private X509Certificate certificate() throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(signer.certificatePem().getBytes(StandardCharsets.US_ASCII)));
    }

    private static X509Certificate x5c(JsonNode header) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Base64.getDecoder().decode(header.path("x5c").path(0).asText())));
    }
}
