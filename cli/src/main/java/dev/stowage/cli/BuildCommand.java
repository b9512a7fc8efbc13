package dev.stowage.cli;

import dev.stowage.core.ImageManager;
import dev.stowage.core.PushResult;
import dev.stowage.core.PushedImage;
import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.build.dockerfile.BuildProgress;
import dev.stowage.core.build.dockerfile.BuildStep;
import dev.stowage.core.build.dockerfile.DockerfileBuild;
import dev.stowage.core.build.dockerfile.DockerfileBuildResult;
import dev.stowage.core.reference.ImageReference;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stowage build [OPTIONS] CONTEXT|-}: builds an image from a Dockerfile into the store, as
 * {@code docker build} does but without a daemon or a container runtime (every instruction but
 * {@code RUN}), printing docker's classic step lines ({@code Step 2/5 : COPY …},
 * {@code ---> Using cache}, {@code Successfully built …}); {@code -q}: only the image ID.
 */
@Command(name = "build", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Build an image from a Dockerfile, without a daemon or a container runtime.",
                "Every instruction is built but RUN, which needs a container: do its work before the build "
                        + "and COPY the result. Base images missing from the store are pulled."})
final class BuildCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "The Dockerfile (default: CONTEXT/Dockerfile); '-' reads it from standard input.")
    private String file;

    @Option(names = {"-t", "--tag"}, paramLabel = "NAME[:TAG]", description = "Name the image; repeatable.")
    private List<String> tags = new ArrayList<>();

    @Option(names = "--build-arg", paramLabel = "NAME[=VALUE]",
            description = "Set an ARG; without a value, the variable of that name in the environment. Repeatable.")
    private List<String> buildArgs = new ArrayList<>();

    @Option(names = "--target", paramLabel = "STAGE", description = "Build this stage (default: the last).")
    private String target;

    @Option(names = "--platform", paramLabel = "PLATFORM",
            description = "The platform to build for, e.g. linux/arm64 (default: linux/<this machine's architecture>).")
    private String platform;

    @Option(names = "--label", paramLabel = "KEY[=VALUE]", description = "Set a label on the image; repeatable.")
    private List<String> labels = new ArrayList<>();

    @Option(names = "--no-cache", description = "Redo every step instead of reusing layers of earlier builds.")
    private boolean noCache;

    @Option(names = {"-q", "--quiet"}, description = "Print only the image ID.")
    private boolean quiet;

    @Option(names = "--iidfile", paramLabel = "FILE", description = "Write the image ID to FILE.")
    private Path iidfile;

    @Option(names = "--push", description = "Push each tag to its registry once built.")
    private boolean push;

    @Parameters(paramLabel = "CONTEXT|-",
            description = "The build context directory, or '-' for a Dockerfile or a context tar on standard input.")
    private String context;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (push && tags.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--push needs a name: give -t NAME");
        }
        Path scratch = Files.createTempDirectory("stowage-build-cli");
        try (ImageManager images = StowageCli.openRemoteManager(spec)) {
            DockerfileBuild build = configure(scratch, out, err);
            DockerfileBuildResult result = images.build(build);
            String id = result.image().imageId().toString();
            if (quiet) {
                out.println(id);
            } else {
                out.println(" ---> " + result.image().imageId().shortHex(12));
                out.println("Successfully built " + result.image().imageId().shortHex(12));
                for (ImageReference tag : result.tags()) {
                    out.println("Successfully tagged " + tag.familiar());
                }
            }
            if (iidfile != null) {
                Files.writeString(iidfile, id, StandardCharsets.UTF_8);
            }
            if (push) {
                push(images, result.tags(), out);
            }
        } finally {
            delete(scratch);
        }
        out.flush();
        return 0;
    }

    private DockerfileBuild configure(Path scratch, PrintWriter out, PrintWriter err) throws IOException {
        DockerfileBuild build;
        if (context.equals("-")) {
            if ("-".equals(file)) {
                throw new IllegalArgumentException("the context and the Dockerfile cannot both come from standard input");
            }
            StdinContext.Input input = StdinContext.read(System.in, scratch);
            build = ImageBuilder.fromDockerfile(input.context());
            if (input.isDockerfile()) {
                build.dockerfileContent(input.dockerfile());
            }
        } else {
            build = ImageBuilder.fromDockerfile(Path.of(context));
        }
        if ("-".equals(file)) {
            build.dockerfileContent(new String(System.in.readAllBytes(), StandardCharsets.UTF_8));
        } else if (file != null) {
            build.dockerfile(Path.of(file).toAbsolutePath());
        }
        for (String arg : buildArgs) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                String value = System.getenv(arg);
                if (value != null) {
                    build.buildArg(arg, value); // docker: --build-arg NAME takes the environment's value, if any
                }
            } else {
                build.buildArg(arg.substring(0, eq), arg.substring(eq + 1));
            }
        }
        for (String label : labels) {
            int eq = label.indexOf('=');
            build.label(eq < 0 ? label : label.substring(0, eq), eq < 0 ? "" : label.substring(eq + 1));
        }
        if (target != null) {
            build.target(target);
        }
        if (platform != null) {
            build.platform(platform);
        }
        build.tags(tags);
        if (noCache) {
            build.noCache();
        }
        build.remoteFiles(new HttpFileFetcher());
        build.progress(new BuildProgress() {
            @Override
            public void step(BuildStep step) {
                if (!quiet) {
                    out.println("Step " + step.number() + "/" + step.total() + " : " + TerminalText.escape(step.instruction()));
                    out.flush();
                }
            }

            @Override
            public void cached(BuildStep step) {
                if (!quiet) {
                    out.println(" ---> Using cache");
                }
            }

            @Override
            public void warning(String message) {
                err.println("[Warning] " + TerminalText.escape(message));
                err.flush();
            }
        });
        return build;
    }

    private void push(ImageManager images, List<ImageReference> pushed, PrintWriter out) {
        for (ImageReference tag : pushed) {
            PushResult result;
            try (TransferDisplay display = TransferDisplay.open(TransferDisplay.Direction.PUSH, quiet, out)) {
                result = images.push(tag.toString()).progress(display).call();
            }
            for (PushedImage image : result.images()) {
                out.println(quiet ? image.reference().toString() : PushCommand.digestLine(images, image));
            }
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // a scratch file left in the temporary directory costs space, not correctness
        }
    }
}
