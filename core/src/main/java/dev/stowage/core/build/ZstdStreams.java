package dev.stowage.core.build;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * The only class that names zstd-jni's types, an optional dependency: the JVM resolves a class's
 * types when it verifies the class, so any class naming them would fail to load without zstd-jni.
 * Callers check {@link dev.stowage.core.OptionalDependency#ZSTD_JNI} before their first call.
 */
final class ZstdStreams {
    private ZstdStreams() {
    }

    /** One frame without checksum at {@code level}: deterministic for the same input. */
    static OutputStream compress(OutputStream out, int level) throws IOException {
        return new ZstdOutputStream(out, level);
    }

    static InputStream decompress(InputStream in) throws IOException {
        return new ZstdCompressorInputStream(in);
    }
}
