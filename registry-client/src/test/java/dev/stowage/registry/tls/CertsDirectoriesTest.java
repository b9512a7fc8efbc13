package dev.stowage.registry.tls;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.testkit.ClientKeyFormat;
import dev.stowage.testkit.RegistryMode;
import dev.stowage.testkit.TlsMode;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CertsDirectoriesTest {
    private static final String HOST = "registry.test:5000";
    private static final TlsMode TLS = RegistryMode.tlsClientCert();

    @TempDir
    Path root;

    private CertsDirectories certs() {
        return CertsDirectories.of(List.of(root));
    }

    @ParameterizedTest
    @EnumSource(ClientKeyFormat.class)
    void readsTheClientKeyIn(ClientKeyFormat format) throws IOException {
        TLS.writeCertsDirectory(root.resolve(HOST), format);

        assertTrue(certs().hasSettingsFor(HOST));
        assertNotNull(certs().sslContext(HOST));
    }

    @Test
    void aHostWithoutADirectoryHasNoSettings() {
        assertFalse(certs().hasSettingsFor("other.test"));
    }

    @Test
    void aClientKeyWithoutItsCertificateIsRefusedNamingBothFiles() throws IOException {
        TLS.writeCertsDirectory(root.resolve(HOST), ClientKeyFormat.EC_SEC1);
        Files.delete(root.resolve(HOST).resolve("client.cert"));

        TlsConfigurationException e = assertThrows(TlsConfigurationException.class, () -> certs().sslContext(HOST));

        assertTrue(e.getMessage().contains("client.key") && e.getMessage().contains("client.cert"), e.getMessage());
    }

    @Test
    void aClientCertificateWithoutItsKeyIsRefused() throws IOException {
        TLS.writeCertsDirectory(root.resolve(HOST), ClientKeyFormat.EC_SEC1);
        Files.delete(root.resolve(HOST).resolve("client.key"));

        TlsConfigurationException e = assertThrows(TlsConfigurationException.class, () -> certs().sslContext(HOST));

        assertTrue(e.getMessage().contains("has no key"), e.getMessage());
    }

    @Test
    void aCaFileWithoutACertificateIsRefusedNamingIt() throws IOException {
        Files.createDirectories(root.resolve(HOST));
        Files.writeString(root.resolve(HOST).resolve("ca.crt"), "not a certificate\n");

        TlsConfigurationException e = assertThrows(TlsConfigurationException.class, () -> certs().sslContext(HOST));

        assertTrue(e.getMessage().contains("ca.crt"), e.getMessage());
    }

    @Test
    void anEncryptedClientKeyIsRefusedSayingSo() throws Exception {
        TLS.writeCertsDirectory(root.resolve(HOST), ClientKeyFormat.RSA_PKCS1);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(new JcaPKCS8Generator(generator.generateKeyPair().getPrivate(),
                    new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.PBE_SHA1_3DES)
                            .setPassword("pw".toCharArray()).build()));
        }
        Files.writeString(root.resolve(HOST).resolve("client.key"), pem.toString());

        TlsConfigurationException e = assertThrows(TlsConfigurationException.class, () -> certs().sslContext(HOST));

        assertTrue(e.getMessage().contains("encrypted"), e.getMessage());
    }

    @Test
    void registryNamesThatWouldLeaveTheRootAreIgnored() throws IOException {
        Files.createDirectories(root.resolve("inside"));
        TLS.writeCertsDirectory(root.resolve("inside"), ClientKeyFormat.EC_PKCS8);
        Files.createDirectories(root.resolve("sub")); // so that sub/../inside exists and only the guard refuses it

        assertFalse(CertsDirectories.of(List.of(root.resolve("sub"))).hasSettingsFor("../inside"));
    }
}
