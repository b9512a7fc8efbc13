package dev.stowage.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.model.Digest;
import dev.stowage.testkit.RawHttpServer;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code stowage blob} against a registry whose blob body never ends. */
class BlobCommandTest {
    private static final long ENDLESS = 64L << 20;

    @TempDir
    Path scratch;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void blobToAFileStopsReadingAtTheSizeTheRegistryAnnounced() throws Exception {
        Digest digest = Digest.sha256("ten bytes!".getBytes(US_ASCII));
        AtomicLong sent = new AtomicLong();
        try (RawHttpServer registry = RawHttpServer.start(x -> {
            OutputStream out = x.output();
            if (x.request().method().equals("HEAD")) {
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n".getBytes(US_ASCII));
                return;
            }
            // "ten bytes!", then more for as long as the client reads (bounded, for the test's sake)
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\nten bytes!\r\n".getBytes(US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            while (sent.get() < ENDLESS) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(US_ASCII));
                sent.addAndGet(chunk.length);
            }
            out.write("0\r\n\r\n".getBytes(US_ASCII));
            x.closeConnection();
        })) {
            Path file = scratch.resolve("blob.bin");

            CliRun run = CliRun.of("blob", registry.host() + "/app@" + digest, "-o", file.toString());

            assertEquals(1, run.exitCode(), run.err());
            assertTrue(run.err().contains("longer than its descriptor"), run.err());
            assertTrue(sent.get() < ENDLESS, "the whole endless body was read");
            try (Stream<Path> left = Files.list(scratch)) {
                assertEquals(List.of(), left.toList());
            }
        }
    }
}
