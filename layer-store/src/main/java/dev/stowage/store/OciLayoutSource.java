package dev.stowage.store;

import dev.stowage.core.NotFoundException;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.DigestMismatchException;
import dev.stowage.core.model.ManifestDocument;
import dev.stowage.core.spi.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/** An image in an OCI layout directory, named by its {@code ref.name} annotation (or the only image there). */
final class OciLayoutSource implements ImageSource {
    private final OciLayoutDirectory layout;
    private final String name;

    /** @param name the image's {@code ref.name}, or null for the only image of the layout */
    OciLayoutSource(OciLayoutDirectory layout, String name) {
        this.layout = layout;
        this.name = name;
    }

    @Override
    public String description() {
        return "oci:" + layout.root() + (name == null ? "" : ":" + name);
    }

    @Override
    public Digest resolve() {
        LayoutIndex index = layout.index();
        if (name != null) {
            return index.byRefName(name).orElseThrow(() -> new NotFoundException("no image named " + name + " in "
                    + description().substring(0, description().length() - name.length() - 1) + names(index.entries())))
                    .digest();
        }
        if (index.entries().size() != 1) {
            throw new NotFoundException(description() + " holds " + index.entries().size() + " images; name one as "
                    + "oci:DIR:NAME" + names(index.entries()));
        }
        return index.entries().get(0).digest();
    }

    private static String names(List<LayoutIndex.Entry> entries) {
        String names = entries.stream().flatMap(e -> e.refName().stream()).collect(Collectors.joining(", "));
        return names.isEmpty() ? "" : " (it has: " + names + ")";
    }

    @Override
    public ManifestDocument manifest(Digest digest) {
        byte[] raw;
        try (InputStream in = layout.openBlob(digest)) {
            raw = in.readNBytes(ManifestDocument.MAX_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read manifest " + digest + " of " + description() + ": "
                    + e.getMessage(), e);
        }
        Digest actual = Digest.of(digest.algorithm(), HexFormat.of().formatHex(digest.newMessageDigest().digest(raw)));
        if (!actual.equals(digest)) {
            throw new DigestMismatchException(digest, -1, actual, raw.length);
        }
        return ManifestDocument.parse(raw, null);
    }

    @Override
    public boolean hasManifest(Digest digest) {
        return layout.hasBlob(digest, -1);
    }

    @Override
    public InputStream openBlob(Descriptor blob, long offset) throws IOException {
        InputStream in = layout.openBlob(blob.digest());
        try {
            in.skipNBytes(offset);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        return in;
    }
}
