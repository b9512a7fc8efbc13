package dev.stowage.bench;

import dev.stowage.bench.Bench.Operation;
import dev.stowage.bench.Bench.Run;
import dev.stowage.bench.Bench.Timed;
import dev.stowage.bench.Bench.Tool;
import dev.stowage.core.ImageManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The archive rows: {@code save} and {@code load} of {@code app} and {@code big} (docker-archive)
 * by Stowage's command line and library, beside {@code podman save} / {@code podman load} (vfs
 * storage; the baseline) and {@code skopeo copy} to and from {@code docker-archive:}. A save reads
 * a fresh copy of the images' store (podman: its store, into which the images were pulled once);
 * a load goes into an empty store (podman: a new storage root per run, as cold as Stowage's).
 * Every tool loads the same archive, written once by Stowage.
 */
final class ArchiveRows {
    static final String PODMAN_SAVE = "podman save (vfs)";
    static final String PODMAN_LOAD = "podman load (vfs)";
    static final String SKOPEO = "skopeo copy";
    private static final String BIG_HEAP = "-Xmx64m";

    private final BenchOptions options;
    private final Path layout;
    private final Path scratch;
    private final Path podmanState;
    private final Path archives;

    ArchiveRows(BenchOptions options, Path layout, Path scratch) {
        this.options = options;
        this.layout = layout;
        this.scratch = scratch;
        String suffix = options.quick() ? "-quick" : "";
        this.podmanState = options.work().resolve("podman-archives" + suffix);
        this.archives = options.work().resolve("archives" + suffix);
    }

    /** Pulls the images into podman's store and writes the archives every load reads, once per work directory. */
    void seed() throws Exception {
        Files.createDirectories(archives);
        for (String image : List.of(BenchImages.APP, BenchImages.BIG)) {
            if (podman(podmanState, "image", "exists", image).runStatus(scratch) != 0) {
                // a pull from a layout leaves the image unnamed: podman prints its ID, which is then tagged
                String id = podman(podmanState, "pull", "-q", "oci:" + layout + ":" + image).output(scratch).strip();
                podman(podmanState, "tag", id, image).run(scratch);
            }
            Path archive = archive(image);
            if (!Files.exists(archive)) {
                Path partial = archives.resolve(archive.getFileName() + ".partial");
                try (ImageManager m = Bench.manager(layout)) {
                    m.save(image).to(partial).call();
                }
                Files.move(partial, archive);
            }
        }
    }

    List<Operation> all() {
        return List.of(
                save("save app (docker-archive)", BenchImages.APP, null),
                load("load app (docker-archive)", BenchImages.APP, null),
                loadFromPipe("load app from a pipe (stdin; Stowage spools it in the store's directory)", BenchImages.APP),
                save("save big (1 GiB layer; CLI " + BIG_HEAP + ")", BenchImages.BIG, BIG_HEAP),
                load("load big (1 GiB layer; CLI " + BIG_HEAP + ")", BenchImages.BIG, BIG_HEAP));
    }

    private Operation save(String name, String image, String heap) {
        return new Operation(name, List.of(
                new Tool(Bench.CLI, run -> process(heap(stowage("--store", store(run).toString(), "save", "-o",
                        out(run).toString(), image), heap)), false, false),
                new Tool(Bench.LIBRARY, run -> {
                    Path store = store(run);
                    Path out = out(run);
                    return inProcess(() -> {
                        try (ImageManager m = Bench.manager(store)) {
                            m.save(image).to(out).call();
                        }
                    });
                }, true, false),
                new Tool(PODMAN_SAVE, run -> process(podman(podmanState, "save", "-q", "-o", out(run).toString(), image)),
                        false, true),
                new Tool(SKOPEO, run -> process(skopeo("oci:" + layout + ":" + image,
                        "docker-archive:" + out(run) + ":" + image)), false, false)));
    }

    private Operation load(String name, String image, String heap) {
        Path archive = archive(image);
        return new Operation(name, List.of(
                new Tool(Bench.CLI, run -> process(heap(stowage("--store", run.path("store").toString(), "load", "-q",
                        "-i", archive.toString()), heap)), false, false),
                new Tool(Bench.LIBRARY, run -> inProcess(() -> {
                    try (ImageManager m = Bench.manager(run.path("store"))) {
                        m.load(archive).call();
                    }
                }), true, false),
                new Tool(PODMAN_LOAD, run -> process(podman(run.path("podman"), "load", "-q", "-i", archive.toString())),
                        false, true),
                new Tool(SKOPEO, run -> process(skopeo("docker-archive:" + archive, "oci:" + run.path("oci") + ":image")),
                        false, false)));
    }

    private Operation loadFromPipe(String name, String image) {
        Path archive = archive(image);
        return new Operation(name, List.of(
                new Tool(Bench.CLI, run -> process(fromStdin(stowage("--store", run.path("store").toString(), "load",
                        "-q"), archive)), false, false),
                new Tool(Bench.LIBRARY, run -> inProcess(() -> {
                    try (ImageManager m = Bench.manager(run.path("store")); InputStream in = Files.newInputStream(archive)) {
                        m.load(in).call();
                    }
                }), true, false),
                new Tool(PODMAN_LOAD, run -> process(fromStdin(podman(run.path("podman"), "load", "-q"), archive)),
                        false, true)));
    }

    private Path archive(String image) {
        return archives.resolve(image.substring(image.indexOf('/') + 1).replace(':', '-') + ".tar");
    }

    /** A fresh store holding the benchmark's images (blobs hard-linked from the built layout). */
    private Path store(Run run) throws IOException {
        Path store = run.path("store");
        Tree.linkCopy(layout, store);
        Files.deleteIfExists(store.resolve("bench-images.done"));
        return store;
    }

    private static Path out(Run run) {
        return run.path("out.tar");
    }

    private Command stowage(String... args) {
        List<String> argv = new ArrayList<>(List.of(options.launcher().toString()));
        argv.addAll(List.of(args));
        return new Command(argv, Map.of());
    }

    /** podman with its storage under {@code state}; its run-time state in a short temporary path (podman wants at most 50 characters). */
    private Command podman(Path state, String... args) {
        Path runroot = Path.of(System.getProperty("java.io.tmpdir"), "stowage-bench-pa-" + Integer.toHexString(state.hashCode()));
        List<String> argv = new ArrayList<>(List.of("podman", "--root", state.resolve("root").toString(),
                "--runroot", runroot.toString(), "--storage-driver", "vfs",
                "--cgroup-manager", "cgroupfs", "--events-backend", "none"));
        argv.addAll(List.of(args));
        return new Command(argv, Map.of());
    }

    private static Command skopeo(String source, String destination) {
        return Command.of("skopeo", "--insecure-policy", "copy", "--quiet", source, destination);
    }

    /** The command reading {@code file} on its standard input, through {@code sh}. */
    private static Command fromStdin(Command command, Path file) {
        StringBuilder line = new StringBuilder("exec");
        for (String arg : command.argv()) {
            line.append(" '").append(arg.replace("'", "'\\''")).append('\'');
        }
        line.append(" < '").append(file.toString().replace("'", "'\\''")).append('\'');
        return new Command(List.of("sh", "-c", line.toString()), command.environment());
    }

    private static Command heap(Command command, String heap) {
        return heap == null ? command : command.with("JAVA_OPTS", heap);
    }

    private static Timed process(Command command) {
        return new Timed.Process(command);
    }

    private static Timed inProcess(Bench.Task task) {
        return new Timed.InProcess(task);
    }
}
