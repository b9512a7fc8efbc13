package dev.stowage.registry.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Private keys the JDK cannot read, read with Bouncy Castle (an optional dependency: only
 * {@link Pem} loads this class, once it knows Bouncy Castle is there): unencrypted PKCS#1
 * ({@code RSA PRIVATE KEY}) and SEC1 ({@code EC PRIVATE KEY}) keys.
 */
final class BouncyCastlePem {
    private BouncyCastlePem() {
    }

    static PrivateKey privateKey(Path file) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        for (Object o : objects(file)) {
            try {
                if (o instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
            } catch (IOException e) {
                throw new TlsConfigurationException("cannot use the private key in " + file + ": " + e.getMessage(), e);
            }
            if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
                throw new TlsConfigurationException("the private key in " + file
                        + " is encrypted; docker's certs.d needs an unencrypted key");
            }
        }
        throw new TlsConfigurationException(file + " holds no PEM private key (PKCS#1, SEC1 or PKCS#8)");
    }

    private static List<Object> objects(Path file) {
        List<Object> out = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            Object o;
            while ((o = parser.readObject()) != null) {
                out.add(o);
            }
        } catch (IOException e) {
            throw new TlsConfigurationException("cannot read " + file + " as PEM: " + e.getMessage(), e);
        }
        return out;
    }
}
