package dev.stowage.cli;

import dev.stowage.core.ImageManager;
import dev.stowage.core.build.BuiltImage;
import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.build.dockerfile.DockerfileChanges;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stowage import [--change INSTRUCTION]… [-m MSG] FILE|- [REPOSITORY[:TAG]]}: makes an image
 * of one layer from a root-filesystem tarball (plain, gzip or zstd), as {@code docker import} does,
 * and prints its ID.
 */
@Command(name = "import", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Import the contents of a tarball to create a filesystem image.")
final class ImportCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-c", "--change"}, paramLabel = "INSTRUCTION",
            description = "Apply a Dockerfile instruction to the image (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, "
                    + "USER, VOLUME, WORKDIR, STOPSIGNAL, HEALTHCHECK, SHELL); repeatable.")
    private List<String> changes = new ArrayList<>();

    @Option(names = {"-m", "--message"}, paramLabel = "MSG", description = "The comment of the image's history entry.")
    private String message;

    @Option(names = "--platform", paramLabel = "PLATFORM",
            description = "The image's platform, e.g. linux/arm64 (default: linux/<this machine's architecture>).")
    private String platform;

    @Parameters(index = "0", paramLabel = "FILE|-", description = "The tarball, or '-' for standard input.")
    private String source;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REPOSITORY[:TAG]", description = "The image's name.")
    private String reference;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        ImageReference ref = reference == null ? null : ImageReference.parse(reference).withDefaultTag();
        Path tarball;
        Path spooled = null;
        if (source.equals("-")) {
            spooled = Files.createTempFile("stowage-import", ".tar");
            Files.copy(System.in, spooled, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            tarball = spooled;
        } else {
            tarball = Path.of(source);
            if (!Files.isRegularFile(tarball)) {
                throw new IllegalArgumentException("cannot import " + source + ": no such file");
            }
        }
        try (ImageManager images = StowageCli.openManager(spec)) {
            ImageBuilder image = ImageBuilder.fromScratch()
                    .platform(platform == null ? Platform.hostLinux() : Platform.parse(platform))
                    .addLayerFromTar(tarball, "", message != null ? message : "Imported from " + source);
            DockerfileChanges.apply(changes, image);
            BuiltImage built = ref == null ? image.build(images.store()) : image.build(images.store(), ref);
            out.println(built.imageId());
        } finally {
            if (spooled != null) {
                Files.deleteIfExists(spooled);
            }
        }
        out.flush();
        return 0;
    }
}
