package dev.stowage.core.model;

import java.util.List;
import java.util.Objects;

/**
 * The {@code rootfs} of an image config: its layers' DiffIDs, the digests of the
 * <em>uncompressed</em> layer tars, first to last. {@code type} is always {@code layers}.
 */
public record RootFs(String type, List<Digest> diffIds) {
    /** The only type the image-spec defines. */
    public static final String LAYERS = "layers";

    public RootFs {
        Objects.requireNonNull(type, "type");
        diffIds = List.copyOf(diffIds);
    }
}
