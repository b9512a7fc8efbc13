package dev.stowage.store;

import dev.stowage.core.model.Digest;
import dev.stowage.core.spi.BlobWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Random;

/**
 * Times reading one stored blob of {@code MB} megabytes (random) to its end, as a push does: through
 * the raw file stream, through {@link FileImageStore#openBlob} (which digests and checks it), and
 * through {@code openBlob} in 32 MiB chunks, a new stream per chunk as a chunked upload reads;
 * alternating, best of {@code RUNS} each after a warm-up, so the differences are the check's cost
 * with the file in the page cache. Not a test: run by hand,
 * {@code java -cp <test classpath> dev.stowage.store.BlobReadTiming WORKDIR [MB RUNS]}.
 */
public final class BlobReadTiming {
    private static final int BUFFER = 1 << 17;
    private static final long CHUNK = 32L << 20;

    private BlobReadTiming() {
    }

    public static void main(String[] args) throws IOException {
        Path work = Path.of(args[0]);
        int megabytes = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        try (FileImageStore store = FileImageStore.open(work.resolve("store"))) {
            Digest blob;
            try (BlobWriter w = store.newBlob()) {
                Random random = new Random(1);
                byte[] chunk = new byte[1 << 20];
                for (int i = 0; i < megabytes; i++) {
                    random.nextBytes(chunk);
                    w.write(chunk);
                }
                blob = w.commit();
            }
            long size = store.blobSize(blob).orElseThrow();
            long raw = Long.MAX_VALUE;
            long verified = Long.MAX_VALUE;
            long chunked = Long.MAX_VALUE;
            for (int run = 0; run <= runs; run++) {
                long r = time(() -> drain(store.blobs.open(blob), size));
                long v = time(() -> drain(store.openBlob(blob), size));
                long c = time(() -> {
                    for (long offset = 0; offset < size; offset += CHUNK) {
                        InputStream in = store.openBlob(blob);
                        in.skipNBytes(offset);
                        drain(in, Math.min(CHUNK, size - offset));
                    }
                });
                if (run > 0) {
                    raw = Math.min(raw, r);
                    verified = Math.min(verified, v);
                    chunked = Math.min(chunked, c);
                }
            }
            System.out.printf("%d MB blob, best of %d: raw file %.0f ms (%.0f MB/s); openBlob with digest check "
                            + "%.0f ms (%.0f MB/s, +%.0f ms); openBlob in 32 MiB chunks %.0f ms (+%.0f ms)%n",
                    megabytes, runs, raw / 1e6, size * 1e3 / raw, verified / 1e6, size * 1e3 / verified,
                    (verified - raw) / 1e6, chunked / 1e6, (chunked - raw) / 1e6);
        }
    }

    private interface Read {
        void run() throws IOException;
    }

    private static long time(Read read) throws IOException {
        long start = System.nanoTime();
        read.run();
        return System.nanoTime() - start;
    }

    /** Reads {@code length} bytes and closes, as an upload of that many bytes does (never asking for the end). */
    private static void drain(InputStream stream, long length) throws IOException {
        try (InputStream in = stream) {
            byte[] buf = new byte[BUFFER];
            long left = length;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new IOException("blob ended " + left + " bytes early");
                }
                left -= n;
            }
        }
    }
}
