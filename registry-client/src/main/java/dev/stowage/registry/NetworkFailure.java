package dev.stowage.registry;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * What a request that got no HTTP answer ran into, in words a user can act on: a name that does
 * not resolve, a refused or unreachable address, a connection that timed out, a TLS handshake
 * that failed (an untrusted, expired or mismatched certificate, a refused client certificate),
 * or a port that does not speak TLS. The JDK's client reports most of these as a
 * {@code ConnectException} without a message; the causes tell them apart.
 */
final class NetworkFailure {
    /** What kind of failure, and whether sending again could help. */
    enum Kind {
        NO_SUCH_HOST(false), CONNECT_FAILED(true), TIMED_OUT(true), UNTRUSTED_CERTIFICATE(false),
        CERTIFICATE_FOR_ANOTHER_HOST(false), EXPIRED_CERTIFICATE(false), CLIENT_CERTIFICATE_REFUSED(false),
        TLS_HANDSHAKE(false), NO_TLS(false), OTHER(true);

        final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }
    }

    private final IOException failure;
    private final Kind kind;

    private NetworkFailure(IOException failure, Kind kind) {
        this.failure = failure;
        this.kind = kind;
    }

    static NetworkFailure of(IOException e) {
        return new NetworkFailure(e, kindOf(e));
    }

    Kind kind() {
        return kind;
    }

    /** Whether the same request may succeed when sent again (a name that does not resolve, a refused certificate will not). */
    boolean isTransient() {
        return kind.retryable;
    }

    /** Whether the server answered in TLS and the handshake failed, as opposed to a port that speaks no TLS. */
    boolean isTlsHandshake() {
        return switch (kind) {
            case UNTRUSTED_CERTIFICATE, CERTIFICATE_FOR_ANOTHER_HOST, EXPIRED_CERTIFICATE, CLIENT_CERTIFICATE_REFUSED,
                    TLS_HANDSHAKE -> true;
            default -> false;
        };
    }

    /** Why {@code e} happened, in words: {@code connection refused}, for events, logs and messages. */
    static String describe(IOException e) {
        return of(e).reason();
    }

    /** A short reason for events and logs, without touching the network. */
    String reason() {
        return switch (kind) {
            case NO_SUCH_HOST -> "unknown host (the name does not resolve)";
            case CONNECT_FAILED -> has(failure, NoRouteToHostException.class) ? "no route to host" : "connection refused";
            case TIMED_OUT -> has(failure, HttpConnectTimeoutException.class) ? "timed out connecting"
                    : "timed out: " + timeoutMessage();
            case EXPIRED_CERTIFICATE -> "certificate not trusted: it has expired";
            case UNTRUSTED_CERTIFICATE -> "certificate not trusted: no trusted certificate authority issued it";
            case CERTIFICATE_FOR_ANOTHER_HOST -> "certificate not trusted: it is not issued for this host name";
            case CLIENT_CERTIFICATE_REFUSED -> "the registry refused the TLS handshake (it wants a client certificate it trusts)";
            case TLS_HANDSHAKE -> "TLS handshake failed: " + deepestMessage();
            case NO_TLS -> "the port does not speak TLS";
            case OTHER -> other();
        };
    }

    private String timeoutMessage() {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpTimeoutException && t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return message(failure);
    }

    private String other() {
        String text = messages(failure).toLowerCase(Locale.ROOT);
        if (has(failure, EOFException.class) || text.contains("eof reached") || text.contains("received no bytes")) {
            return "connection closed by the server before it answered in full";
        }
        if (has(failure, SocketException.class) && text.contains("reset")) {
            return "connection reset by the server";
        }
        return message(failure);
    }

    /** The exception's type and message: {@code IOException: something odd}. */
    private static String message(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isEmpty() ? "" : ": " + m);
    }

    /**
     * The full account for an error message: {@code host} and {@code port} name where the
     * connection went; a failed connection is tried once more with a plain socket, whose error
     * says what the JDK's client does not (refused, no route, unreachable).
     */
    String describe(String host, int port, Duration connectTimeout) {
        return switch (kind) {
            case NO_SUCH_HOST -> "no such host: " + host + " does not resolve";
            case TIMED_OUT -> failure instanceof HttpConnectTimeoutException
                    ? "connecting to " + host + ":" + port + " timed out after " + Durations.text(connectTimeout)
                    : "no answer in time (" + message(failure) + ")";
            case CONNECT_FAILED -> connectFailure(host, port, connectTimeout);
            case NO_TLS -> host + ":" + port + " does not speak TLS (a plain HTTP registry?)";
            case OTHER -> reason();
            default -> "TLS handshake with " + host + ":" + port + " failed: " + tlsReason();
        };
    }

    private String tlsReason() {
        String detail = deepestMessage();
        return switch (kind) {
            case UNTRUSTED_CERTIFICATE -> "its certificate is not signed by a CA this machine trusts (" + detail + ")";
            case CERTIFICATE_FOR_ANOTHER_HOST -> "its certificate is for another name (" + detail + ")";
            case EXPIRED_CERTIFICATE -> "its certificate has expired (" + detail + ")";
            case CLIENT_CERTIFICATE_REFUSED -> "it refused the client certificate, or wanted one (" + detail + ")";
            default -> detail;
        };
    }

    private static String connectFailure(String host, int port, Duration connectTimeout) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(host, port), (int) Math.min(connectTimeout.toMillis(), 5_000));
            return "the connection to " + host + ":" + port + " failed";
        } catch (ConnectException e) {
            String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
            return m.contains("refused") ? "connection refused: nothing listens on " + host + ":" + port
                    : "cannot connect to " + host + ":" + port + (m.isEmpty() ? "" : " (" + m + ")");
        } catch (NoRouteToHostException e) {
            return "no route to " + host + ":" + port;
        } catch (UnknownHostException e) {
            return "no such host: " + host + " does not resolve";
        } catch (IOException | RuntimeException e) {
            return "cannot connect to " + host + ":" + port + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
        }
    }

    private String deepestMessage() {
        String message = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        if (message == null) {
            return failure.getClass().getSimpleName();
        }
        // the JDK prefixes the class names of the validator's exceptions: keep the words
        int colon = message.lastIndexOf("Exception: ");
        return colon < 0 ? message : message.substring(colon + "Exception: ".length());
    }

    private static Kind kindOf(IOException e) {
        if (has(e, UnresolvedAddressException.class) || has(e, UnknownHostException.class)) {
            return Kind.NO_SUCH_HOST;
        }
        if (has(e, HttpConnectTimeoutException.class) || e instanceof HttpTimeoutException) {
            return Kind.TIMED_OUT;
        }
        if (has(e, CertificateExpiredException.class)) {
            return Kind.EXPIRED_CERTIFICATE;
        }
        if (has(e, CertificateException.class)) {
            String all = messages(e);
            return all.contains("subject alternative name") || all.contains("No name matching")
                    ? Kind.CERTIFICATE_FOR_ANOTHER_HOST : Kind.UNTRUSTED_CERTIFICATE;
        }
        if (has(e, SSLHandshakeException.class)) {
            String all = messages(e).toLowerCase(Locale.ROOT);
            return all.contains("certificate_required") || all.contains("bad_certificate")
                    || all.contains("unknown_ca") || all.contains("certificate_unknown")
                    ? Kind.CLIENT_CERTIFICATE_REFUSED : Kind.TLS_HANDSHAKE;
        }
        if (has(e, SSLException.class)) {
            return Kind.NO_TLS;
        }
        if (has(e, ConnectException.class) || has(e, NoRouteToHostException.class)) {
            return Kind.CONNECT_FAILED;
        }
        return Kind.OTHER;
    }

    private static boolean has(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String messages(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append(' ');
        }
        return all.toString();
    }
}
