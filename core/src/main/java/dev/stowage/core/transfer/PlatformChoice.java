package dev.stowage.core.transfer;

import dev.stowage.core.model.Platform;
import java.util.Objects;
import java.util.Optional;

/**
 * Which platforms of a multi-platform image a copy takes: one ({@code --platform}), or all of
 * them with their index ({@code --all-platforms}, {@code --all}). A single-platform image is
 * copied as it is, unless the platform was {@link #required} and it is another one.
 *
 * @param platform the one platform wanted; empty for all
 * @param required whether a single-platform image must be of that platform (docker's
 *     {@code pull --platform}); a preferred platform (this machine's, by default) takes it whatever it is
 */
public record PlatformChoice(Optional<Platform> platform, boolean required) {
    public PlatformChoice {
        Objects.requireNonNull(platform, "platform");
        if (required && platform.isEmpty()) {
            throw new IllegalArgumentException("only a platform can be required");
        }
    }

    /** Every platform, with the index that lists them. */
    public static PlatformChoice all() {
        return new PlatformChoice(Optional.empty(), false);
    }

    /** The manifest of one platform, chosen as docker chooses it ({@link PlatformSelector}); a single-platform image whatever its platform. */
    public static PlatformChoice of(Platform platform) {
        return new PlatformChoice(Optional.of(platform), false);
    }

    /** As {@link #of}, and a single-platform image of another platform is refused ({@link PlatformSelector#requireMatch}). */
    public static PlatformChoice required(Platform platform) {
        return new PlatformChoice(Optional.of(platform), true);
    }
}
