package dev.stowage.cli;

import dev.stowage.core.StowageException;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stowage manifest REF [--platform P]}: the manifest or index exactly as the registry
 * serves it, byte for byte and without an added newline, so {@code | sha256sum} gives its digest.
 * On a terminal, control characters in it are shown escaped ({@link TerminalStream}).
 */
@Command(name = "manifest",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Print a manifest or index exactly as the registry serves it (no added newline).",
                "With --platform and an index, print that platform's manifest."})
final class ManifestCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
            description = "Choose this platform's manifest when REF names an index, e.g. linux/arm64.")
    private String platform;

    @Parameters(paramLabel = "REF", description = "An image reference, e.g. registry.example.com/app:1.")
    private String reference;

    @Override
    public Integer call() {
        ImageReference ref = ImageReference.parse(reference);
        Optional<Platform> wanted = Optional.ofNullable(platform).map(Platform::parse);
        byte[] raw = new ManifestLookup(StowageCli.registryClient(spec)).fetch(ref, wanted).raw();
        try (OutputStream out = TerminalStream.standardOutput()) {
            out.write(raw);
        } catch (IOException e) {
            throw new StowageException("cannot write the manifest to standard output: " + e.getMessage(), e);
        }
        return 0;
    }
}
