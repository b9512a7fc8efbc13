package dev.stowage.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Optional;

/**
 * Signs JWTs the way Distribution's token verifier reads them: ES256 with the signature as the
 * raw {@code r || s} pair (not DER), and the signer's certificate in the {@code x5c} header, which
 * the registry checks against its {@code rootcertbundle}. The in-process registry verifies them
 * here, with the signer's own key.
 */
final class JwtSigner {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final KeyPair keys = KeyPairs.ec();
    private final X509Certificate certificate = CertificateAuthority.selfSigned("stowage test token signer", keys);

    /** The certificate the registry must trust, as PEM. */
    String certificatePem() {
        return PemText.certificate(certificate);
    }

    /** The compact JWS of {@code claims}. */
    String sign(ObjectNode claims) {
        try {
            ObjectNode header = JSON.createObjectNode().put("typ", "JWT").put("alg", "ES256");
            header.putArray("x5c").add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
            String signingInput = URL.encodeToString(JSON.writeValueAsBytes(header)) + "."
                    + URL.encodeToString(JSON.writeValueAsBytes(claims));
            Signature signature = Signature.getInstance("SHA256withPLAIN-ECDSA", KeyPairs.BC);
            signature.initSign(keys.getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token", e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write a token's JSON", e);
        }
    }

    /** The claims of {@code token} if this signer signed it (ES256, signature intact); nothing else is checked. */
    Optional<JsonNode> verify(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            Base64.Decoder decoder = Base64.getUrlDecoder();
            JsonNode header = JSON.readTree(decoder.decode(parts[0]));
            if (!header.path("alg").asText().equals("ES256")) {
                return Optional.empty();
            }
            Signature signature = Signature.getInstance("SHA256withPLAIN-ECDSA", KeyPairs.BC);
            signature.initVerify(keys.getPublic());
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!signature.verify(decoder.decode(parts[2]))) {
                return Optional.empty();
            }
            return Optional.of(JSON.readTree(decoder.decode(parts[1])));
        } catch (IllegalArgumentException | java.io.IOException | GeneralSecurityException e) {
            return Optional.empty(); // not base64url, not JSON, or a signature of the wrong shape
        }
    }
}
