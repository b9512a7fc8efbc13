package dev.stowage.store.build;

import com.github.luben.zstd.ZstdInputStream;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ImageConfig;
import dev.stowage.core.model.MediaTypes;
import dev.stowage.core.spi.ImageStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Reads built images back out of a store, independently of the builder's code. */
final class StoredLayers {
    private StoredLayers() {
    }

    static ImageConfig config(ImageStore store, Digest digest) {
        try (InputStream in = store.openBlob(digest)) {
            return ImageConfig.parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The layer's uncompressed tar, decompressed as its media type says. */
    static InputStream uncompressed(ImageStore store, Descriptor layer) throws IOException {
        InputStream in = store.openBlob(layer.digest());
        String type = layer.mediaType();
        if (type.endsWith("gzip")) {
            return new GZIPInputStream(in, 65536);
        }
        if (type.endsWith("zstd")) {
            return new ZstdInputStream(in);
        }
        if (!type.equals(MediaTypes.OCI_LAYER_TAR) && !type.equals(MediaTypes.DOCKER_LAYER_TAR)) {
            throw new IllegalArgumentException("unexpected layer type " + type);
        }
        return in;
    }

    static Digest sha256(InputStream in) throws IOException {
        try (in) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return Digest.parse("sha256:" + HexFormat.of().formatHex(md.digest()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Entry name → header in archive order; file contents into {@code contents}. */
    static Map<String, TarArchiveEntry> entries(ImageStore store, Descriptor layer, Map<String, byte[]> contents)
            throws IOException {
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(uncompressed(store, layer))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                entries.put(e.getName(), e);
                if (e.isFile()) {
                    contents.put(e.getName(), tar.readAllBytes());
                }
            }
        }
        return entries;
    }

    static Map<String, TarArchiveEntry> entries(ImageStore store, Descriptor layer) throws IOException {
        return entries(store, layer, new LinkedHashMap<>());
    }
}
