package dev.stowage.core;

import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.DigestingOutputStream;
import dev.stowage.core.model.ImageConfig;
import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.model.MediaTypes;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.ImageStore;
import dev.stowage.registry.RegistryClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * A layer of any size, up to gibibytes, that is never held in memory nor kept on disk: its bytes
 * are generated as they are read, block {@code i} (1 MiB) drawn from {@code Random(seed, i)}, so
 * a read from any offset gives the same bytes again. An image of this one layer can be published
 * to a registry or stored, streamed either way.
 */
public final class GeneratedLayer {
    private static final int BLOCK = 1 << 20;

    private final long size;
    private final long seed;
    private final Digest digest;

    /** The layer of {@code size} bytes drawn from {@code seed}; reads it once to learn its digest. */
    public GeneratedLayer(long size, long seed) {
        this.size = size;
        this.seed = seed;
        try (DigestingOutputStream out = new DigestingOutputStream(OutputStream.nullOutputStream(), Digest.SHA256);
             InputStream in = open(0)) {
            in.transferTo(out);
            this.digest = out.digest();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long size() {
        return size;
    }

    public Digest digest() {
        return digest;
    }

    public Descriptor descriptor() {
        return Descriptor.of(MediaTypes.OCI_LAYER_TAR, digest, size);
    }

    /** The config of the image made of this layer alone. */
    public ImageConfig config() {
        return ImageConfig.builder().os("linux").architecture("amd64").diffIds(List.of(digest)).build();
    }

    /** The manifest of the image made of this layer alone. */
    public ImageManifest manifest() {
        return ImageManifest.builder().config(Descriptor.of(MediaTypes.OCI_CONFIG, config().raw()))
                .addLayer(descriptor()).build();
    }

    /** Pushes the image made of this layer to {@code target}, streaming the layer; returns the manifest's digest. */
    public Digest publish(RegistryClient client, ImageReference target) {
        ImageConfig config = config();
        ImageManifest manifest = manifest();
        client.pushBlob(target, manifest.config(), offset -> {
            InputStream in = new ByteArrayInputStream(config.raw());
            in.skipNBytes(offset);
            return in;
        }, Optional.empty(), ProgressListener.NONE);
        client.pushBlob(target, descriptor(), this::open, Optional.empty(), ProgressListener.NONE);
        return client.pushManifest(target, manifest.raw(), manifest.mediaType());
    }

    /** Stores the image made of this layer under {@code name}, streaming the layer; returns the manifest's digest. */
    public Digest store(ImageStore store, ImageReference name) {
        ImageManifest manifest = manifest();
        store.putBlob(manifest.config().digest(), manifest.config().size(), new ByteArrayInputStream(config().raw()));
        store.putBlob(digest, size, open(0));
        Digest stored = store.putManifest(manifest.raw(), manifest.mediaType());
        store.tag(stored, name);
        return stored;
    }

    /** The layer's bytes from {@code offset} on. */
    public InputStream open(long offset) {
        return new InputStream() {
            private final byte[] block = new byte[BLOCK];
            private long position = offset;
            private long blockIndex = -1;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (position >= size) {
                    return -1;
                }
                long index = position / BLOCK;
                if (index != blockIndex) {
                    new Random(seed * 1_000_003 + index).nextBytes(block);
                    blockIndex = index;
                }
                int within = (int) (position % BLOCK);
                int n = (int) Math.min(Math.min(len, BLOCK - within), size - position);
                System.arraycopy(block, within, b, off, n);
                position += n;
                return n;
            }
        };
    }
}
