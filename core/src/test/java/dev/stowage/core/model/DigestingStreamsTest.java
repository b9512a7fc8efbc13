package dev.stowage.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DigestingStreamsTest {
    private static byte[] content(int size) {
        byte[] b = new byte[size];
        new Random(42).nextBytes(b);
        return b;
    }

    @Test
    void inputStreamDigestsAndCountsEveryByteRead() throws IOException {
        byte[] data = content(100_000);
        try (DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(data), Digest.SHA256)) {
            in.transferTo(OutputStream.nullOutputStream());
            assertEquals(Digest.sha256(data), in.digest());
            assertEquals(data.length, in.count());
            in.verify(Digest.sha256(data), data.length);
        }
    }

    @Test
    void skippedBytesAreStillDigested() throws IOException {
        byte[] data = content(10_000);
        try (DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(data), Digest.SHA256)) {
            assertEquals(5_000, in.skip(5_000));
            in.transferTo(OutputStream.nullOutputStream());
            assertEquals(Digest.sha256(data), in.digest());
        }
    }

    @Test
    void inputStreamVerifyFailsOnWrongSizeEvenWithTheRightDigest() throws IOException {
        byte[] data = content(1_000);
        try (DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(data), Digest.SHA256)) {
            in.transferTo(OutputStream.nullOutputStream());
            DigestMismatchException e = assertThrows(DigestMismatchException.class,
                    () -> in.verify(Digest.sha256(data), 999));
            assertEquals(999, e.expectedSize());
            assertEquals(1_000, e.actualSize());
            assertTrue(e.getMessage().contains("999 bytes"), e.getMessage());
        }
    }

    @Test
    void outputStreamDigestsAndPassesBytesThrough() throws IOException {
        byte[] data = content(70_000);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (DigestingOutputStream out = new DigestingOutputStream(sink, Digest.SHA512)) {
            out.write(data, 0, 100);
            out.write(data[100]);
            out.write(data, 101, data.length - 101);
            assertEquals(Digest.sha512(data), out.digest());
            assertEquals(data.length, out.count());
        }
        assertEquals(Digest.sha256(data), Digest.sha256(sink.toByteArray()));
    }

    @Test
    void outputStreamVerifyNamesExpectedAndActualDigest() throws IOException {
        Digest other = Digest.sha256(new byte[] {9});
        try (DigestingOutputStream out = new DigestingOutputStream(OutputStream.nullOutputStream(), Digest.SHA256)) {
            out.write(content(10));
            DigestMismatchException e = assertThrows(DigestMismatchException.class, () -> out.verify(other, -1));
            assertTrue(e.getMessage().contains(other.toString()), e.getMessage());
            assertTrue(e.getMessage().contains(out.digest().toString()), e.getMessage());
        }
    }
}
