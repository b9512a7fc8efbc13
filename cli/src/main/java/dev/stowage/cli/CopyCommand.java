package dev.stowage.cli;

import dev.stowage.core.CopyRequest;
import dev.stowage.core.CopyResult;
import dev.stowage.core.Credential;
import dev.stowage.core.ImageManager;
import dev.stowage.core.SafeText;
import dev.stowage.registry.RegistryClient;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stowage copy [--all] [-a] [--platform P] [-q] SRC DST}, as {@code skopeo copy}: an image
 * from one place to another, where a place is a registry reference (with or without
 * {@code docker://}), {@code store:REF} (the local store), {@code oci:DIR[:NAME]} (an OCI image
 * layout directory), {@code docker-archive:FILE[:REF]} or {@code oci-archive:FILE[:NAME]} (an
 * archive of one image). Within one registry every blob is mounted; between registries blobs stream
 * from one to the other without touching the disk.
 */
@Command(name = "copy", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Copy an image between registries, the store (store:REF), OCI layouts (oci:DIR[:NAME]) and archives "
                + "(docker-archive:FILE[:REF], oci-archive:FILE[:NAME]).",
                "A registry reference may be written with skopeo's docker:// prefix."})
final class CopyCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--all", description = "Copy a multi-platform image whole: its index and every platform.")
    private boolean allPlatforms;

    @Option(names = "--platform", paramLabel = "PLATFORM",
            description = "The platform to copy from a multi-platform image, as an image of its own (default: linux/<this machine's architecture>).")
    private String platform;

    @Option(names = {"-a", "--all-tags"}, description = "Copy every tag of the source repository to the same tag of the destination.")
    private boolean allTags;

    @Option(names = {"-q", "--quiet"}, description = "Print only where each image was written.")
    private boolean quiet;

    @Option(names = "--src-creds", paramLabel = "USER[:PASSWORD]",
            description = "Credentials for the source registry (the password is asked for, or read from standard input, when not given).")
    private String sourceCredentials;

    @Option(names = "--dest-creds", paramLabel = "USER[:PASSWORD]",
            description = "Credentials for the destination registry (as --src-creds).")
    private String destinationCredentials;

    @Parameters(index = "0", paramLabel = "SRC", description = "Where to read the image.")
    private String source;

    @Parameters(index = "1", paramLabel = "DST", description = "Where to write it.")
    private String destination;

    @Override
    public Integer call() throws IOException {
        if (platform != null && allPlatforms) {
            throw new ParameterException(spec.commandLine(), "--platform and --all exclude each other");
        }
        if (sourceCredentials != null && destinationCredentials != null && sourceCredentials.indexOf(':') < 0
                && destinationCredentials.indexOf(':') < 0 && System.console() == null) {
            throw new IllegalArgumentException("--src-creds and --dest-creds both without a password: standard input "
                    + "can give only one; write USER:PASSWORD for the other");
        }
        PrintWriter out = spec.commandLine().getOut();
        List<RegistryClient> clients = new ArrayList<>();
        try (ImageManager images = StowageCli.openRemoteManager(spec)) {
            CopyResult result;
            try (TransferDisplay display = TransferDisplay.open(TransferDisplay.Direction.COPY, quiet, out)) {
                CopyRequest request = images.copy(source, destination).progress(display);
                credentialClient(sourceCredentials, "source", clients).ifPresent(request::sourceRegistry);
                credentialClient(destinationCredentials, "destination", clients).ifPresent(request::destinationRegistry);
                if (allPlatforms) {
                    request.allPlatforms();
                }
                if (platform != null) {
                    request.platform(platform);
                }
                if (allTags) {
                    request.allTags();
                }
                result = request.call();
            }
            for (CopyResult.Image image : result.images()) {
                if (quiet) {
                    out.println(SafeText.line(image.destination()));
                } else {
                    out.println(SafeText.line("Copied " + image.source() + " to " + image.destination()));
                    out.println("Digest: " + image.manifestDigest());
                }
            }
        } finally {
            clients.forEach(RegistryClient::close);
        }
        out.flush();
        return 0;
    }

    /** A client presenting {@code userAndPassword} to every registry it talks to, when given. */
    private Optional<RegistryClient> credentialClient(String userAndPassword, String side, List<RegistryClient> clients)
            throws IOException {
        if (userAndPassword == null) {
            return Optional.empty();
        }
        int colon = userAndPassword.indexOf(':');
        String user = colon < 0 ? userAndPassword : userAndPassword.substring(0, colon);
        if (user.isEmpty()) {
            throw new IllegalArgumentException("--" + (side.equals("source") ? "src" : "dest")
                    + "-creds needs a user name: USER[:PASSWORD]");
        }
        String password = colon >= 0 ? userAndPassword.substring(colon + 1) : password(user, side);
        Credential credential = Credential.basic(user, password);
        RegistryClient client = StowageCli.registryAccess(spec).client(registry -> Optional.of(credential));
        clients.add(client);
        return Optional.of(client);
    }

    private static String password(String user, String side) throws IOException {
        Console console = System.console();
        if (console == null) {
            return LoginCommand.passwordFrom(System.in);
        }
        char[] password = console.readPassword("Password for %s at the %s registry: ", user, side);
        return password == null ? "" : new String(password);
    }
}
