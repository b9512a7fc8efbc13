package dev.stowage.bench;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Deterministic file content for the benchmark's images: the same seed gives the same bytes on
 * every machine, so layer digests are reproducible and both tools move identical blobs.
 *
 * <ul>
 *   <li>{@link Kind#RANDOM}: incompressible, like media files or already-compressed archives;</li>
 *   <li>{@link Kind#TEXT}: words from a small vocabulary, compressing about 3–4× like sources and
 *       configuration;</li>
 *   <li>{@link Kind#MIXED}: 4 KiB blocks alternating between the two, like binaries and libraries
 *       (about 1.6×).</li>
 * </ul>
 */
final class SyntheticContent extends InputStream {
    /** How compressible the bytes are. */
    enum Kind { RANDOM, TEXT, MIXED }

    private static final int BLOCK = 4096;
    private static final String[] WORDS = vocabulary();

    private final Kind kind;
    private final SplittableRandom random;
    private long remaining;
    private final byte[] block = new byte[BLOCK];
    private int blockPos = BLOCK;
    private long blocks;

    SyntheticContent(Kind kind, long seed, long size) {
        this.kind = kind;
        this.random = new SplittableRandom(seed);
        this.remaining = size;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (remaining <= 0) {
            return -1;
        }
        int n = (int) Math.min(len, remaining);
        int done = 0;
        while (done < n) {
            if (blockPos == BLOCK) {
                fill();
            }
            int k = Math.min(n - done, BLOCK - blockPos);
            System.arraycopy(block, blockPos, b, off + done, k);
            blockPos += k;
            done += k;
        }
        remaining -= n;
        return n;
    }

    private void fill() {
        boolean text = kind == Kind.TEXT || (kind == Kind.MIXED && blocks % 2 == 1);
        if (text) {
            int i = 0;
            while (i < BLOCK) {
                byte[] w = WORDS[random.nextInt(WORDS.length)].getBytes(StandardCharsets.US_ASCII);
                for (int j = 0; j < w.length && i < BLOCK; j++) {
                    block[i++] = w[j];
                }
                if (i < BLOCK) {
                    block[i++] = (byte) (random.nextInt(12) == 0 ? '\n' : ' ');
                }
            }
        } else {
            for (int i = 0; i < BLOCK; i += 8) {
                long v = random.nextLong();
                for (int j = 0; j < 8; j++) {
                    block[i + j] = (byte) (v >>> (8 * j));
                }
            }
        }
        blockPos = 0;
        blocks++;
    }

    /** 1,000 lower-case pseudo-words of 2–9 letters, the same on every run. */
    private static String[] vocabulary() {
        SplittableRandom r = new SplittableRandom(20240229L);
        String[] words = new String[1000];
        for (int i = 0; i < words.length; i++) {
            char[] w = new char[2 + r.nextInt(8)];
            for (int j = 0; j < w.length; j++) {
                w[j] = (char) ('a' + r.nextInt(26));
            }
            words[i] = new String(w);
        }
        return words;
    }
}
