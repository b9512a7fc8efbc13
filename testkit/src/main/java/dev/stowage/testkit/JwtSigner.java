package dev.stowage.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * Signs JWTs the way Distribution's token verifier reads them: ES256 with the signature as the
 * raw {@code r || s} pair (not DER), and the signer's certificate in the {@code x5c} header, which
 * the registry checks against its {@code rootcertbundle}.
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
}
