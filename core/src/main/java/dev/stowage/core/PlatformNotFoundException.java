package dev.stowage.core;

import dev.stowage.core.model.Platform;
import java.util.List;

/**
 * An image index has no manifest for the platform asked for; {@link #available()} lists the
 * platforms it does have, so the caller can choose one ({@code pull --platform}).
 */
public class PlatformNotFoundException extends StowageException {
    private static final long serialVersionUID = 1L;

    private final transient Platform wanted;
    private final transient List<Platform> available;

    public PlatformNotFoundException(String image, Platform wanted, List<Platform> available) {
        this(wanted, available, "no matching manifest for " + wanted + " in the manifest list of " + image
                + "; available platforms: " + (available.isEmpty() ? "none" : String.join(", ", available.stream().map(Platform::toString).toList()))
                + " (choose one with --platform)");
    }

    /** For a subtype that says it in its own words. */
    protected PlatformNotFoundException(Platform wanted, List<Platform> available, String message) {
        super(message);
        this.wanted = wanted;
        this.available = List.copyOf(available);
    }

    public Platform wanted() {
        return wanted;
    }

    public List<Platform> available() {
        return available;
    }
}
