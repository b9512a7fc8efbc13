package dev.stowage.registry.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.testkit.ClientKeyFormat;
import dev.stowage.testkit.RegistryMode;
import dev.stowage.testkit.TlsMode;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bouncy Castle is optional: the JDK reads certificates and PKCS#8 keys, and a PKCS#1 or SEC1 key
 * without Bouncy Castle fails naming the artifact to add and the openssl command that converts it.
 */
class PemTest {
    private static final TlsMode TLS = RegistryMode.tlsClientCert();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = ClientKeyFormat.class, names = {"RSA_PKCS8", "EC_PKCS8"})
    void aPkcs8KeyIsReadWithoutBouncyCastle(ClientKeyFormat format) throws IOException {
        TLS.writeCertsDirectory(dir, format);

        PrivateKey key = Pem.privateKey(dir.resolve("client.key"), false);

        assertEquals(format == ClientKeyFormat.RSA_PKCS8 ? "RSA" : "EC", key.getAlgorithm());
        assertFalse(Pem.certificates(dir.resolve("client.cert")).isEmpty());
        assertFalse(Pem.certificates(dir.resolve("ca.crt")).isEmpty());
    }

    @ParameterizedTest
    @EnumSource(value = ClientKeyFormat.class, names = {"RSA_PKCS1", "EC_SEC1"})
    void aPkcs1OrSec1KeyWithoutBouncyCastleSaysWhatToAdd(ClientKeyFormat format) throws IOException {
        TLS.writeCertsDirectory(dir, format);

        TlsConfigurationException e = assertThrows(TlsConfigurationException.class,
                () -> Pem.privateKey(dir.resolve("client.key"), false));

        assertTrue(e.getMessage().contains("needs org.bouncycastle:bcpkix-jdk18on on the class path"), e.getMessage());
        assertTrue(e.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"), e.getMessage());
    }

    @Test
    void aPkcs1KeyIsReadWithBouncyCastle() throws IOException {
        TLS.writeCertsDirectory(dir, ClientKeyFormat.RSA_PKCS1);

        assertEquals("RSA", Pem.privateKey(dir.resolve("client.key"), true).getAlgorithm());
    }
}
