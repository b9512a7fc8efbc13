package dev.stowage.registry;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Says in words why a request could not be completed: "connection refused", "unknown host",
 * "timed out …", "certificate not trusted …" rather than the JDK's class names (the JDK client
 * reports a refused connection as a {@code ConnectException} without a message, an unknown host
 * as one caused by an {@code UnresolvedAddressException}, an untrusted certificate as a PKIX path
 * failure several causes deep).
 */
final class NetworkFailure {
    private NetworkFailure() {
    }

    /** The reason, for messages and retry events: {@code connection refused}. */
    static String describe(IOException e) {
        if (has(e, UnresolvedAddressException.class) || has(e, UnknownHostException.class)) {
            return "unknown host (the name does not resolve)";
        }
        if (has(e, HttpConnectTimeoutException.class)) {
            return "timed out connecting";
        }
        if (has(e, HttpTimeoutException.class)) {
            return "timed out: " + message(find(e, HttpTimeoutException.class));
        }
        if (has(e, NoRouteToHostException.class)) {
            return "no route to host";
        }
        if (has(e, ConnectException.class)) {
            return "connection refused";
        }
        if (has(e, CertificateExpiredException.class)) {
            return "certificate not trusted: it has expired";
        }
        if (has(e, CertificateNotYetValidException.class)) {
            return "certificate not trusted: it is not valid yet";
        }
        if (has(e, CertPathBuilderException.class) || has(e, CertPathValidatorException.class)
                || text(e).contains("pkix path")) {
            return "certificate not trusted: no trusted certificate authority issued it";
        }
        if (text(e).contains("no subject alternative") || text(e).contains("no name matching")) {
            return "certificate not trusted: it is not issued for this host name";
        }
        if (has(e, SSLHandshakeException.class)) {
            String alert = text(e);
            if (alert.contains("bad_certificate") || alert.contains("certificate_required")
                    || alert.contains("certificate_unknown") && alert.contains("received")) {
                return "the registry refused the TLS handshake (it wants a client certificate it trusts)";
            }
            return "TLS handshake failed: " + message(find(e, SSLHandshakeException.class));
        }
        if (has(e, SSLException.class)) {
            return "TLS failed: " + message(find(e, SSLException.class));
        }
        if (has(e, EOFException.class) || text(e).contains("eof reached") || text(e).contains("received no bytes")) {
            return "connection closed by the server before it answered in full";
        }
        if (has(e, SocketException.class) && text(e).contains("reset")) {
            return "connection reset by the server";
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isEmpty() ? "" : ": " + m);
    }

    private static boolean has(Throwable t, Class<? extends Throwable> type) {
        return find(t, type) != null;
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    /** Every message of the chain, lower case. */
    private static String text(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null && all.length() < 4096; c = c.getCause()) {
            if (c.getMessage() != null) {
                all.append(c.getMessage().toLowerCase(Locale.ROOT)).append(' ');
            }
        }
        return all.toString();
    }

    private static String message(Throwable t) {
        return t.getMessage() == null || t.getMessage().isEmpty() ? t.getClass().getSimpleName() : t.getMessage();
    }
}
