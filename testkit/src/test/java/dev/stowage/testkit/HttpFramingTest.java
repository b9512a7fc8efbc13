package dev.stowage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpFramingTest {
    /** Records heads and body sizes; bodies are delimited as the heads declare. */
    private static class Recorder implements HttpFraming.Listener {
        final List<String> messages = new ArrayList<>();
        private String head;
        private long body;

        @Override
        public HttpFraming.Body onHead(String startLine, String headers) {
            head = startLine;
            body = 0;
            return HttpFraming.Body.declared(headers, HttpFraming.Body.NONE);
        }

        @Override
        public void onBody(long n) {
            body += n;
        }

        @Override
        public void onEnd() {
            messages.add(head + " " + body);
        }
    }

    private static List<String> frame(String stream, int step) {
        Recorder recorder = new Recorder();
        HttpFraming framing = new HttpFraming(recorder);
        byte[] bytes = stream.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < bytes.length; i += step) {
            framing.feed(bytes, i, Math.min(step, bytes.length - i));
        }
        return recorder.messages;
    }

    private static final String STREAM = "PUT /v2/a/blobs/uploads/x?digest=sha256:1 HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"
            + "PATCH /v2/a/blobs/uploads/y HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n4\r\ndefg\r\n0\r\nX-Trailer: t\r\n\r\n"
            + "GET /v2/ HTTP/1.1\r\nHost: h\r\n\r\n";

    @Test
    void framesFixedChunkedAndEmptyBodiesAcrossMessages() {
        assertEquals(List.of("PUT /v2/a/blobs/uploads/x?digest=sha256:1 HTTP/1.1 5",
                "PATCH /v2/a/blobs/uploads/y HTTP/1.1 7", "GET /v2/ HTTP/1.1 0"), frame(STREAM, 4096));
    }

    @Test
    void framingDoesNotDependOnWhereReadsSplitTheStream() {
        List<String> whole = frame(STREAM, 4096);
        for (int step = 1; step < 20; step++) {
            assertEquals(whole, frame(STREAM, step), "split every " + step + " bytes");
        }
    }

    @Test
    void aStreamThatIsNotHttpIsGivenUpOn() {
        HttpFraming framing = new HttpFraming(new Recorder());
        byte[] tls = {0x16, 0x03, 0x01, 0x02, 0x00, '\r', '\n', '\r', '\n'};
        framing.feed(tls, 0, tls.length);
        assertTrue(framing.opaque());
    }

    @Test
    void aTlsHandshakeIsKnownNotToBeHttpFromItsFirstByte() {
        HttpFraming framing = new HttpFraming(new Recorder());
        byte[] hello = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00};
        assertEquals(hello.length, framing.untilHeadEnd(hello, 0, hello.length));
        framing.feed(hello, 0, 1);
        assertTrue(framing.opaque());
    }

    @Test
    void untilHeadEndCountsTheBytesUpToEachHeadsBlankLineWithoutConsumingThem() {
        byte[] bytes = ("\r\n" + STREAM).getBytes(StandardCharsets.ISO_8859_1);
        List<Integer> heads = new ArrayList<>();
        int[] segmentEnd = new int[1];
        Recorder recorder = new Recorder() {
            @Override
            public HttpFraming.Body onHead(String startLine, String headers) {
                heads.add(segmentEnd[0]); // a head ends within the segment: at its last byte if counted right
                return super.onHead(startLine, headers);
            }
        };
        HttpFraming framing = new HttpFraming(recorder);
        int off = 0;
        for (int step = 1; off < bytes.length; step = step % 7 + 1) { // reads of varying sizes
            int part = framing.untilHeadEnd(bytes, off, Math.min(step, bytes.length - off));
            segmentEnd[0] = off + part;
            framing.feed(bytes, off, part);
            off += part;
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        List<Integer> expected = new ArrayList<>();
        for (int i = text.indexOf("HTTP/1.1\r\n"); i >= 0; i = text.indexOf("HTTP/1.1\r\n", i + 1)) {
            expected.add(text.indexOf("\r\n\r\n", i) + 4);
        }
        assertEquals(expected, heads);
    }
}
