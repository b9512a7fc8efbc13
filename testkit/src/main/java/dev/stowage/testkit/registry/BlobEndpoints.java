package dev.stowage.testkit.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/** {@code GET}, {@code HEAD} and {@code DELETE} of {@code /v2/<name>/blobs/<digest>} (end-2, end-10). */
final class BlobEndpoints {
    private static final int COPY_BUFFER = 256 * 1024;

    private final RegistryState state;
    private final boolean deleteEnabled;

    BlobEndpoints(RegistryState state, boolean deleteEnabled) {
        this.state = state;
        this.deleteEnabled = deleteEnabled;
    }

    /** The blob, whole or the part its {@code Range} asks for (206); HEAD answers the headers only. */
    void get(Call call) throws IOException {
        String repository = call.route().repository();
        BlobDigest digest = digest(call.route().reference());
        OptionalLong size = state.blobSize(repository, digest);
        if (size.isEmpty()) {
            throw unknown(digest);
        }
        long total = size.getAsLong();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/octet-stream");
        headers.put("Docker-Content-Digest", digest.toString());
        headers.put("Accept-Ranges", "bytes");
        headers.put("ETag", "\"" + digest + "\"");
        if (call.method().equals("HEAD")) {
            call.start(200, headers, total);
            return;
        }
        ByteRange range = ByteRange.of(call.header("Range"), total);
        long first = range == null ? 0 : range.first();
        long length = range == null ? total : range.length();
        InputStream in;
        try {
            in = state.openBlob(digest, first);
        } catch (NoSuchFileException deletedMeanwhile) {
            throw unknown(digest);
        }
        try (in) {
            if (range != null) {
                headers.put("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + total);
            }
            call.start(range == null ? 200 : 206, headers, length);
            try (OutputStream out = call.responseBody()) {
                copy(in, out, length);
            }
        }
    }

    void delete(Call call) throws IOException {
        requireDeletion(deleteEnabled);
        BlobDigest digest = digest(call.route().reference());
        if (!state.deleteBlob(call.route().repository(), digest)) {
            throw unknown(digest);
        }
        call.respond(202, Map.of("Docker-Content-Digest", digest.toString()));
    }

    static void requireDeletion(boolean enabled) {
        if (!enabled) {
            throw RegistryError.of(405, ErrorCode.UNSUPPORTED, "deletion is disabled on this registry");
        }
    }

    static BlobDigest digest(String text) {
        return BlobDigest.parse(text).orElseThrow(() -> RegistryError.of(400, ErrorCode.DIGEST_INVALID,
                "\"" + text + "\" is not a sha256 or sha512 digest"));
    }

    private static RegistryError unknown(BlobDigest digest) {
        return RegistryError.of(404, ErrorCode.BLOB_UNKNOWN, ErrorCode.BLOB_UNKNOWN.description(), digest.toString());
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[COPY_BUFFER];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("the blob ended " + left + " bytes early");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }
}
