package dev.stowage.registry.tls;

import dev.stowage.core.OptionalDependency;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM files of {@code certs.d}: certificates, and unencrypted private keys. The JDK reads
 * certificates and PKCS#8 keys ({@code PRIVATE KEY}, what {@code openssl genpkey} and OpenSSL 3
 * write); PKCS#1 ({@code RSA PRIVATE KEY}) and SEC1 ({@code EC PRIVATE KEY}) keys need Bouncy
 * Castle, an optional dependency, and say so when it is missing.
 */
final class Pem {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "DSA");

    private Pem() {
    }

    static List<X509Certificate> certificates(Path file) {
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : blocks(file)) {
                if (block.type().equals("CERTIFICATE")) {
                    for (Certificate c : factory.generateCertificates(new ByteArrayInputStream(block.der()))) {
                        out.add((X509Certificate) c);
                    }
                }
            }
        } catch (CertificateException e) {
            throw new TlsConfigurationException("cannot use a certificate in " + file + ": " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new TlsConfigurationException(file + " holds no PEM certificate");
        }
        return out;
    }

    static PrivateKey privateKey(Path file) {
        return privateKey(file, OptionalDependency.BOUNCY_CASTLE.isPresent());
    }

    /** @param bouncyCastle whether Bouncy Castle is there to read what the JDK cannot */
    static PrivateKey privateKey(Path file, boolean bouncyCastle) {
        for (Block block : blocks(file)) {
            switch (block.type()) {
                case "PRIVATE KEY":
                    return pkcs8(file, block.der());
                case "RSA PRIVATE KEY", "EC PRIVATE KEY":
                    if (!bouncyCastle) {
                        throw new TlsConfigurationException("the " + block.type() + " in " + file + " is a "
                                + (block.type().startsWith("RSA") ? "PKCS#1" : "SEC1") + " key: reading it needs "
                                + OptionalDependency.BOUNCY_CASTLE.artifact() + " on the class path (Stowage declares it "
                                + "optional); or convert the key to PKCS#8, which needs nothing: "
                                + "openssl pkcs8 -topk8 -nocrypt -in client.key -out client.key.pk8");
                    }
                    return BouncyCastlePem.privateKey(file);
                case "ENCRYPTED PRIVATE KEY":
                    throw new TlsConfigurationException("the private key in " + file
                            + " is encrypted; docker's certs.d needs an unencrypted key");
                default:
                    // another block (a certificate beside the key): look further
            }
        }
        throw new TlsConfigurationException(file + " holds no PEM private key (PKCS#1, SEC1 or PKCS#8)");
    }

    private static PrivateKey pkcs8(Path file, byte[] der) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // not this algorithm's key: try the next
            }
        }
        throw new TlsConfigurationException("cannot use the private key in " + file
                + ": not an RSA, EC, EdDSA or DSA key in PKCS#8 form");
    }

    private record Block(String type, byte[] der) {
    }

    private static List<Block> blocks(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new TlsConfigurationException("cannot read " + file + " as PEM: " + e.getMessage(), e);
        }
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            try {
                out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new TlsConfigurationException("cannot read " + file + " as PEM: a " + m.group(1)
                        + " block is not base64", e);
            }
        }
        return out;
    }
}
