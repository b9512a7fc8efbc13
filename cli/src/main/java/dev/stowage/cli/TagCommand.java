package dev.stowage.cli;

import dev.stowage.core.ImageManager;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stowage tag SOURCE TARGET}: names an image TARGET as well, as {@code docker tag}; prints nothing. */
@Command(name = "tag", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE.")
final class TagCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE_IMAGE", description = "name[:tag], digest or image ID")
    private String source;

    @Parameters(index = "1", paramLabel = "TARGET_IMAGE", description = "[registry/]name[:tag]")
    private String target;

    @Override
    public Integer call() {
        try (ImageManager images = StowageCli.openManager(spec)) {
            images.tag(source, target);
        }
        return 0;
    }
}
