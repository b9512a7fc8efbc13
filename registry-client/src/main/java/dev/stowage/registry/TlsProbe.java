package dev.stowage.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Whether a port speaks TLS, asked with one fixed TLS 1.2 ClientHello over a plain socket and read
 * from the first bytes of the reply: a TLS record (a handshake, or an alert refusing this hello)
 * or an HTTP status line (a plain HTTP server refusing a request line it cannot read).
 *
 * <p>For loopback registries, which may be reached in plain HTTP and whose HTTPS
 * attempt comes first: when the port answers in plain HTTP, that attempt cannot succeed, and it
 * cost the JDK's TLS set-up and a key exchange, ~40% of a short command's CPU time against a
 * loopback registry, where this costs a round trip. Nothing secret goes out: the hello offers no
 * session and no key. Any other outcome (refused, closed, silent, something else) is
 * {@link Answer#UNKNOWN} and leaves the choice to the HTTPS attempt, as without the probe.
 */
final class TlsProbe {
    /** What the port answered. */
    enum Answer { TLS, PLAIN_HTTP, UNKNOWN }

    /**
     * A record holding a ClientHello: version 1.2, a zero random, no session, ECDHE and RSA AES-GCM
     * suites, no compression, and the supported-groups, point-formats and signature-algorithms
     * extensions a TLS server needs to answer. The supported-groups extension's type (0x000a) is
     * also a line feed, which a plain HTTP server waits for before it answers the "request line".
     */
    private static final byte[] HELLO = HexFormat.of().parseHex("160301005d010000590303"
            + "0000000000000000000000000000000000000000000000000000000000000000" // random
            + "00" // session id
            + "000cc02bc02fc02cc030009c009d" // cipher suites
            + "0100" // compression: none
            + "0024" // extensions
            + "000a00080006001d00170018" // supported groups: x25519, secp256r1, secp384r1
            + "000b00020100" // EC point formats: uncompressed
            + "000d000e000c040308040401050308050501"); // signature algorithms
    private static final byte[] HTTP = "HTTP/".getBytes(StandardCharsets.US_ASCII);
    private static final int TLS_HANDSHAKE = 0x16;
    private static final int TLS_ALERT = 0x15;

    private TlsProbe() {
    }

    /**
     * @param host a host name or address (an IPv6 address in brackets or not)
     * @param connect how long connecting may take
     * @param answer how long the first bytes of the reply may take, once connected
     */
    static Answer ask(String host, int port, Duration connect, Duration answer) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), millis(connect));
            socket.setSoTimeout(millis(answer));
            socket.getOutputStream().write(HELLO);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            int first = in.read();
            if (first == TLS_HANDSHAKE || first == TLS_ALERT) {
                return Answer.TLS;
            }
            byte[] rest = in.readNBytes(HTTP.length - 1);
            return first == HTTP[0] && Arrays.equals(rest, 0, rest.length, HTTP, 1, HTTP.length)
                    ? Answer.PLAIN_HTTP : Answer.UNKNOWN;
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            return Answer.UNKNOWN;
        }
    }

    private static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }
}
