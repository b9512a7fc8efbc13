package dev.stowage.examples;

import dev.stowage.core.ImageManager;
import dev.stowage.core.PullResult;
import dev.stowage.core.PushResult;
import dev.stowage.core.build.BuiltImage;
import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.store.FileImageStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

/**
 * An application that puts one file on top of an existing image and publishes the result:
 * pull the base, add a layer with {@link ImageBuilder}, push. The base's layers are not uploaded
 * again: the registry has them (same repository) or mounts them (another repository of the same
 * registry), and the push says which.
 *
 * <pre>
 * java dev.stowage.examples.AddLayerApp registry.example.com/base/jre:21 registry.example.com/team/app:7 [STORE_DIR]
 * </pre>
 */
public final class AddLayerApp {
    private AddLayerApp() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: AddLayerApp BASE TARGET [STORE_DIR]");
            System.exit(2);
        }
        String base = args[0];
        String target = args[1];
        ImageManager.Builder builder = ImageManager.builder();
        if (args.length > 2) {
            builder.store(FileImageStore.open(Path.of(args[2])));   // else the user's default store
        }
        try (ImageManager images = builder.build()) {
            PullResult pulled = images.pull(base).call();
            System.out.println("pulled " + pulled.reference() + ": " + pulled.blobsFetched() + " blobs fetched, "
                    + pulled.blobsPresent() + " already stored");

            byte[] banner = ("built at " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8);
            BuiltImage built = ImageBuilder.from(images.store(), pulled.reference())
                    .layer(layer -> layer.file("etc/banner.txt", banner).createdBy("COPY banner.txt /etc/"))
                    .label("org.opencontainers.image.base.name", base)
                    .build(images.store(), ImageReference.parse(target));
            System.out.println("built " + target + " " + built.manifestDigest());

            PushResult pushed = images.push(target).call();
            System.out.println("pushed " + pushed.reference() + ": " + pushed.blobsUploaded() + " blobs uploaded ("
                    + pushed.bytesUploaded() + " bytes), " + pushed.blobsMounted() + " mounted from another repository, "
                    + pushed.blobsExisting() + " already there");
        }
    }
}
