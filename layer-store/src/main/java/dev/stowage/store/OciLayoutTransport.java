package dev.stowage.store;

import dev.stowage.core.ProgressListener;
import dev.stowage.core.spi.ImageDestination;
import dev.stowage.core.spi.ImageSource;
import dev.stowage.core.spi.ImageTransport;
import java.nio.file.Path;

/**
 * {@code oci:DIR[:NAME]}: an OCI image layout directory as skopeo reads and writes it, an image's
 * name being its {@code org.opencontainers.image.ref.name} annotation in {@code index.json}.
 * {@code ImageManager.copy} finds it through {@link java.util.ServiceLoader}.
 *
 * <pre>{@code
 * images.copy("registry.example.com/team/app:1", "oci:/tmp/app-layout:1").call();
 * }</pre>
 */
public final class OciLayoutTransport implements ImageTransport {
    @Override
    public String name() {
        return "oci";
    }

    @Override
    public ImageSource openSource(String path, String name, ProgressListener progress) {
        return new OciLayoutSource(OciLayoutDirectory.existing(Path.of(path)), name);
    }

    @Override
    public ImageDestination openDestination(String path, String name, ProgressListener progress) {
        return new OciLayoutDestination(OciLayoutDirectory.create(Path.of(path)), name);
    }
}
