package dev.stowage.core.transfer;

import dev.stowage.core.model.Platform;
import java.util.Objects;
import java.util.Optional;

/**
 * Which platforms of a multi-platform image a copy takes: one ({@code --platform}), or all of
 * them with their index ({@code --all-platforms}, {@code --all}). A single-platform image is
 * copied as it is either way.
 *
 * @param platform the one platform wanted; empty for all
 */
public record PlatformChoice(Optional<Platform> platform) {
    public PlatformChoice {
        Objects.requireNonNull(platform, "platform");
    }

    /** Every platform, with the index that lists them. */
    public static PlatformChoice all() {
        return new PlatformChoice(Optional.empty());
    }

    /** The manifest of one platform, chosen as docker chooses it ({@link PlatformSelector}). */
    public static PlatformChoice of(Platform platform) {
        return new PlatformChoice(Optional.of(platform));
    }
}
