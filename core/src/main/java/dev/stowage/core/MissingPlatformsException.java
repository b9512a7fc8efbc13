package dev.stowage.core;

import dev.stowage.core.model.Platform;
import java.util.List;

/**
 * A push (or copy) of an image index whose platform manifests were not all pulled: a registry
 * would refuse an index pointing at manifests it does not have. {@link #missing()} names them;
 * pull the image with every platform, or push one platform.
 */
public class MissingPlatformsException extends StowageException {
    private static final long serialVersionUID = 1L;

    private final transient List<Platform> missing;

    /** @param operation what could not be done, {@code push} or {@code copy} */
    public MissingPlatformsException(String operation, String image, List<Platform> missing) {
        super("cannot " + operation + " " + image + ": its index lists platforms that are not in the store: "
                + String.join(", ", missing.stream().map(Platform::toString).toList())
                + "; pull it with every platform (pull --all-platforms) or push one platform (push --platform)");
        this.missing = List.copyOf(missing);
    }

    public List<Platform> missing() {
        return missing;
    }
}
