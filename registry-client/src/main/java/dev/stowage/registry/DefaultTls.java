package dev.stowage.registry;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS context of registries without {@code certs.d} settings: the JDK's default trust (its
 * {@code cacerts}, or {@code javax.net.ssl.trustStore} when set), loaded when the first server
 * certificate is checked rather than when the HTTP client is built. Loading and parsing the
 * trust store was about a sixth of a short command's start-up, paid even by a loopback registry
 * that answers in plain HTTP (the HTTPS attempt before it never sees a certificate).
 *
 * <p>When {@code javax.net.ssl.keyStore} names a client key store, the JDK's default context is
 * used as it is, since only it presents that key.
 */
final class DefaultTls {
    private DefaultTls() {
    }

    static SSLContext context() {
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
