package dev.stowage.cli;

import dev.stowage.core.ArchiveCompression;
import dev.stowage.core.ArchiveFormat;
import dev.stowage.core.ImageManager;
import dev.stowage.core.SaveRequest;
import dev.stowage.core.StowageException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stowage save [-o FILE] [--format docker-archive|oci-archive] [--compress gzip|zstd]
 * IMAGE…}, as {@code docker save}: images into one archive, to FILE (which appears only once
 * complete) or to standard output, which must not be a terminal.
 */
@Command(name = "save", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Save one or more images to a tar archive (streamed to standard output by default).",
                "A repository without a tag saves every tag of it; an ID or digest saves the image without a name."})
final class SaveCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    private Path output;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "docker-archive",
            description = "docker-archive (default: what docker save 25 writes, readable by every docker load, podman and OCI tools) or oci-archive.")
    private String format;

    @Option(names = "--compress", paramLabel = "METHOD", description = "Compress the archive: gzip or zstd (load detects it).")
    private String compress;

    @Option(names = "--platform", paramLabel = "PLATFORM",
            description = "Of a multi-platform image, save only this platform (default: every stored platform).")
    private String platform;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Images to save: name:tag, a repository, an ID or a digest.")
    private List<String> references;

    @Override
    public Integer call() throws IOException {
        ArchiveFormat archiveFormat = ArchiveFormat.of(format);
        ArchiveCompression compression = compress == null ? ArchiveCompression.NONE : ArchiveCompression.of(compress);
        if (output == null && Terminals.stdoutIsTerminal()) {
            throw new StowageException("cowardly refusing to save to a terminal. Use the -o flag or redirect");
        }
        try (ImageManager images = StowageCli.openManager(spec)) {
            SaveRequest request = images.save(references.toArray(String[]::new)).format(archiveFormat).compression(compression);
            if (platform != null) {
                request.platform(platform);
            }
            if (output != null) {
                request.to(output).call();
            } else {
                try (OutputStream out = TerminalStream.standardOutput()) {
                    request.to(out).call();
                }
            }
        }
        return 0;
    }
}
