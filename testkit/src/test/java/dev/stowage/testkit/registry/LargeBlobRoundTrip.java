package dev.stowage.testkit.registry;

import dev.stowage.testkit.InProcessRegistry;
import dev.stowage.testkit.RegistryConfig;
import dev.stowage.testkit.RegistryStorage;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

/**
 * The child JVM of {@link LargeBlobInBoundedMemoryIT}: starts an in-process registry keeping blobs
 * in a temporary directory, streams a generated blob of the given size up in one chunked PATCH
 * and back down, and checks that both ways hash alike. Exits 0 and prints {@code round trip ok}
 * on success; the heap limit is the parent's to set.
 */
public final class LargeBlobRoundTrip {
    private LargeBlobRoundTrip() {
    }

    public static void main(String[] args) throws Exception {
        long size = Long.parseLong(args[0]);
        try (InProcessRegistry registry = InProcessRegistry.start(RegistryConfig.plain()
                .withStorage(RegistryStorage.FILESYSTEM))) {
            HttpClient http = HttpClient.newHttpClient();
            URI base = registry.url();
            HttpResponse<Void> post = http.send(HttpRequest.newBuilder(base.resolve("/v2/big/blob/blobs/uploads/"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            URI location = base.resolve(post.headers().firstValue("Location").orElseThrow());
            MessageDigest up = MessageDigest.getInstance("SHA-256");
            HttpResponse<Void> patch = http.send(HttpRequest.newBuilder(location)
                    .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(
                            () -> new DigestInputStream(new Generated(size), up)))
                    .header("Content-Type", "application/octet-stream").build(), HttpResponse.BodyHandlers.discarding());
            require(patch.statusCode() == 202, "PATCH answered " + patch.statusCode());
            String digest = "sha256:" + HexFormat.of().formatHex(up.digest());
            HttpResponse<Void> put = http.send(HttpRequest.newBuilder(URI.create(location + "?digest=" + digest))
                    .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            require(put.statusCode() == 201, "PUT answered " + put.statusCode());

            MessageDigest down = MessageDigest.getInstance("SHA-256");
            HttpResponse<InputStream> get = http.send(HttpRequest.newBuilder(base.resolve("/v2/big/blob/blobs/" + digest))
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            long received = 0;
            try (InputStream in = new DigestInputStream(get.body(), down)) {
                byte[] buffer = new byte[256 * 1024];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    received += n;
                }
            }
            require(received == size, "received " + received + " of " + size + " bytes");
            require(digest.equals("sha256:" + HexFormat.of().formatHex(down.digest())), "the download hashes otherwise");
            System.out.println("round trip ok: " + size + " bytes, " + digest + ", heap limit "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB, peak heap used " + peakHeap() / (1 << 20) + " MiB");
        }
    }

    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    private static void require(boolean condition, String failure) {
        if (!condition) {
            throw new IllegalStateException(failure);
        }
    }

    /** {@code size} bytes: a random 1 MiB block, each copy stamped with its number so no two are alike. */
    private static final class Generated extends InputStream {
        private final byte[] block = new byte[1 << 20];
        private final long size;
        private long position;

        Generated(long size) {
            this.size = size;
            new Random(42).nextBytes(block);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position == size) {
                return -1;
            }
            int inBlock = (int) (position % block.length);
            if (inBlock == 0) {
                long number = position / block.length;
                for (int i = 0; i < 8; i++) {
                    block[i] = (byte) (number >>> (8 * i));
                }
            }
            int n = (int) Math.min(Math.min(len, block.length - inBlock), size - position);
            System.arraycopy(block, inBlock, b, off, n);
            position += n;
            return n;
        }
    }
}
