package dev.stowage.testkit;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority made with Bouncy Castle: a self-signed CA certificate and
 * the certificates it issues to a registry on 127.0.0.1 and to its clients. Valid from an hour ago
 * (clock skew) for a day.
 */
final class CertificateAuthority {
    private static final Duration BACKDATE = Duration.ofHours(1);
    private static final Duration VALIDITY = Duration.ofDays(1);

    private final Identity identity;

    private CertificateAuthority(Identity identity) {
        this.identity = identity;
    }

    /** A new CA with its own P-256 key. */
    static CertificateAuthority create(String commonName) {
        KeyPair keys = KeyPairs.ec();
        X500Name name = new X500Name("CN=" + commonName);
        X509Certificate ca = sign(name, keys.getPrivate(), name, keys.getPublic(), keys.getPublic(), builder -> {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        });
        return new CertificateAuthority(new Identity(ca, keys.getPrivate()));
    }

    /** A self-signed certificate for {@code keys}, usable as its own trust anchor (a token signer's). */
    static X509Certificate selfSigned(String commonName, KeyPair keys) {
        X500Name name = new X500Name("CN=" + commonName);
        return sign(name, keys.getPrivate(), name, keys.getPublic(), keys.getPublic(), builder ->
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature)));
    }

    X509Certificate certificate() {
        return identity.certificate();
    }

    /** A server certificate for {@code 127.0.0.1} (IP SAN) and {@code localhost}. */
    Identity issueLoopbackServer(KeyPair keys) {
        GeneralNames names = new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost")});
        return issue("127.0.0.1", keys, KeyPurposeId.id_kp_serverAuth, names);
    }

    /** A client certificate, as a registry with {@code http.tls.clientcas} demands. */
    Identity issueClient(String commonName, KeyPair keys) {
        return issue(commonName, keys, KeyPurposeId.id_kp_clientAuth, null);
    }

    private Identity issue(String commonName, KeyPair keys, KeyPurposeId purpose, GeneralNames altNames) {
        X500Name issuer = X500Name.getInstance(identity.certificate().getSubjectX500Principal().getEncoded());
        X509Certificate cert = sign(issuer, identity.key(), new X500Name("CN=" + commonName), keys.getPublic(),
                identity.certificate().getPublicKey(), builder -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    builder.addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
                    if (altNames != null) {
                        builder.addExtension(Extension.subjectAlternativeName, false, altNames);
                    }
                });
        return new Identity(cert, keys.getPrivate());
    }

    private interface Extensions {
        void add(X509v3CertificateBuilder builder) throws CertIOException;
    }

    private static X509Certificate sign(X500Name issuer, PrivateKey issuerKey, X500Name subject, PublicKey subjectKey,
            PublicKey issuerPublicKey, Extensions extensions) {
        Instant now = Instant.now();
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    new BigInteger(64, new SecureRandom()).add(BigInteger.ONE), Date.from(now.minus(BACKDATE)),
                    Date.from(now.plus(VALIDITY)), subject, subjectKey);
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    utils.createAuthorityKeyIdentifier(issuerPublicKey));
            extensions.add(builder);
            String algorithm = issuerKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            return new JcaX509CertificateConverter().setProvider(KeyPairs.BC).getCertificate(
                    builder.build(new JcaContentSignerBuilder(algorithm).setProvider(KeyPairs.BC).build(issuerKey)));
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("Bouncy Castle cannot issue a certificate for " + subject, e);
        }
    }
}
