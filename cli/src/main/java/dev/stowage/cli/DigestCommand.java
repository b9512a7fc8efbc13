package dev.stowage.cli;

import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stowage digest REF [--platform P]}: the digest of the manifest a reference names. */
@Command(name = "digest",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Print the digest of the manifest or index a reference names.")
final class DigestCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
            description = "Print the digest of this platform's manifest when REF names an index.")
    private String platform;

    @Parameters(paramLabel = "REF", description = "An image reference, e.g. registry.example.com/app:1.")
    private String reference;

    @Override
    public Integer call() {
        ImageReference ref = ImageReference.parse(reference);
        Optional<Platform> wanted = Optional.ofNullable(platform).map(Platform::parse);
        spec.commandLine().getOut().println(new ManifestLookup(StowageCli.registryClient(spec)).digest(ref, wanted));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
