package dev.stowage.cli;

import dev.stowage.core.ImageManager;
import dev.stowage.core.LoadRequest;
import dev.stowage.core.LoadResult;
import dev.stowage.core.LoadedImage;
import dev.stowage.core.SafeText;
import dev.stowage.core.StowageException;
import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stowage load [-i FILE] [-q]}, as {@code docker load}: every image of an archive
 * ({@code docker save} of any version, podman's, skopeo's, or an OCI archive; plain, gzip, zstd
 * or bzip2) into the store, printing {@code Loaded image: NAME:TAG} per name, or
 * {@code Loaded image ID: sha256:…} for an image without one. Without {@code -i} the archive is
 * read from standard input, which must not be a terminal.
 */
@Command(name = "load", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Load images from a tar archive (from standard input by default), compressed or not."})
final class LoadCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-i", "--input"}, paramLabel = "FILE", description = "Read from FILE instead of standard input.")
    private Path input;

    @Option(names = {"-q", "--quiet"}, description = "Show no progress, only what was loaded.")
    private boolean quiet;

    @Option(names = "--platform", paramLabel = "PLATFORM",
            description = "Of a multi-platform image, load only this platform (default: every platform in the archive).")
    private String platform;

    @Override
    public Integer call() {
        if (input == null && Terminals.stdinIsTerminal()) {
            throw new StowageException("requested load from stdin, but stdin is empty");
        }
        PrintWriter out = spec.commandLine().getOut();
        LoadResult result;
        try (ImageManager images = StowageCli.openManager(spec);
             TransferDisplay display = TransferDisplay.open(TransferDisplay.Direction.COPY,
                     quiet || System.console() == null, out)) {
            LoadRequest request = input != null ? images.load(input) : images.load(System.in);
            if (platform != null) {
                request.platform(platform);
            }
            result = request.progress(display).call();
        }
        for (LoadedImage image : result.images()) {
            if (image.names().isEmpty()) {
                out.println("Loaded image ID: " + image.imageId());
            }
            for (ImageReference name : image.names()) {
                Digest previous = image.replaced().get(name);
                if (previous != null) {
                    out.println(SafeText.line("The image " + name.familiar() + " already exists, renaming the old one with ID "
                            + previous + " to empty string"));
                }
                out.println(SafeText.line("Loaded image: " + name.familiar()));
            }
        }
        out.flush();
        return 0;
    }
}
