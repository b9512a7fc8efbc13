package dev.stowage.bench;

import dev.stowage.core.ImageManager;
import dev.stowage.core.model.Descriptor;
import dev.stowage.testkit.CountingProxy;
import dev.stowage.testkit.RegistryConfig;
import dev.stowage.testkit.TestRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the CPU of "copy big, across registries" goes: the bench's row set up the same way (two
 * Distribution registries, each behind a counting proxy in this JVM), then the copy run N times,
 * alternating Stowage (in this JVM, or the command line with {@code --cli}) with skopeo, printing
 * per run the wall time and the CPU seconds of the client, of each registry process and of the
 * proxies; for the in-process client also per thread group. {@code --curl} puts in Stowage's place
 * the big layer alone, piped from a {@code curl} GET into a {@code curl} PATCH: about the least CPU
 * any client can spend on the copy, hence its floor on this machine. Written to find out whether
 * the copy waits on the client or on the registries; not part of {@code bench/run}.
 *
 * <pre>
 * bench/run --only "copy big" --runs 1          # builds the jars and the images once
 * java -cp bench/target/stowage-bench.jar dev.stowage.bench.CopyCpuSplit bench/target/work 6 [--cli ./stowage | --curl]
 * </pre>
 */
public final class CopyCpuSplit {
    private static final long TICK_NANOS = 10_000_000L; // /proc/<pid>/stat counts in 1/100 s

    /**
     * The big layer from the source registry into an upload session at the destination: one GET
     * piped into one PATCH of the known length, then the committing PUT, as Stowage sends it.
     */
    private static final String CURL_PIPE = """
            set -e
            location() { tr -d '\\r' | sed -n 's/^[Ll]ocation: //p'; }
            absolute() { case "$1" in http*) echo "$1" ;; *) echo "http://$TO$1" ;; esac; }
            session=$(absolute "$(curl -sf -X POST -D - -o /dev/null "http://$TO/v2/$REPOSITORY/blobs/uploads/" | location)")
            written=$(absolute "$(curl -sf "http://$FROM/v2/big/blobs/$DIGEST" \
              | curl -sf -X PATCH -H 'Content-Type: application/octet-stream' -H "Content-Length: $SIZE" -T - \
                  -D - -o /dev/null "$session" | location)")
            case "$written" in *[?]*) commit="$written&digest=$DIGEST" ;; *) commit="$written?digest=$DIGEST" ;; esac
            curl -sf -X PUT -o /dev/null "$commit"
            """;

    private CopyCpuSplit() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: CopyCpuSplit WORK_DIR RUNS [--cli LAUNCHER | --curl]");
            System.exit(2);
        }
        Path layout = BenchImages.prepare(Path.of(args[0]).toAbsolutePath(), false);
        int runs = Integer.parseInt(args[1]);
        String cli = args.length > 3 && args[2].equals("--cli") ? args[3] : null;
        boolean curl = args.length > 2 && args[2].equals("--curl");
        Descriptor layer = BenchImages.bigLayer(layout);
        try (TestRegistry source = TestRegistry.start(RegistryConfig.plain());
             CountingProxy from = CountingProxy.start("127.0.0.1", source.port(), 512);
             TestRegistry destination = TestRegistry.start(RegistryConfig.plain());
             CountingProxy to = CountingProxy.start("127.0.0.1", destination.port(), 512)) {
            List<ProcessHandle> registries = List.of(process(source), process(destination));
            try (ImageManager m = Bench.manager(layout)) {
                m.tag(BenchImages.BIG, from.host() + "/big:1");
                m.push(from.host() + "/big:1").call();
            }
            for (int run = 0; run < runs; run++) {
                boolean skopeo = run % 2 == 1;
                String target = to.host() + "/split/big-" + run + ":1";
                Path store = Files.createTempDirectory("stowage-split");
                long[] registryCpu = registries.stream().mapToLong(CopyCpuSplit::cpuNanos).toArray();
                Map<String, Long> threads = threadCpu();
                long jvm = processCpu();
                long start = System.nanoTime();
                String client;
                if (skopeo) {
                    Operations.clearSkopeoCache(); // else it knows the destination has the blob from its last run
                    client = timed(List.of("skopeo", "--insecure-policy", "copy", "--quiet", "--src-tls-verify=false",
                            "--dest-tls-verify=false", "docker://" + from.host() + "/big:1", "docker://" + target), Map.of());
                } else if (curl) {
                    client = timed(List.of("sh", "-c", CURL_PIPE), Map.of("FROM", from.host(), "TO", to.host(),
                            "REPOSITORY", "split/curl-" + run, "DIGEST", layer.digest().toString(),
                            "SIZE", Long.toString(layer.size())));
                } else if (cli != null) {
                    client = timed(List.of(cli, "--store", store.toString(), "copy", "-q", from.host() + "/big:1", target),
                            Map.of("JAVA_OPTS", "-Xmx64m"));
                } else {
                    try (ImageManager m = Bench.manager(store)) {
                        m.copy(from.host() + "/big:1", target).call();
                    }
                    client = null;
                }
                long wall = System.nanoTime() - start;
                Tree.delete(store);
                Map<String, Long> used = difference(threads, threadCpu());
                long proxies = used.entrySet().stream().filter(e -> e.getKey().startsWith("counting-proxy"))
                        .mapToLong(Map.Entry::getValue).sum();
                StringBuilder line = new StringBuilder(String.format("%-8s wall %5.2f s", skopeo ? "skopeo" : cli != null
                        ? "cli" : curl ? "curl" : "library", wall / 1e9));
                line.append(client != null ? " | client " + client
                        : String.format(" | client (this JVM less the proxies) %.2f s", (processCpu() - jvm - proxies) / 1e9));
                for (int i = 0; i < registries.size(); i++) {
                    line.append(String.format(" | %s %.2f s", i == 0 ? "source" : "destination",
                            (cpuNanos(registries.get(i)) - registryCpu[i]) / 1e9));
                }
                line.append(String.format(" | proxies %.2f s", proxies / 1e9));
                if (client == null) {
                    used.forEach((name, nanos) -> {
                        if (!name.startsWith("counting-proxy") && nanos > 20_000_000L) {
                            line.append(String.format(" | %s %.2f s", name, nanos / 1e9));
                        }
                    });
                }
                System.out.println(line);
            }
        }
        System.exit(0); // the registries' shutdown hooks and the proxies' threads need not linger
    }

    /** The Distribution process serving {@code registry}: the child started with a configuration in its directory. */
    private static ProcessHandle process(TestRegistry registry) {
        String directory = registry.storageDir().getParent().toString();
        return ProcessHandle.current().children()
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(directory)).orElse(false))
                .findFirst().orElseThrow(() -> new IllegalStateException("no registry process for " + directory));
    }

    /** Runs a command under GNU time; returns its user and system CPU as it reports them. */
    private static String timed(List<String> command, Map<String, String> environment) throws Exception {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/time", "-f", "%U s user, %S s system, peak RSS %M kB"));
        argv.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(command.get(0) + " failed: " + err);
        }
        return err.substring(err.lastIndexOf('\n') + 1);
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** User and system CPU of a process and its threads so far. */
    private static long cpuNanos(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * TICK_NANOS;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the CPU time of process " + process.pid(), e);
        }
    }

    /** CPU per live thread of this JVM, numbers in names folded ("HttpClient-N-Worker-N"). */
    private static Map<String, Long> threadCpu() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> cpu = new TreeMap<>();
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null) {
                cpu.merge(info.getThreadName().replaceAll("\\d+", "N"), Math.max(0, mx.getThreadCpuTime(info.getThreadId())),
                        Long::sum);
            }
        }
        return cpu;
    }

    private static Map<String, Long> difference(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> used = new TreeMap<>();
        after.forEach((name, nanos) -> used.put(name, nanos - before.getOrDefault(name, 0L)));
        return used;
    }
}
