package dev.stowage.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What this machine allows, measured in the same run as the tools: the JVM's SHA-256 rate, a
 * plain {@code curl} download of the big blob (straight from the registry, and through the
 * counting proxy every tool goes through), and writing a file with {@code fsync}. Best of three
 * each, since a ceiling is what the machine can do when nothing else gets in the way.
 */
final class Ceilings {
    private Ceilings() {
    }

    /** MB/s of {@code MessageDigest("SHA-256")} over a heap array of {@code bytes}. */
    static double sha256(int bytes) throws NoSuchAlgorithmException {
        byte[] data = new byte[bytes];
        new SplittableRandom(1).nextBytes(data);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(data); // warm the intrinsic up
        md.digest();
        double best = 0;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            for (int off = 0; off < data.length; off += 1 << 20) {
                md.update(data, off, Math.min(1 << 20, data.length - off));
            }
            md.digest();
            best = Math.max(best, rate(bytes, System.nanoTime() - start));
        }
        return best;
    }

    /** MB/s of {@code curl} downloading {@code url} to {@code /dev/null}. */
    static double curl(String url, Path scratch) throws IOException, InterruptedException {
        double best = 0;
        for (int i = 0; i < 3; i++) {
            Files.createDirectories(scratch);
            Path out = scratch.resolve("curl-speed.txt");
            Process p = new ProcessBuilder("curl", "-sS", "-f", "-o", "/dev/null", "-w", "%{speed_download}", url)
                    .redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("curl " + url + " failed with exit code " + p.exitValue());
            }
            best = Math.max(best, Double.parseDouble(Files.readString(out, StandardCharsets.US_ASCII).strip()) / 1e6);
            Files.delete(out);
        }
        return best;
    }

    /** MB/s of writing {@code bytes} to a new file in {@code dir} and forcing them to disk. */
    static double diskWrite(Path dir, int bytes) throws IOException {
        Files.createDirectories(dir);
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
        new SplittableRandom(2).nextBytes(chunk.array());
        double best = 0;
        for (int i = 0; i < 3; i++) {
            Path file = dir.resolve("disk-ceiling.bin");
            long start = System.nanoTime();
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                for (int written = 0; written < bytes; written += chunk.capacity()) {
                    chunk.clear();
                    while (chunk.hasRemaining()) {
                        ch.write(chunk);
                    }
                }
                ch.force(true);
            }
            best = Math.max(best, rate(bytes, System.nanoTime() - start));
            Files.delete(file);
        }
        return best;
    }

    private static double rate(long bytes, long nanos) {
        return bytes / 1e6 / (nanos / 1e9);
    }

    /**
     * Free memory below which writes slowed down here: with the page cache holding nearly all of
     * memory, each new page of a written file is reclaimed first, in the writer's own time (a 1 GiB
     * upload into Distribution took 15 s instead of 5, its system time 12 s instead of 1.5).
     */
    static final long SHORT_OF_MEMORY = 6L << 30;

    /** {@code MemFree} of {@code /proc/meminfo} in bytes: memory neither used nor caching files; 0 when unknown. */
    static long freeMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemFree:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or not readable: nothing to say about it
        }
        return 0;
    }

    static String format(double mbPerSecond) {
        return String.format(Locale.ROOT, "%.0f MB/s", mbPerSecond);
    }
}
