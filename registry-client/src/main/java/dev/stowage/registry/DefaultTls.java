package dev.stowage.registry;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyManagementException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS context of registries without {@code certs.d} settings: the JDK's default trust (its
 * {@code cacerts}, or {@code javax.net.ssl.trustStore} when set), loaded when the first server
 * certificate is checked rather than when the HTTP client is built. Loading and parsing the
 * trust store was about a sixth of a short command's start-up, paid even by a loopback registry
 * that answers in plain HTTP (the HTTPS attempt before it never sees a certificate). The context
 * itself is made when the first TLS connection needs it, too: the JDK's TLS set-up (its providers,
 * and checking which cipher suites they implement) was another quarter of a short command's CPU
 * time against a plain-HTTP registry, which now never needs it.
 *
 * <p>When {@code javax.net.ssl.keyStore} names a client key store, the JDK's default context is
 * used as it is, since only it presents that key.
 */
final class DefaultTls {
    private DefaultTls() {
    }

    /**
     * The default context, made on first use. An HTTP client built on it needs
     * {@link #parameters()} too, or it asks the context for its defaults at once.
     */
    static SSLContext context() {
        return new Deferred();
    }

    /**
     * Parameters that leave every setting at the context's default (enabled protocols and cipher
     * suites among them: an engine keeps its own where these say nothing).
     */
    static SSLParameters parameters() {
        return new SSLParameters();
    }

    private static SSLContext made() {
        try {
            String keyStore = System.getProperty("javax.net.ssl.keyStore");
            if (keyStore != null && !keyStore.isEmpty()) {
                return SSLContext.getDefault();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new DeferredTrust()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot create a TLS context", e);
        }
    }

    /** The TLS context {@link #made} when a connection first needs it. */
    private static final class Deferred extends SSLContext {
        Deferred() {
            super(new DeferredSpi(), null, "TLS");
        }
    }

    private static final class DeferredSpi extends SSLContextSpi {
        private SSLContext context;

        private synchronized SSLContext context() {
            if (context == null) {
                context = made();
            }
            return context;
        }

        @Override
        protected void engineInit(KeyManager[] keys, TrustManager[] trust, SecureRandom random)
                throws KeyManagementException {
            throw new KeyManagementException("the default TLS context is set up already");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return context().getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return context().getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return context().createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return context().createSSLEngine(host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return context().getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return context().getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return context().getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return context().getSupportedSSLParameters();
        }
    }

    /**
     * The JDK's default trust manager, made on first use. Extended, so the JDK does not wrap it
     * in checks of its own: the default manager it delegates to makes them (host name included).
     */
    private static final class DeferredTrust extends X509ExtendedTrustManager {
        private X509ExtendedTrustManager delegate;

        private synchronized X509ExtendedTrustManager delegate() throws CertificateException {
            if (delegate == null) {
                try {
                    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                    factory.init((KeyStore) null);
                    for (TrustManager manager : factory.getTrustManagers()) {
                        if (manager instanceof X509ExtendedTrustManager x509) {
                            delegate = x509;
                            return delegate;
                        }
                    }
                    throw new CertificateException("the JDK offers no X.509 trust manager");
                } catch (GeneralSecurityException e) {
                    throw new CertificateException("cannot load the JDK's trusted certificates: " + e.getMessage(), e);
                }
            }
            return delegate;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate().checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate().checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate().checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate().checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate().checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate().checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            try {
                return delegate().getAcceptedIssuers();
            } catch (CertificateException e) {
                return new X509Certificate[0];
            }
        }
    }
}
