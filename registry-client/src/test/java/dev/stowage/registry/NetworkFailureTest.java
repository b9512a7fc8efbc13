package dev.stowage.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * Failures are named in words, from the shapes the JDK's HTTP client gives them (a refused
 * connection is a {@code ConnectException} without a message, an unknown host one caused by
 * {@code UnresolvedAddressException}, an untrusted certificate a PKIX failure several causes deep).
 */
class NetworkFailureTest {
    @Test
    void aRefusedConnectionIsConnectionRefused() {
        ConnectException jdk = new ConnectException();
        jdk.initCause(new ConnectException("Connection refused"));
        assertEquals("connection refused", NetworkFailure.describe(jdk));
    }

    @Test
    void aNameThatDoesNotResolveIsAnUnknownHost() {
        ConnectException jdk = new ConnectException();
        jdk.initCause(new UnresolvedAddressException());
        assertEquals("unknown host (the name does not resolve)", NetworkFailure.describe(jdk));
        assertEquals("unknown host (the name does not resolve)", NetworkFailure.describe(new UnknownHostException("x")));
    }

    @Test
    void timeoutsSayTheyTimedOut() {
        assertEquals("timed out connecting", NetworkFailure.describe(new HttpConnectTimeoutException("HTTP connect timed out")));
        assertEquals("timed out: request timed out", NetworkFailure.describe(new HttpTimeoutException("request timed out")));
    }

    @Test
    void anUntrustedCertificateSaysWhyItIsNotTrusted() {
        assertEquals("certificate not trusted: no trusted certificate authority issued it",
                NetworkFailure.describe(handshake(new CertificateException("PKIX path building failed",
                        new CertPathBuilderException("unable to find valid certification path to requested target")))));
        assertEquals("certificate not trusted: it has expired",
                NetworkFailure.describe(handshake(new CertificateExpiredException("NotAfter: Mon Jan 01 2024"))));
        assertEquals("certificate not trusted: it is not issued for this host name", NetworkFailure.describe(handshake(
                new CertificateException("No subject alternative names matching IP address 10.0.0.1 found"))));
    }

    @Test
    void aRefusedClientCertificateSaysSo() {
        assertEquals("the registry refused the TLS handshake (it wants a client certificate it trusts)",
                NetworkFailure.describe(new SSLHandshakeException("Received fatal alert: bad_certificate")));
    }

    @Test
    void anythingElseKeepsItsTypeAndMessage() {
        assertEquals("IOException: something odd", NetworkFailure.describe(new IOException("something odd")));
    }

    private static SSLHandshakeException handshake(Throwable cause) {
        SSLHandshakeException e = new SSLHandshakeException(cause.getMessage());
        e.initCause(cause);
        return e;
    }
}
