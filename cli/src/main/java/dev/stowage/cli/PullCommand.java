package dev.stowage.cli;

import dev.stowage.core.ImageManager;
import dev.stowage.core.PullRequest;
import dev.stowage.core.PullResult;
import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.ImageRecord;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stowage pull [--platform P] [-a] NAME[:TAG|@DIGEST]}: downloads an image into the store,
 * printing what docker prints: a line per blob, the digest, the status and the full reference
 * ({@code -q}: only the reference).
 */
@Command(name = "pull", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Download an image from a registry.")
final class PullCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--platform", paramLabel = "PLATFORM",
            description = "The platform to take from a multi-platform image, e.g. linux/arm64 (default: linux/<this machine's architecture>).")
    private String platform;

    @Option(names = "--all-platforms", description = "Take every platform of a multi-platform image.")
    private boolean allPlatforms;

    @Option(names = {"-a", "--all-tags"}, description = "Download every tag of the repository.")
    private boolean allTags;

    @Option(names = {"-q", "--quiet"}, description = "Print only the image's full name.")
    private boolean quiet;

    @Parameters(paramLabel = "NAME[:TAG|@DIGEST]", description = "The image, e.g. nginx:1.25 or registry.example.com/team/app@sha256:<hex>.")
    private String reference;

    @Override
    public Integer call() {
        if (platform != null && allPlatforms) {
            throw new ParameterException(spec.commandLine(), "--platform and --all-platforms exclude each other");
        }
        PrintWriter out = spec.commandLine().getOut();
        ImageReference ref = ImageReference.parse(reference);
        try (ImageManager images = StowageCli.openRemoteManager(spec)) {
            Optional<Digest> before = images.store().resolve(ref.withDefaultTag()).map(ImageRecord::digest);
            PullResult result;
            try (TransferDisplay display = TransferDisplay.open(TransferDisplay.Direction.PULL, quiet, out)) {
                PullRequest request = images.pull(reference).progress(display);
                if (platform != null) {
                    request.platform(platform);
                }
                if (allPlatforms) {
                    request.allPlatforms();
                }
                if (allTags) {
                    request.allTags();
                }
                result = request.call();
            }
            printSummary(out, ref, result, before, quiet, allTags);
        }
        out.flush();
        return 0;
    }

    /**
     * Docker's lines after the blobs and each image's {@code Digest:} (the display prints those as
     * each image completes, so {@code pull -a} shows every tag's after that tag): {@code Source:}
     * when {@code registries.conf} sent the pull to a mirror or another location, {@code Status:}
     * and the full name.
     *
     * @param ref the reference as given
     * @param before the digest the reference named in the store before the pull
     */
    static void printSummary(PrintWriter out, ImageReference ref, PullResult result, Optional<Digest> before,
            boolean quiet, boolean allTags) {
        if (quiet) {
            out.println(allTags ? ref.name() : result.reference().toString());
            return;
        }
        // registries.conf may send a pull to a mirror or another location: say where the bytes came from
        result.images().stream().filter(image -> !image.source().name().equals(image.reference().name()))
                .forEach(image -> out.println("Source: " + image.source()));
        boolean upToDate = !allTags && result.blobsFetched() == 0 && before.equals(Optional.of(result.manifestDigest()));
        String familiar = allTags ? ImageReference.parse(ref.name()).familiarName() : result.reference().familiar();
        out.println("Status: " + (upToDate ? "Image is up to date for " : "Downloaded newer image for ") + familiar);
        out.println(allTags ? ref.name() : result.reference().toString());
    }
}
