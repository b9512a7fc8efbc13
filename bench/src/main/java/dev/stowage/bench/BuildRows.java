package dev.stowage.bench;

import dev.stowage.bench.Bench.Operation;
import dev.stowage.bench.Bench.Run;
import dev.stowage.bench.Bench.Timed;
import dev.stowage.bench.SyntheticContent.Kind;
import dev.stowage.core.ImageManager;
import dev.stowage.core.build.ImageBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Dockerfile build rows: a Java application's image (a jar on the benchmark's base, which is
 * in the store) built cold and rebuilt after the jar changed, by Stowage (CLI and in-process) and
 * by {@code podman build} on the same context; and a build of a 1 GiB context file by the CLI in
 * a 64 MiB heap. Podman keeps its state in the work directory ({@code vfs} driver), the base
 * loaded into it once.
 */
final class BuildRows {
    static final String PODMAN = "podman build (vfs)";
    private static final String BASE = BenchImages.BASE;
    private static final String DOCKERFILE = "FROM " + BASE + "\n"
            + "WORKDIR /app\n"
            + "COPY app.jar /app/app.jar\n"
            + "EXPOSE 8080\n"
            + "ENTRYPOINT [\"java\", \"-jar\", \"/app/app.jar\"]\n";

    private final BenchOptions options;
    private final Path layout;
    private final Path scratch;
    private final Path podmanState;

    BuildRows(BenchOptions options, Path layout, Path scratch) {
        this.options = options;
        this.layout = layout;
        this.scratch = scratch;
        this.podmanState = options.work().resolve(options.quick() ? "podman-quick" : "podman");
    }

    /** Loads the base into podman's store (once per work directory). */
    void seed() throws Exception {
        if (podman("image", "exists", BASE).runStatus(scratch) == 0) {
            return;
        }
        String id = podman("pull", "-q", "oci:" + layout + ":" + BASE).output(scratch).strip();
        podman("tag", id, BASE).run(scratch);
    }

    List<Operation> all() {
        long jar = options.quick() ? 1L << 20 : 30L << 20;
        long big = options.quick() ? 16L << 20 : 1L << 30;
        List<Operation> rows = new ArrayList<>();
        rows.add(Operation.versusPeer("build Java app, cold (" + ResultTable.bytes(jar) + " jar on a base in the store)", PODMAN,
                run -> process(stowageBuild(store(run), context(run, jar, 1), null)),
                run -> {
                    Path store = store(run);
                    Path ctx = context(run, jar, 1);
                    return inProcess(() -> libraryBuild(store, ctx));
                },
                run -> {
                    forgetPodmanBuilds();
                    return process(podmanBuild(context(run, jar, 1), "--no-cache"));
                }));
        rows.add(Operation.versusPeer("rebuild Java app after changing the jar", PODMAN,
                run -> {
                    Path store = store(run);
                    Path ctx = context(run, jar, 1);
                    stowageBuild(store, ctx, null).run(scratch);
                    changeJar(ctx, jar);
                    return process(stowageBuild(store, ctx, null));
                },
                run -> {
                    Path store = store(run);
                    Path ctx = context(run, jar, 1);
                    libraryBuild(store, ctx);
                    changeJar(ctx, jar);
                    return inProcess(() -> libraryBuild(store, ctx));
                },
                run -> {
                    forgetPodmanBuilds();
                    Path ctx = context(run, jar, 1);
                    podmanBuild(ctx, "--no-cache").run(scratch);
                    changeJar(ctx, jar);
                    return process(podmanBuild(ctx));
                }));
        rows.add(Operation.versusPeer("build, " + ResultTable.bytes(big) + " file in the context (CLI -Xmx64m)", PODMAN,
                run -> process(stowageBuild(store(run), bigContext(run, big), "-Xmx64m")),
                null,
                null));
        return rows;
    }

    /** A fresh store holding the benchmark's images, the base among them. */
    private Path store(Run run) throws IOException {
        Path store = run.path("store");
        if (!Files.exists(store)) {
            Tree.linkCopy(layout, store);
            Files.deleteIfExists(store.resolve("bench-images.done"));
        }
        return store;
    }

    /** The app's context: the Dockerfile and a jar of incompressible bytes (a jar's entries are compressed). */
    private static Path context(Run run, long jarSize, long seed) throws IOException {
        Path ctx = run.path("context");
        if (Files.exists(ctx.resolve("Dockerfile"))) {
            return ctx;
        }
        Files.createDirectories(ctx);
        Files.writeString(ctx.resolve("Dockerfile"), DOCKERFILE);
        try (InputStream in = new SyntheticContent(Kind.RANDOM, 7000 + seed, jarSize);
                OutputStream out = Files.newOutputStream(ctx.resolve("app.jar"))) {
            in.transferTo(out);
        }
        return ctx;
    }

    /** A new build of the jar: some bytes in the middle differ, as after a code change. */
    private static void changeJar(Path ctx, long jarSize) throws IOException {
        try (RandomAccessFile jar = new RandomAccessFile(ctx.resolve("app.jar").toFile(), "rw")) {
            jar.seek(jarSize / 2);
            jar.write(("rebuilt at " + System.nanoTime()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static Path bigContext(Run run, long size) throws IOException {
        Path ctx = Files.createDirectories(run.path("big-context"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + BASE + "\nCOPY big.bin /data/big.bin\n");
        try (InputStream in = new SyntheticContent(Kind.MIXED, 8000, size);
                OutputStream out = Files.newOutputStream(ctx.resolve("big.bin"))) {
            in.transferTo(out);
        }
        return ctx;
    }

    private Command stowageBuild(Path store, Path ctx, String heap) {
        Command build = new Command(List.of(options.launcher().toString(), "--store", store.toString(), "build", "-q",
                "-t", "bench.local/built:1", ctx.toString()), Map.of());
        return heap == null ? build : build.with("JAVA_OPTS", heap);
    }

    private static void libraryBuild(Path store, Path ctx) {
        try (ImageManager m = Bench.manager(store)) {
            m.build(ImageBuilder.fromDockerfile(ctx).tags("bench.local/built:1"));
        }
    }

    /** Removes what earlier podman runs built (the image and its cached steps), keeping the base. */
    private void forgetPodmanBuilds() throws IOException, InterruptedException {
        podman("rmi", "-f", "bench.local/built:1").runStatus(scratch);
        podman("image", "prune", "-f").run(scratch);
    }

    private Command podmanBuild(Path ctx, String... extra) {
        List<String> argv = new ArrayList<>(List.of("build", "-q", "--pull=never", "-t", "bench.local/built:1"));
        argv.addAll(List.of(extra));
        argv.add(ctx.toString());
        return podman(argv.toArray(String[]::new));
    }

    private Command podman(String... args) {
        // podman refuses a runroot path over 50 characters: its run-time state (locks) goes to a short temporary path
        Path runroot = Path.of(System.getProperty("java.io.tmpdir"), "stowage-bench-podman" + (options.quick() ? "-q" : ""));
        List<String> argv = new ArrayList<>(List.of("podman", "--root", podmanState.resolve("root").toString(),
                "--runroot", runroot.toString(), "--storage-driver", "vfs",
                "--cgroup-manager", "cgroupfs", "--events-backend", "none"));
        argv.addAll(List.of(args));
        return new Command(argv, Map.of());
    }

    private static Timed process(Command command) {
        return new Timed.Process(command);
    }

    private static Timed inProcess(Bench.Task task) {
        return new Timed.InProcess(task);
    }
}
