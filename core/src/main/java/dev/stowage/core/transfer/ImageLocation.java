package dev.stowage.core.transfer;

import dev.stowage.core.reference.ImageReference;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where an image is, written as skopeo writes it: {@code docker://REF} or a bare reference for a
 * registry, {@code store:REF} for the local store, {@code TRANSPORT:PATH[:NAME]} for the other
 * transports ({@code oci:/tmp/layout:app}). Parsing checks only the form; what a path or name
 * holds is the transport's to find out.
 *
 * <pre>{@code
 * ImageLocation.parse("oci:/tmp/layout:1");          // Transport[oci, /tmp/layout, 1]
 * ImageLocation.parse("127.0.0.1:5000/app:1");       // Registry[127.0.0.1:5000/app:1]
 * }</pre>
 */
public sealed interface ImageLocation {
    /** {@code docker://}: the registry transport's prefix, as skopeo names it. */
    String REGISTRY_PREFIX = "docker://";
    /** {@code store:}: the local store. */
    String STORE_PREFIX = "store:";
    /** The names skopeo gives its other transports; those Stowage lacks are refused when opened. */
    Set<String> TRANSPORTS = Set.of("oci", "oci-archive", "docker-archive", "dir", "containers-storage",
            "docker-daemon", "ostree", "sif");

    /**
     * @throws dev.stowage.core.reference.InvalidReferenceException if a registry or store reference is malformed
     * @throws IllegalArgumentException if a transport location has no path
     */
    static ImageLocation parse(String text) {
        Objects.requireNonNull(text, "location");
        if (text.startsWith(REGISTRY_PREFIX)) {
            return new Registry(ImageReference.parse(text.substring(REGISTRY_PREFIX.length())));
        }
        if (text.startsWith(STORE_PREFIX)) {
            return new Store(ImageReference.parse(text.substring(STORE_PREFIX.length())));
        }
        int colon = text.indexOf(':');
        String prefix = colon < 0 ? "" : text.substring(0, colon);
        // Only skopeo's transport names: anything else before a colon is a name and tag (nginx:1.25)
        // or a registry and port (localhost:5000/app).
        if (TRANSPORTS.contains(prefix)) {
            String rest = text.substring(colon + 1);
            int nameColon = rest.indexOf(':');
            String path = nameColon < 0 ? rest : rest.substring(0, nameColon);
            if (path.isEmpty()) {
                throw new IllegalArgumentException("invalid image location \"" + text + "\": " + prefix
                        + ": needs a path (" + prefix + ":PATH[:NAME])");
            }
            Optional<String> name = nameColon < 0 || nameColon == rest.length() - 1 ? Optional.empty()
                    : Optional.of(rest.substring(nameColon + 1));
            return new Transport(prefix, path, name);
        }
        return new Registry(ImageReference.parse(text));
    }

    /** The same place with another tag: for copies of every tag of a repository. */
    ImageLocation withTag(String tag);

    /** An image in a registry, by tag or digest ({@code latest} when neither is given). */
    record Registry(ImageReference reference) implements ImageLocation {
        public Registry {
            Objects.requireNonNull(reference, "reference");
        }

        @Override
        public ImageLocation withTag(String tag) {
            return new Registry(ImageReference.parse(reference.name()).withTag(tag));
        }

        @Override
        public String toString() {
            return REGISTRY_PREFIX + reference;
        }
    }

    /** An image in the local store. */
    record Store(ImageReference reference) implements ImageLocation {
        public Store {
            Objects.requireNonNull(reference, "reference");
        }

        @Override
        public ImageLocation withTag(String tag) {
            return new Store(ImageReference.parse(reference.name()).withTag(tag));
        }

        @Override
        public String toString() {
            return STORE_PREFIX + reference.familiar();
        }
    }

    /** An image in a place another {@link dev.stowage.core.spi.ImageTransport} reads and writes. */
    record Transport(String transport, String path, Optional<String> name) implements ImageLocation {
        public Transport {
            Objects.requireNonNull(transport, "transport");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(name, "name");
        }

        @Override
        public ImageLocation withTag(String tag) {
            return new Transport(transport, path, Optional.of(tag));
        }

        @Override
        public String toString() {
            return transport + ":" + path + name.map(n -> ":" + n).orElse("");
        }
    }
}
