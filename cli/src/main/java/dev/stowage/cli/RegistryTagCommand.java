package dev.stowage.cli;

import dev.stowage.core.ImageManager;
import dev.stowage.store.InMemoryImageStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stowage registry tag SOURCE TARGET}: gives an image on a registry another tag in the
 * same repository without pulling it, as {@code crane tag} does: only the manifest is read and
 * written again, no blob moves. Prints nothing, as {@code stowage tag}.
 */
@Command(name = "tag", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Tag an image on its registry without pulling it (the manifest is copied, no layer moves).")
final class RegistryTagCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "registry/name[:tag|@digest], e.g. registry.example.com/app:1")
    private String source;

    @Parameters(index = "1", paramLabel = "TARGET", description = "The new tag (v2), or the same repository with it (registry.example.com/app:v2)")
    private String target;

    @Override
    public Integer call() {
        // No store is involved: an empty one in memory keeps the user's store untouched.
        try (ImageManager images = ImageManager.builder().store(new InMemoryImageStore())
                .registry(StowageCli.registryClient(spec)).build()) {
            images.registryTag(source, target);
        }
        return 0;
    }
}
