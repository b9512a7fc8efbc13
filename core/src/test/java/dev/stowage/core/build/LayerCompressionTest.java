package dev.stowage.core.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class LayerCompressionTest {
    private static final byte[] DATA = "layer bytes ".repeat(1000).getBytes(StandardCharsets.UTF_8);

    private static byte[] compress(LayerCompression compression, byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream c = compression.compress(out)) {
            c.write(data);
        }
        return out.toByteArray();
    }

    @Test
    void gzipHeaderHasNoTimeNoNameAndTheUnknownOsByte() throws IOException {
        byte[] gz = compress(LayerCompression.gzip(), DATA);
        // magic, deflate, no flags (no FNAME), mtime 0, XFL, OS 255 as Go writes it
        assertArrayEquals(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0}, Arrays.copyOf(gz, 8));
        assertEquals((byte) 255, gz[9]);
        assertArrayEquals(DATA, new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes());
    }

    @Test
    void gzipOfTheSameBytesIsTheSameBytes() throws IOException {
        assertArrayEquals(compress(LayerCompression.gzip(9), DATA), compress(LayerCompression.gzip(9), DATA));
    }

    @Test
    void zstdRoundTrips() throws IOException {
        byte[] zst = compress(LayerCompression.zstd(), DATA);
        assertArrayEquals(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}, Arrays.copyOf(zst, 4));
        assertArrayEquals(DATA, new ZstdInputStream(new ByteArrayInputStream(zst)).readAllBytes());
    }

    @Test
    void noneWritesTheBytesAsTheyAre() throws IOException {
        assertArrayEquals(DATA, compress(LayerCompression.none(), DATA));
    }

    @Test
    void levelsOutsideTheAlgorithmsRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> LayerCompression.gzip(10));
        assertThrows(IllegalArgumentException.class, () -> LayerCompression.gzip(-1));
        assertThrows(IllegalArgumentException.class, () -> LayerCompression.zstd(0));
        assertThrows(IllegalArgumentException.class, () -> LayerCompression.zstd(23));
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new java.util.SplittableRandom(7).nextBytes(b);
        return b;
    }

    @Test
    void adaptiveGzipStoresRandomChunksAndDeflatesTheRest() throws IOException {
        byte[] mixed = new byte[4 * 65536];
        System.arraycopy(random(2 * 65536), 0, mixed, 0, 2 * 65536);
        byte[] text = "words compress well ".repeat(7000).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(text, 0, mixed, 2 * 65536, 2 * 65536);
        byte[] gz = compress(LayerCompression.adaptiveGzip(), mixed);
        assertArrayEquals(mixed, new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes());
        // the random half is stored (a few bytes of framing per block), the text half shrinks to almost nothing
        assertEquals(true, gz.length > 2 * 65536 && gz.length < 2 * 65536 + 2000, "size " + gz.length);
    }

    @Test
    void adaptiveGzipDependsOnTheBytesNotOnHowTheyAreWritten() throws IOException {
        byte[] data = new byte[200_000];
        System.arraycopy(random(100_000), 0, data, 0, 100_000);
        System.arraycopy(DATA, 0, data, 100_000, DATA.length);
        ByteArrayOutputStream bytewise = new ByteArrayOutputStream();
        try (OutputStream c = LayerCompression.adaptiveGzip().compress(bytewise)) {
            for (int i = 0; i < data.length; i += 333) {
                c.write(data, i, Math.min(333, data.length - i));
            }
        }
        assertArrayEquals(compress(LayerCompression.adaptiveGzip(), data), bytewise.toByteArray());
    }

    @Test
    void adaptiveGzipHasGzipsHeaderAndTrailer() throws IOException {
        byte[] gz = compress(LayerCompression.adaptiveGzip(), DATA);
        assertArrayEquals(Arrays.copyOf(compress(LayerCompression.gzip(), DATA), 10), Arrays.copyOf(gz, 10));
        assertArrayEquals(DATA, new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes());
        assertArrayEquals(new byte[0], new GZIPInputStream(new ByteArrayInputStream(
                compress(LayerCompression.adaptiveGzip(), new byte[0]))).readAllBytes());
    }
}
