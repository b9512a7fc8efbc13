package dev.stowage.registry.tls;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS settings per registry from docker's {@code certs.d} layout: under each root, the directory
 * named {@code host} or {@code host:port} holds CA certificates ({@code *.crt}, trusted in
 * addition to the JDK's trust store) and client certificates ({@code NAME.cert} with
 * {@code NAME.key}).
 *
 * <pre>{@code
 * SSLContext tls = CertsDirectories.system().sslContext("registry.example.com:5000");
 * }</pre>
 */
public final class CertsDirectories {
    private final List<Path> roots;

    private CertsDirectories(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /** Docker's and the containers tools' system locations. */
    public static CertsDirectories system() {
        return of(List.of(Path.of("/etc/docker/certs.d"), Path.of("/etc/containers/certs.d")));
    }

    /** The given roots, searched in order. */
    public static CertsDirectories of(List<Path> roots) {
        return new CertsDirectories(roots);
    }

    /** No extra CAs or client certificates for any host. */
    public static CertsDirectories none() {
        return of(List.of());
    }

    /**
     * The TLS context for a registry: the JDK's trust store plus the directory's CAs, and its
     * client certificate if any.
     *
     * @param hostAndPort {@code host} or {@code host:port}, as the registry is named
     * @throws TlsConfigurationException if a file there cannot be used
     */
    public SSLContext sslContext(String hostAndPort) {
        return context(hostAndPort, true);
    }

    /**
     * The TLS context for a registry marked insecure, as docker builds one: any server
     * certificate is accepted, and the directory's client certificate, if any, is presented.
     *
     * @param hostAndPort {@code host} or {@code host:port}, as the registry is named
     * @throws TlsConfigurationException if a file there cannot be used
     */
    public SSLContext insecureSslContext(String hostAndPort) {
        return context(hostAndPort, false);
    }

    private SSLContext context(String hostAndPort, boolean verifyServer) {
        List<X509Certificate> cas = new ArrayList<>();
        List<ClientIdentity> identities = new ArrayList<>();
        for (Path dir : directoriesFor(hostAndPort)) {
            for (Path file : list(dir)) {
                String name = file.getFileName().toString();
                if (name.endsWith(".crt")) {
                    cas.addAll(Pem.certificates(file));
                } else if (name.endsWith(".cert")) {
                    Path key = dir.resolve(name.substring(0, name.length() - ".cert".length()) + ".key");
                    if (!Files.isRegularFile(key)) {
                        throw new TlsConfigurationException("client certificate " + file + " has no key beside it ("
                                + key.getFileName() + ")");
                    }
                    identities.add(new ClientIdentity(Pem.certificates(file), Pem.privateKey(key)));
                } else if (name.endsWith(".key")) {
                    Path cert = dir.resolve(name.substring(0, name.length() - ".key".length()) + ".cert");
                    if (!Files.isRegularFile(cert)) {
                        throw new TlsConfigurationException("client key " + file + " has no certificate beside it ("
                                + cert.getFileName() + ")");
                    }
                }
            }
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            TrustManager[] trust = !verifyServer ? new TrustManager[] {new TrustingEverything()}
                    : cas.isEmpty() ? null : trustManagers(cas).getTrustManagers();
            context.init(identities.isEmpty() ? null : keyManagers(identities.get(0)).getKeyManagers(), trust, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsConfigurationException("cannot build the TLS settings for " + hostAndPort + ": " + e.getMessage(), e);
        }
    }

    private List<Path> directoriesFor(String hostAndPort) {
        List<Path> dirs = new ArrayList<>();
        for (Path root : roots) {
            // A host:port name would otherwise let ".." or "/" in a registry name leave the root.
            if (hostAndPort.contains("/") || hostAndPort.contains("\\") || hostAndPort.startsWith(".")) {
                continue;
            }
            Path dir = root.resolve(hostAndPort);
            if (Files.isDirectory(dir)) {
                dirs.add(dir);
            }
        }
        return dirs;
    }

    private static List<Path> list(Path dir) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            throw new TlsConfigurationException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        files.sort(null);
        return files;
    }

    private record ClientIdentity(List<X509Certificate> chain, PrivateKey key) {
    }

    private static KeyManagerFactory keyManagers(ClientIdentity identity) throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] password = new char[0];
        ks.setKeyEntry("client", identity.key(), password, identity.chain().toArray(new X509Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        return kmf;
    }

    private static TrustManagerFactory trustManagers(List<X509Certificate> extra) throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        int i = 0;
        for (X509Certificate ca : jdkTrustAnchors()) {
            ks.setCertificateEntry("jdk-" + i++, ca);
        }
        for (X509Certificate ca : extra) {
            ks.setCertificateEntry("certs.d-" + i++, ca);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return tmf;
    }

    private static List<X509Certificate> jdkTrustAnchors() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        for (var tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x509) {
                return List.of(x509.getAcceptedIssuers());
            }
        }
        return List.of();
    }

    /** Whether any root has a directory for {@code hostAndPort}. */
    public boolean hasSettingsFor(String hostAndPort) {
        return !directoriesFor(hostAndPort).isEmpty();
    }
}
