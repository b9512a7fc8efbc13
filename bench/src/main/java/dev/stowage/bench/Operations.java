package dev.stowage.bench;

import dev.stowage.bench.Bench.Attempt;
import dev.stowage.bench.Bench.Operation;
import dev.stowage.bench.Bench.Run;
import dev.stowage.bench.Bench.Timed;
import dev.stowage.core.ImageManager;
import dev.stowage.testkit.CountingProxy;
import dev.stowage.testkit.InProcessRegistry;
import dev.stowage.testkit.RegistryConfig;
import dev.stowage.testkit.TestRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The benchmark's rows, each as Stowage's CLI, Stowage in-process and skopeo do it, from a cold
 * state prepared per attempt. Every tool addresses the registry through the counting proxy; the
 * last row instead starts a registry of its own per run (in-process, or Distribution), as a test
 * suite does per test class.
 * Pushes go to a repository no run used before, so nothing is already there; skopeo's blob-info
 * cache is cleared wherever the row says so (it would otherwise let skopeo mount blobs it saw in
 * earlier runs).
 */
final class Operations {
    private static final String CACHE_CLEARED = "skopeo (cache cleared)";
    /** skopeo keeps the cache of its own first push, as Stowage keeps its store. */
    private static final String CACHE_KEPT = "skopeo (cache of its 1st push)";
    private static final String BIG_HEAP = "-Xmx64m";
    private static final String IN_PROCESS_REGISTRY = "registry: in-process";
    private static final String DISTRIBUTION = "registry: Distribution";
    private static final List<Path> SKOPEO_CACHES = List.of(
            Path.of("/var/lib/containers/cache/blob-info-cache-v1.boltdb"),
            Path.of(System.getProperty("user.home"), ".local/share/containers/cache/blob-info-cache-v1.boltdb"));

    private final BenchOptions options;
    private final Path layout;
    private final TestRegistry registry;
    private final CountingProxy proxy;
    private final CountingProxy second;
    private final Path scratch;

    /** @param second the proxy in front of a second registry, the destination of copies across registries */
    Operations(BenchOptions options, Path layout, TestRegistry registry, CountingProxy proxy, CountingProxy second,
            Path scratch) {
        this.options = options;
        this.layout = layout;
        this.registry = registry;
        this.proxy = proxy;
        this.second = second;
        this.scratch = scratch;
    }

    /** Puts the four images on the registry ({@code big:1}, {@code app:1}, …) for the pulls. */
    void seed() throws Exception {
        for (String image : List.of(BenchImages.BASE, BenchImages.APP, BenchImages.BIG, BenchImages.MANY)) {
            String name = image.substring(image.indexOf('/') + 1);
            skopeoCopy(oci(image), "docker://" + registry.host() + "/" + name).run(scratch);
        }
    }

    List<Operation> all() {
        List<Operation> rows = new ArrayList<>();
        rows.add(Operation.versusPeer("start-up: `stowage --version`, `skopeo --version`", "skopeo",
                run -> process(stowage("--version")), null, run -> process(Command.of("skopeo", "--version"))));
        rows.add(pull("pull big (1 layer; CLI " + BIG_HEAP + ")", "big:1", BIG_HEAP));
        rows.add(pull("pull app, cold (5 blobs)", "app:1", null));
        rows.add(pullWithBase());
        rows.add(pull("pull many (50 layers)", "many:1", null));
        rows.add(push("push big (CLI " + BIG_HEAP + ")", BenchImages.BIG, BIG_HEAP));
        rows.add(rePush());
        rows.add(pushPulled());
        rows.add(push("push many (50 layers)", BenchImages.MANY, null));
        rows.add(copy("copy app, same registry (every blob mounted)", "app:1", proxy, null));
        rows.add(copy("copy big, across registries (CLI " + BIG_HEAP + ")", "big:1", second, BIG_HEAP));
        rows.add(testKitRegistry());
        return rows;
    }

    /**
     * What a test suite pays per test class for its registry: start one, push {@code app} to it
     * and pull it back (the library in this JVM), stop it. The in-process registry against
     * Distribution, the baseline; each run counts its traffic with a proxy of its own.
     */
    private Operation testKitRegistry() {
        return new Operation("test kit, per test class: start a registry, push app, pull it back, stop it", List.of(
                new Bench.Tool(IN_PROCESS_REGISTRY, run -> ownRegistry(run, InProcessRegistry::start), true, false),
                new Bench.Tool(DISTRIBUTION, run -> ownRegistry(run, () -> TestRegistry.start(RegistryConfig.plain())),
                        true, true)));
    }

    private Timed ownRegistry(Run run, Supplier<TestRegistry> starter) throws IOException {
        Path store = copyOfImages(run);
        Path pulled = run.path("pulled");
        return new Timed.OwnRegistry(() -> {
            try (TestRegistry registry = starter.get(); CountingProxy counted = CountingProxy.to(registry)) {
                String target = counted.host() + "/suite/app:1";
                try (ImageManager m = Bench.manager(store)) {
                    m.tag(BenchImages.APP, target);
                    m.push(target).call();
                }
                try (ImageManager m = Bench.manager(pulled)) {
                    m.pull(target).call();
                }
                return new Bench.Traffic(counted.requestBodyBytes(), counted.responseBodyBytes(), counted.requests());
            }
        });
    }

    private Operation pull(String name, String image, String heap) {
        return Operation.versusPeer(name, CACHE_CLEARED,
                run -> process(heap(stowage("--store", run.path("store").toString(), "pull", "-q", remote(image)), heap)),
                run -> inProcess(() -> {
                    try (ImageManager m = Bench.manager(run.path("store"))) {
                        m.pull(remote(image)).call();
                    }
                }),
                run -> {
                    clearSkopeoCache();
                    return process(skopeoCopy("docker://" + remote(image), "oci:" + run.path("oci") + ":image"));
                });
    }

    private Operation pullWithBase() {
        Attempt stowage = run -> {
            try (ImageManager m = Bench.manager(run.path("store"))) {
                m.pull(remote("base:1")).call();
            }
            return process(stowage("--store", run.path("store").toString(), "pull", "-q", remote("app:1")));
        };
        Attempt library = run -> {
            try (ImageManager m = Bench.manager(run.path("store"))) {
                m.pull(remote("base:1")).call();
            }
            return inProcess(() -> {
                try (ImageManager m = Bench.manager(run.path("store"))) {
                    m.pull(remote("app:1")).call();
                }
            });
        };
        Attempt skopeo = run -> {
            clearSkopeoCache();
            skopeoCopy("docker://" + remote("base:1"), "oci:" + run.path("oci") + ":base").run(scratch);
            return process(skopeoCopy("docker://" + remote("app:1"), "oci:" + run.path("oci") + ":app"));
        };
        return Operation.versusPeer("pull app, its base stored", CACHE_CLEARED, stowage, library, skopeo);
    }

    private Operation push(String name, String image, String heap) {
        return Operation.versusPeer(name, CACHE_CLEARED,
                run -> process(heap(stowage("--store", copyOfImages(run).toString(), "push", "-q",
                        tagged(run, image, "push-cli")), heap)),
                run -> {
                    Path store = copyOfImages(run);
                    String target = tagged(run, image, "push-lib");
                    return inProcess(() -> {
                        try (ImageManager m = Bench.manager(store)) {
                            m.push(target).call();
                        }
                    });
                },
                run -> {
                    clearSkopeoCache();
                    return process(skopeoCopy(oci(image), "docker://" + remote("bench/push-skopeo-" + run.id() + ":1")));
                });
    }

    /** {@code image} copied from the first registry to a new repository behind {@code to}. */
    private Operation copy(String name, String image, CountingProxy to, String heap) {
        String repository = image.substring(0, image.indexOf(':'));
        return Operation.versusPeer(name, CACHE_CLEARED,
                run -> process(heap(stowage("--store", run.path("store").toString(), "copy", "-q", remote(image),
                        to.host() + "/bench/copy-cli-" + repository + "-" + run.id() + ":1"), heap)),
                run -> inProcess(() -> {
                    try (ImageManager m = Bench.manager(run.path("store"))) {
                        m.copy(remote(image), to.host() + "/bench/copy-lib-" + repository + "-" + run.id() + ":1").call();
                    }
                }),
                run -> {
                    clearSkopeoCache();
                    return process(skopeoCopy("docker://" + remote(image),
                            "docker://" + to.host() + "/bench/copy-skopeo-" + repository + "-" + run.id() + ":1"));
                });
    }

    private Operation rePush() {
        Attempt cli = run -> {
            Path store = copyOfImages(run);
            String target = tagged(run, BenchImages.APP, "repush-cli");
            try (ImageManager m = Bench.manager(store)) {
                m.push(target).call();
            }
            return process(stowage("--store", store.toString(), "push", "-q", target));
        };
        Attempt library = run -> {
            Path store = copyOfImages(run);
            String target = tagged(run, BenchImages.APP, "repush-lib");
            try (ImageManager m = Bench.manager(store)) {
                m.push(target).call();
            }
            return inProcess(() -> {
                try (ImageManager m = Bench.manager(store)) {
                    m.push(target).call();
                }
            });
        };
        Attempt skopeo = run -> {
            clearSkopeoCache();
            Command push = skopeoCopy(oci(BenchImages.APP), "docker://" + remote("bench/repush-skopeo-" + run.id() + ":1"));
            push.run(scratch);
            return process(push);
        };
        return Operation.versusPeer("re-push app, unchanged", CACHE_KEPT, cli, library, skopeo);
    }

    /** Pull {@code app:1}, then push it to a new repository of the same registry: mounts, no uploads, at best. */
    private Operation pushPulled() {
        Attempt cli = run -> {
            String target = pulledAndTagged(run, "moved-cli");
            return process(stowage("--store", run.path("store").toString(), "push", "-q", target));
        };
        Attempt library = run -> {
            String target = pulledAndTagged(run, "moved-lib");
            return inProcess(() -> {
                try (ImageManager m = Bench.manager(run.path("store"))) {
                    m.push(target).call();
                }
            });
        };
        Attempt skopeo = run -> {
            clearSkopeoCache();
            String pulled = "oci:" + run.path("oci") + ":app";
            skopeoCopy("docker://" + remote("app:1"), pulled).run(scratch);
            clearSkopeoCache(); // "no prior cache": what skopeo learnt from the pull goes
            return process(skopeoCopy(pulled, "docker://" + remote("bench/moved-skopeo-" + run.id() + ":1")));
        };
        return Operation.versusPeer("push app to a new repository after pulling it from another one (no prior cache)",
                CACHE_CLEARED, cli, library, skopeo);
    }

    private String pulledAndTagged(Run run, String prefix) {
        String target = remote("bench/" + prefix + "-" + run.id() + ":1");
        try (ImageManager m = Bench.manager(run.path("store"))) {
            m.pull(remote("app:1")).call();
            m.tag(remote("app:1"), target);
        }
        return target;
    }

    /** A fresh store holding the benchmark's images (blobs hard-linked from the built layout). */
    private Path copyOfImages(Run run) throws IOException {
        Path store = run.path("store");
        Tree.linkCopy(layout, store);
        Files.deleteIfExists(store.resolve("bench-images.done"));
        return store;
    }

    /** Tags {@code image} in the run's store as a new repository on the registry and returns that name. */
    private String tagged(Run run, String image, String prefix) {
        String target = remote("bench/" + prefix + "-" + run.id() + ":1");
        try (ImageManager m = Bench.manager(run.path("store"))) {
            m.tag(image, target);
        }
        return target;
    }

    private String remote(String repositoryAndTag) {
        return proxy.host() + "/" + repositoryAndTag;
    }

    private String oci(String image) {
        return "oci:" + layout + ":" + image;
    }

    private Command stowage(String... args) {
        List<String> argv = new ArrayList<>(List.of(options.launcher().toString()));
        argv.addAll(List.of(args));
        return new Command(argv, java.util.Map.of());
    }

    private static Command heap(Command command, String heap) {
        return heap == null ? command : command.with("JAVA_OPTS", heap);
    }

    private static Command skopeoCopy(String source, String destination) {
        List<String> argv = new ArrayList<>(List.of("skopeo", "--insecure-policy", "copy", "--quiet"));
        if (source.startsWith("docker://")) {
            argv.add("--src-tls-verify=false");
        }
        if (destination.startsWith("docker://")) {
            argv.add("--dest-tls-verify=false");
        }
        argv.add(source);
        argv.add(destination);
        return new Command(argv, java.util.Map.of());
    }

    /** Deletes skopeo's blob-info cache (root's and this user's), which tells it where it saw blobs before. */
    static void clearSkopeoCache() throws IOException {
        for (Path cache : SKOPEO_CACHES) {
            Files.deleteIfExists(cache);
        }
    }

    private static Timed process(Command command) {
        return new Timed.Process(command);
    }

    private static Timed inProcess(Bench.Task task) {
        return new Timed.InProcess(task);
    }
}
