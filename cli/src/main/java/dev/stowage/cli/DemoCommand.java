package dev.stowage.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code stowage demo [--store DIR] [--registry HOST:PORT]}: a narrated tour of Stowage that
 * needs nothing but Java. It builds three related images in code, then shows tag, images with a
 * filter, inspect, history, rmi, a keep-the-last-2 prune and system df with the real commands.
 * With {@code --registry} it also pushes, pushes again, pushes a sibling to another repository
 * and pulls back. Without {@code --store} everything happens in a temporary store, deleted at
 * the end; the user's own store is never touched.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Show what Stowage does, on images it builds: a narrated run of the image commands.",
                "Uses a temporary store unless --store is given; needs no network unless --registry is given."})
final class DemoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--registry", paramLabel = "HOST:PORT",
            description = "Also push to and pull from this registry, e.g. 127.0.0.1:5000 (plain HTTP on loopback).")
    private String registry;

    @Override
    public Integer call() throws IOException {
        String host = registryHost();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<Path> given = StowageCli.storeOption(spec);
        Path store = given.isPresent() ? given.get() : Files.createTempDirectory("stowage-demo-");
        try {
            Narrator narrator = new Narrator(out);
            DemoShell shell = new DemoShell(store, narrator, out, err);
            new LocalDemo(store, narrator, shell).run();
            if (host != null) {
                new RegistryDemo(host, () -> StowageCli.openRemoteManager(spec, store), narrator, shell, out).run();
            }
            narrator.step(given.isPresent()
                    ? "Done. The images stay in " + store + " (stowage --store " + store + " images)"
                    : "Done. The temporary store is deleted; run with --store DIR to keep the images");
        } finally {
            if (given.isEmpty()) {
                deleteTree(store);
            }
        }
        return 0;
    }

    /** {@code --registry} as a registry host (see {@link RegistryAccess#registryHost}), or null when not given. */
    private String registryHost() {
        if (registry == null) {
            return null;
        }
        try {
            return RegistryAccess.registryHost(registry);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(),
                    "--registry '" + registry + "' is not a registry host: give HOST[:PORT], e.g. 127.0.0.1:5000", e);
        }
    }

    /** Deletes {@code root} and everything under it (symbolic links are deleted, not followed). */
    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
