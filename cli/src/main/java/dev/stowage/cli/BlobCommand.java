package dev.stowage.cli;

import dev.stowage.core.ProgressListener;
import dev.stowage.core.StowageException;
import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.registry.RegistryClient;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stowage blob REPO@DIGEST [-o FILE]}: streams a blob, verifying its digest as it passes.
 * With {@code -o} the file appears only once the whole blob is verified (written beside it, then
 * renamed); on standard output the bytes flow as they come, and a mismatch exits 1 after them.
 * On a terminal, control characters in them are shown escaped ({@link TerminalStream}).
 */
@Command(name = "blob",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Download a blob, verifying its digest.",
                "With -o FILE, FILE appears only once the blob is complete and verified."})
final class BlobCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    private Path output;

    @Parameters(paramLabel = "REPO@DIGEST", description = "A repository and a blob digest, e.g. "
            + "registry.example.com/app@sha256:<hex>.")
    private String reference;

    @Override
    public Integer call() throws IOException {
        ImageReference ref = ImageReference.parse(reference);
        if (ref.tag().isPresent() || ref.digest().isEmpty()) {
            throw new IllegalArgumentException("invalid blob reference \"" + reference
                    + "\": expected REPO@DIGEST without a tag, e.g. " + ref.name() + "@sha256:<hex>");
        }
        Digest digest = ref.digest().get();
        RegistryClient registry = StowageCli.registryClient(spec);
        // The size the registry gives (HEAD) bounds the body: a body that runs past it is refused there,
        // not written out to its end. Unknown (not found, or not said): the GET decides.
        long size = registry.checkBlob(ref, digest).orElse(-1);
        if (output == null) {
            try (OutputStream out = TerminalStream.standardOutput()) {
                registry.fetchBlob(ref, digest, size, out, ProgressListener.NONE);
            }
            return 0;
        }
        Path target = output.toAbsolutePath();
        Path partial = target.resolveSibling("." + target.getFileName() + ".partial-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            try (OutputStream sink = Files.newOutputStream(partial, StandardOpenOption.CREATE_NEW)) {
                registry.fetchBlob(ref, digest, size, sink, ProgressListener.NONE);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StowageException("cannot write blob " + digest + " to " + target + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(partial);
        }
        return 0;
    }
}
