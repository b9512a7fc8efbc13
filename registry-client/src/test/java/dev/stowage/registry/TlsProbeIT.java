package dev.stowage.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stowage.testkit.RegistryConfig;
import dev.stowage.testkit.RegistryExtension;
import dev.stowage.testkit.RegistryMode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What real registries answer the probe's hello, and what counts as no answer. */
class TlsProbeIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static RegistryExtension plain = RegistryExtension.of(RegistryConfig.plain());
    @RegisterExtension
    static RegistryExtension tls = RegistryExtension.of(RegistryConfig.plain().withMode(RegistryMode.tls()));
    @RegisterExtension
    static RegistryExtension tlsInProcess = RegistryExtension.inProcess(RegistryConfig.plain().withMode(RegistryMode.tls()));

    @Test
    void aPlainHttpRegistryAnswersInPlainHttp() {
        assertEquals(TlsProbe.Answer.PLAIN_HTTP, TlsProbe.ask("127.0.0.1", plain.registry().port(), WAIT, WAIT));
    }

    @Test
    void aTlsRegistryAnswersInTls() {
        assertEquals(TlsProbe.Answer.TLS, TlsProbe.ask("127.0.0.1", tls.registry().port(), WAIT, WAIT));
        assertEquals(TlsProbe.Answer.TLS, TlsProbe.ask("127.0.0.1", tlsInProcess.registry().port(), WAIT, WAIT));
    }

    @Test
    void aClosedPortIsNoAnswer() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        assertEquals(TlsProbe.Answer.UNKNOWN, TlsProbe.ask("127.0.0.1", port, WAIT, WAIT));
    }

    @Test
    void aServerThatSaysNothingIsNoAnswer() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(TlsProbe.Answer.UNKNOWN,
                    TlsProbe.ask("127.0.0.1", socket.getLocalPort(), WAIT, Duration.ofMillis(200)));
        }
    }

    @Test
    void aServerThatAnswersSomethingElseIsNoAnswer() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket s = socket.accept()) {
                    s.getOutputStream().write("SSH-2.0-OpenSSH\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // the probe's end is what the test checks
                }
            });
            server.start();
            assertEquals(TlsProbe.Answer.UNKNOWN, TlsProbe.ask("127.0.0.1", socket.getLocalPort(), WAIT, WAIT));
            server.join(WAIT.toMillis());
        }
    }
}
