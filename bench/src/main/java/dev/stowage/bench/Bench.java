package dev.stowage.bench;

import dev.stowage.core.ImageManager;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.registry.RegistryClient;
import dev.stowage.store.FileImageStore;
import dev.stowage.testkit.CountingProxy;
import dev.stowage.testkit.RegistryConfig;
import dev.stowage.testkit.TestRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The driver behind {@code bench/run}: Stowage (its {@code stowage} command line, JVM start
 * included, and the library in this warm JVM) and skopeo doing the same operations on the same
 * images against one real registry on loopback, behind a {@link CountingProxy} that counts what
 * each tool moved. Prints one markdown table and the machine's ceilings. It reports; it never
 * fails on speed.
 *
 * <pre>{@code
 * java -jar bench/target/stowage-bench.jar --launcher ./stowage [--quick] [--runs N] [--work DIR]
 * }</pre>
 */
public final class Bench {
    static final String CLI = "stowage (CLI)";
    static final String LIBRARY = "stowage (in-process)";
    /** The command line on the newer JDK: this, its major version and ")". */
    static final String CLI_ON = "stowage (CLI, JDK ";

    private final BenchOptions options;
    private final PrintStream log;
    private final ResultTable table = new ResultTable();
    private Operations operations;
    private int attempts;

    private Bench(BenchOptions options, PrintStream log) {
        this.options = options;
        this.log = log;
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        new Bench(options, System.err).run(System.out);
        System.exit(0); // the registry's shutdown hook and the proxy's threads need not linger
    }

    private void run(PrintStream out) throws Exception {
        long start = System.nanoTime();
        long freeAtStart = Ceilings.freeMemory();
        Files.createDirectories(options.work());
        log.println("bench: preparing the images in " + options.work());
        Path layout = BenchImages.prepare(options.work(), options.quick());
        try (TestRegistry registry = TestRegistry.start(RegistryConfig.plain());
             // Idle keep-alive connections of finished clients hold proxy slots until they time out.
             CountingProxy proxy = CountingProxy.start("127.0.0.1", registry.port(), 512);
             // The destination of copies across registries.
             TestRegistry second = TestRegistry.start(RegistryConfig.plain());
             CountingProxy secondProxy = CountingProxy.start("127.0.0.1", second.port(), 512)) {
            operations = new Operations(options, layout, registry, proxy, secondProxy, options.work().resolve("runs"));
            log.println("bench: registry " + registry.host() + ", proxy " + proxy.host() + "; second registry "
                    + second.host() + ", proxy " + secondProxy.host() + "; seeding the first with skopeo");
            operations.seed();
            List<Operation> rows = new ArrayList<>(operations.all());
            ArchiveRows archives = new ArchiveRows(options, layout, options.work().resolve("scratch"));
            log.println("bench: pulling app and big into podman's store, writing the archives the loads read");
            archives.seed();
            rows.addAll(archives.all());
            BuildRows builds = new BuildRows(options, layout, options.work().resolve("scratch"));
            log.println("bench: loading the base image into podman");
            builds.seed();
            rows.addAll(builds.all());
            if (options.newerJava() != null) {
                String label = CLI_ON + javaVersion(options.newerJava()) + ")";
                rows = rows.stream().map(op -> op.withCliOn(options.newerJava(), label)).toList();
            }
            for (Operation op : rows) {
                if (op.name().contains(options.only())) {
                    measure(op, List.of(proxy, secondProxy));
                }
            }
            List<ResultChart.Ceiling> ceilings = ceilings(registry, proxy, layout);
            String title = "Stowage vs skopeo and podman, " + options.describe() + " — " + versions();
            out.println();
            out.println(title);
            out.println();
            out.print(table.render());
            out.println();
            out.println("Machine ceilings, same run (best of 3):");
            ceilings.forEach(c -> out.println("- " + c.name() + ": " + Ceilings.format(c.mbPerSecond())));
            if (freeAtStart > 0) {
                out.println("- free memory when the bench began: " + ResultTable.bytes(freeAtStart)
                        + (freeAtStart < Ceilings.SHORT_OF_MEMORY ? " (short: writes into the page cache then cost the"
                                + " kernel several times more, so these figures do not compare with a run that had more;"
                                + " delete stale files under /tmp)" : ""));
            }
            out.println();
            out.println("Bytes are HTTP body bytes counted by a proxy in front of each registry; requests are those "
                    + "the proxies saw. Each run starts cold: a fresh store or OCI directory, a new repository for "
                    + "pushes; \"cache cleared\" means skopeo's blob-info cache was deleted before the run. The test-kit "
                    + "row starts and stops a registry of its own in each run (timed), its traffic counted by a proxy "
                    + "of its own; its ratio is the in-process registry's over Distribution's. Archive rows: the baseline is "
                    + "podman (vfs storage); a save reads a fresh copy of the images' store, a load writes into an empty "
                    + "store (podman: a new storage root per run). Builds: "
                    + "a fresh store holding the base; podman's store holds the base and nothing it built before "
                    + "(cold: --no-cache), the rebuild follows one build of the same context; their ratio is over podman's.");
            out.printf("Total bench time %s.%n", ResultTable.seconds(System.nanoTime() - start));
            if (options.chart() != null) {
                Files.writeString(options.chart(), ResultChart.svg(title, table, ceilings));
                log.println("bench: chart written to " + options.chart());
            }
        }
    }

    /** Warm-up for what runs in this JVM, then N runs per tool, alternating which tool goes first. */
    private void measure(Operation op, List<CountingProxy> proxies) throws Exception {
        log.println("bench: " + op.name());
        for (Tool tool : op.tools()) {
            if (tool.inThisJvm()) {
                attempt(tool.attempt(), proxies); // the warm JVM a build plugin or test suite has
            }
        }
        for (int run = 1; run <= options.runs(); run++) {
            List<Tool> order = new ArrayList<>(op.tools());
            if (run % 2 == 0) {
                java.util.Collections.reverse(order);
            }
            for (Tool tool : order) {
                table.add(op.name(), tool.label(), attempt(tool.attempt(), proxies), tool.baseline());
            }
        }
    }

    /** One timed attempt; bytes and requests are what the proxies in front of both registries saw. */
    private Sample attempt(Attempt attempt, List<CountingProxy> proxies) throws Exception {
        Path dir = options.work().resolve("runs").resolve(Integer.toString(++attempts));
        Tree.delete(dir);
        Files.createDirectories(dir);
        try {
            Timed timed = attempt.prepare(new Run(dir, attempts));
            proxies.forEach(CountingProxy::reset);
            Sample s;
            if (timed instanceof Timed.OwnRegistry own) {
                long t0 = System.nanoTime();
                Traffic traffic = own.task().run();
                return new Sample(System.nanoTime() - t0, OptionalLong.empty(), traffic.up(), traffic.down(),
                        traffic.requests());
            } else if (timed instanceof Timed.Process p) {
                Command.Outcome o = p.command().run(options.work().resolve("scratch"));
                s = new Sample(o.nanos(), o.peakRssKb(), 0, 0, 0);
            } else {
                long t0 = System.nanoTime();
                ((Timed.InProcess) timed).task().run();
                s = new Sample(System.nanoTime() - t0, OptionalLong.empty(), 0, 0, 0);
            }
            return new Sample(s.nanos(), s.peakRssKb(),
                    proxies.stream().mapToLong(CountingProxy::requestBodyBytes).sum(),
                    proxies.stream().mapToLong(CountingProxy::responseBodyBytes).sum(),
                    proxies.stream().mapToInt(CountingProxy::requests).sum());
        } finally {
            Tree.delete(dir);
        }
    }

    private List<ResultChart.Ceiling> ceilings(TestRegistry registry, CountingProxy proxy, Path layout) throws Exception {
        log.println("bench: measuring the machine's ceilings");
        Descriptor big = BenchImages.bigLayer(layout);
        String path = "/v2/big/blobs/" + big.digest();
        Path scratch = options.work().resolve("scratch");
        int hashed = options.quick() ? 64 << 20 : 512 << 20;
        return List.of(
                new ResultChart.Ceiling("JVM SHA-256 (" + ResultTable.bytes(hashed) + ", heap array)", Ceilings.sha256(hashed)),
                new ResultChart.Ceiling("curl GET of the big blob (" + ResultTable.bytes(big.size())
                        + ") through the counting proxy", Ceilings.curl("http://" + proxy.host() + path, scratch)),
                new ResultChart.Ceiling("curl GET of the big blob straight from the registry",
                        Ceilings.curl("http://" + registry.host() + path, scratch)),
                new ResultChart.Ceiling("disk: write " + ResultTable.bytes(hashed) + " and fsync",
                        Ceilings.diskWrite(scratch, hashed)));
    }

    /** The major version a JDK's {@code release} file names ({@code JAVA_VERSION="25.0.3"}: 25), else its directory name. */
    static String javaVersion(Path javaHome) {
        try {
            for (String line : Files.readAllLines(javaHome.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return version.split("[.+-]")[0];
                }
            }
        } catch (IOException e) {
            // named by its directory below
        }
        return javaHome.getFileName().toString();
    }

    private static String versions() throws IOException, InterruptedException {
        return "skopeo " + firstLine("skopeo", "--version").replaceAll("^skopeo version ", "")
                + ", podman " + firstLine("podman", "--version").replaceAll("^podman version ", "")
                + ", Java " + System.getProperty("java.version")
                + ", " + Runtime.getRuntime().availableProcessors() + " CPUs";
    }

    private static String firstLine(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return text.lines().findFirst().orElse("?").strip();
    }

    /** The cold state of one attempt: a directory of its own, deleted afterwards, and a number for new names. */
    record Run(Path dir, int id) {
        Path path(String name) {
            return dir.resolve(name);
        }
    }

    /** Prepares one attempt's cold state (not timed) and says what to time. */
    @FunctionalInterface
    interface Attempt {
        Timed prepare(Run run) throws Exception;
    }

    /**
     * What is timed: a process (with its peak RSS), a task in this JVM, or a task in this JVM
     * against a registry of its own, which counts its traffic itself (the shared proxy sees none).
     */
    sealed interface Timed {
        record Process(Command command) implements Timed {
        }

        record InProcess(Task task) implements Timed {
        }

        record OwnRegistry(RegistryTask task) implements Timed {
        }
    }

    @FunctionalInterface
    interface Task {
        void run() throws Exception;
    }

    @FunctionalInterface
    interface RegistryTask {
        Traffic run() throws Exception;
    }

    /** Body bytes each way and requests, as a counting proxy saw them. */
    record Traffic(long up, long down, int requests) {
    }

    /**
     * One way of doing an operation: a row of the table.
     *
     * @param inThisJvm whether it runs in the driver's JVM (and gets a warm-up run first)
     * @param baseline  whether the operation's other rows are compared with this one
     */
    record Tool(String label, Attempt attempt, boolean inThisJvm, boolean baseline) {
    }

    /** An operation and the tools doing it, one row each. */
    record Operation(String name, List<Tool> tools) {
        /**
         * Stowage's command line and library beside skopeo, the baseline.
         *
         * @param library null when the operation has no in-process form
         * @param peer the same work by the peer tool (skopeo, podman), the baseline; null for a row without one
         */
        static Operation versusPeer(String name, String peerLabel, Attempt cli, Attempt library, Attempt peer) {
            List<Tool> tools = new ArrayList<>();
            tools.add(new Tool(CLI, cli, false, false));
            if (library != null) {
                tools.add(new Tool(LIBRARY, library, true, false));
            }
            if (peer != null) {
                tools.add(new Tool(peerLabel, peer, false, true));
            }
            return new Operation(name, List.copyOf(tools));
        }

        /**
         * This operation with its command-line row run once more on the JDK in {@code javaHome}
         * (the launcher's {@code JAVA_HOME}), as a row of its own after the default JDK's.
         */
        Operation withCliOn(Path javaHome, String label) {
            List<Tool> all = new ArrayList<>();
            for (Tool tool : tools) {
                all.add(tool);
                if (tool.label().equals(CLI)) {
                    all.add(new Tool(label, run -> onJava(tool.attempt().prepare(run), javaHome), false, false));
                }
            }
            return new Operation(name, List.copyOf(all));
        }

        private static Timed onJava(Timed timed, Path javaHome) {
            return timed instanceof Timed.Process p
                    ? new Timed.Process(p.command().with("JAVA_HOME", javaHome.toString()))
                    : timed;
        }
    }

    /**
     * The in-process runs share one registry client, as an application or build plugin keeps one
     * (and as the JDK 17 {@code HttpClient} cannot be closed, a client per run would leave its idle
     * connections open).
     */
    private static final RegistryClient CLIENT = RegistryClient.builder().credentials(CredentialProvider.anonymous())
            .parallelism(6).build();

    /** A manager on {@code store} with the defaults a library user gets, but the shared client. */
    static ImageManager manager(Path store) {
        return ImageManager.builder().store(FileImageStore.open(store)).registry(CLIENT).build();
    }
}
