package dev.stowage.cli;

import dev.stowage.core.ImageManager;
import dev.stowage.core.PushRequest;
import dev.stowage.core.PushResult;
import dev.stowage.core.PushedImage;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stowage push [-a] NAME[:TAG]}: uploads a stored image to the registry its name points
 * at, printing what docker prints: a line per blob ({@code Pushed}, {@code Layer already exists},
 * {@code Mounted from …}) and {@code TAG: digest: sha256:… size: N} ({@code -q}: only the name).
 */
@Command(name = "push", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Upload an image to a registry.")
final class PushCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-a", "--all-tags"}, description = "Push every stored tag of the repository.")
    private boolean allTags;

    @Option(names = "--platform", paramLabel = "PLATFORM",
            description = "Of a multi-platform image, push only this platform's manifest, under the tag.")
    private String platform;

    @Option(names = {"-q", "--quiet"}, description = "Print only the image's full name.")
    private boolean quiet;

    @Parameters(paramLabel = "NAME[:TAG]", description = "The stored image, e.g. registry.example.com/team/app:1.")
    private String reference;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (ImageManager images = StowageCli.openRemoteManager(spec)) {
            PushResult result;
            try (TransferDisplay display = TransferDisplay.open(TransferDisplay.Direction.PUSH, quiet, out)) {
                PushRequest request = images.push(reference).progress(display);
                if (allTags) {
                    request.allTags();
                }
                if (platform != null) {
                    request.platform(platform);
                }
                result = request.call();
            }
            for (PushedImage image : result.images()) {
                if (quiet) {
                    out.println(image.reference());
                } else {
                    out.println(digestLine(images, image));
                }
            }
        }
        out.flush();
        return 0;
    }

    /** Docker's last line for an image pushed: {@code TAG: digest: sha256:… size: N} (N the manifest's size). */
    static String digestLine(ImageManager images, PushedImage image) {
        long size = images.store().manifest(image.manifestDigest()).size();
        String name = image.reference().tag().orElse(image.manifestDigest().toString());
        return name + ": digest: " + image.manifestDigest() + " size: " + size;
    }
}
