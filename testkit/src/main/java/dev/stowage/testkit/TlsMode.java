package dev.stowage.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * HTTPS on 127.0.0.1 with a server certificate (IP SAN {@code 127.0.0.1}, DNS {@code localhost})
 * from a CA made for this mode by Bouncy Castle; with {@link RegistryMode#tlsClientCert()} the
 * registry also demands a client certificate from that CA ({@code http.tls.clientcas}).
 *
 * <p>Clients trust the CA through docker's {@code certs.d} layout, which the registry writes for
 * this mode ({@link TestRegistry#certsDirectory()}), or through {@link #clientSslContext()}:
 * <pre>{@code
 * RegistryClient client = RegistryClient.builder()
 *         .certsDirectories(CertsDirectories.of(List.of(registry.certsDirectory())))
 *         .build();
 * }</pre>
 * {@link #writeCertsDirectory} writes the same files with the client key in another PEM form.
 */
public final class TlsMode implements RegistryMode {
    private final boolean clientCertificates;
    private final CertificateAuthority ca;
    private final Identity server;
    private final Identity ecClient;
    private final Identity rsaClient;

    TlsMode(boolean clientCertificates) {
        this.clientCertificates = clientCertificates;
        this.ca = CertificateAuthority.create("stowage test CA");
        this.server = ca.issueLoopbackServer(KeyPairs.ec());
        this.ecClient = clientCertificates ? ca.issueClient("stowage test client (EC)", KeyPairs.ec()) : null;
        this.rsaClient = clientCertificates ? ca.issueClient("stowage test client (RSA)", KeyPairs.rsa()) : null;
    }

    /** The CA certificate that signed the registry's (and clients') certificates, as PEM. */
    public String caCertificatePem() {
        return PemText.certificate(ca.certificate());
    }

    @Override
    public String scheme() {
        return "https";
    }

    @Override
    public void configure(ConfigTree config, Path dir) throws IOException {
        Path cert = write(dir.resolve("server.crt"), PemText.certificate(server.certificate()));
        Path key = write(dir.resolve("server.key"), PemText.pkcs8(server.key()));
        config.set("http.tls.certificate", cert.toString()).set("http.tls.key", key.toString());
        if (clientCertificates) {
            Path clientCa = write(dir.resolve("client-ca.crt"), caCertificatePem());
            config.set("http.tls.clientcas", List.of(clientCa.toString()));
        }
    }

    /** Trusts this mode's CA (and nothing else); presents the EC client certificate when one is demanded. */
    @Override
    public Optional<SSLContext> clientSslContext() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (clientCertificates) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                char[] none = new char[0];
                keys.setKeyEntry("client", ecClient.key(), none, new X509Certificate[] {ecClient.certificate()});
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, none);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return Optional.of(context);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a TLS context trusting the test CA", e);
        }
    }

    /**
     * The server side for the in-process registry: the server certificate (with the CA behind it),
     * and trust in the CA for client certificates when they are demanded.
     */
    SSLContext serverSslContext() {
        try {
            char[] none = new char[0];
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", server.key(), none, new X509Certificate[] {server.certificate(), ca.certificate()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, none);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the registry's TLS context from the test CA", e);
        }
    }

    /** Whether the registry demands client certificates. */
    boolean demandsClientCertificates() {
        return clientCertificates;
    }

    /** {@code ca.crt}, and for a client-certificate registry {@code client.cert} with an RSA PKCS#1 {@code client.key}. */
    @Override
    public void writeClientFiles(Path hostDirectory) throws IOException {
        writeCertsDirectory(hostDirectory, ClientKeyFormat.RSA_PKCS1);
    }

    /**
     * Writes a {@code certs.d/<host:port>/} directory: {@code ca.crt}, and when the registry demands
     * client certificates, {@code client.cert} and {@code client.key} in {@code keyFormat}.
     */
    public void writeCertsDirectory(Path hostDirectory, ClientKeyFormat keyFormat) throws IOException {
        Objects.requireNonNull(keyFormat, "keyFormat");
        Files.createDirectories(hostDirectory);
        write(hostDirectory.resolve("ca.crt"), caCertificatePem());
        if (clientCertificates) {
            Identity client = keyFormat.isRsa() ? rsaClient : ecClient;
            write(hostDirectory.resolve("client.cert"), PemText.certificate(client.certificate()));
            write(hostDirectory.resolve("client.key"),
                    keyFormat.isPkcs8() ? PemText.pkcs8(client.key()) : PemText.traditional(client.key()));
        }
    }

    private static Path write(Path file, String pem) throws IOException {
        return Files.writeString(file, pem, StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return clientCertificates ? "tls+client-certificates" : "tls";
    }
}
