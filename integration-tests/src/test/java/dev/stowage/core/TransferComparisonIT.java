package dev.stowage.core;

import static dev.stowage.core.RemoteFixtures.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.reference.ImageReference;
import dev.stowage.store.FileImageStore;
import dev.stowage.testkit.CountingProxy;
import dev.stowage.testkit.RegistryExtension;
import dev.stowage.testkit.Skopeo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The blob bytes Stowage and skopeo move for the same operations on the same registry, counted
 * by a proxy in front of it (the registry's side), written as a markdown table to
 * {@code target/transfer-comparison.md}. Stowage must never move more than skopeo; re-push and a
 * push to another repository of the same registry must move nothing.
 *
 * <p>skopeo runs with its blob-info cache ({@code /var/lib/containers/cache} as root), so it
 * knows what it saw earlier in the same run, as Stowage's store does.
 */
class TransferComparisonIT {
    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.plain();

    @TempDir
    static Path dir;

    private static final Skopeo SKOPEO = Skopeo.locate();
    private static CountingProxy proxy;
    private static FileImageStore fixtures;
    private static final List<String> ROWS = new ArrayList<>();

    /** What one tool moved for one operation. */
    private record Traffic(long blobBytes, int requests, int mounts) {
        static Traffic uploads() {
            return new Traffic(RemoteFixtures.uploadedBlobBytes(proxy), proxy.requests(), mountsAnswered());
        }

        static Traffic downloads() {
            return new Traffic(RemoteFixtures.downloadedBlobBytes(proxy), proxy.requests(), 0);
        }

        private static int mountsAnswered() {
            return proxy.exchanges(e -> e.method().equals("POST") && e.target().contains("mount=") && e.status() == 201).size();
        }
    }

    @BeforeAll
    static void images() {
        proxy = CountingProxy.to(registry.registry());
        fixtures = FileImageStore.open(dir.resolve("layout"));
    }

    /**
     * A base ({@code fixture/NAME-base:1}, 1.5 MB in 2 layers) and an app on it ({@code
     * fixture/NAME-app:1}, 2 more layers, 80 kB) of their own: skopeo's cache is shared by the
     * whole machine, so no operation may meet blobs another one moved.
     */
    private static void fixture(String name, long seed) {
        RemoteFixtures.image(fixtures, "fixture/" + name + "-base:1", seed, 1_000_000, 500_000);
        RemoteFixtures.on(fixtures, "fixture/" + name + "-base:1", "fixture/" + name + "-app:1", seed + 1, 50_000, 30_000);
    }

    @AfterAll
    static void report() throws IOException {
        proxy.close();
        fixtures.close();
        List<String> table = new ArrayList<>(List.of(
                "| operation | tool | blob bytes moved | requests | mounts (POST ?mount= → 201) |", "|---|---|---|---|---|"));
        table.addAll(ROWS);
        String text = String.join("\n", table) + "\n";
        System.out.print(text);
        Files.writeString(Path.of("target", "transfer-comparison.md"), text);
    }

    private static String layout(String name) {
        return "oci:" + dir.resolve("layout") + ":" + ImageReference.parse(name);
    }

    private static ImageManager manager(String storeName) {
        return ImageManager.builder().store(FileImageStore.open(dir.resolve(storeName))).registry(RemoteFixtures.client()).build();
    }

    private static void row(String operation, String command, Traffic stowage, String skopeoCommand, Traffic skopeo) {
        ROWS.add("| " + operation + " | stowage: `" + command + "` | " + stowage.blobBytes() + " | " + stowage.requests()
                + " | " + stowage.mounts() + " |");
        ROWS.add("| " + operation + " | skopeo: `" + skopeoCommand + "` | " + skopeo.blobBytes() + " | " + skopeo.requests()
                + " | " + skopeo.mounts() + " |");
    }

    @Test
    void rePushMovesNoBlobBytes() {
        fixture("repush", 10);
        try (ImageManager images = manager("repush")) {
            images.pull(pushedBySkopeo("fixture/repush-app:1", "src-repush/app:1")).call();
            images.tag(at(proxy, "src-repush/app:1"), at(proxy, "s-repush/app:1"));
            images.push(at(proxy, "s-repush/app:1")).call();
            proxy.reset();
            images.push(at(proxy, "s-repush/app:1")).call();
        }
        Traffic stowage = Traffic.uploads();
        SKOPEO.copy(layout("fixture/repush-app:1"), "docker://" + at(proxy, "k-repush/app:1"));
        proxy.reset();
        SKOPEO.copy(layout("fixture/repush-app:1"), "docker://" + at(proxy, "k-repush/app:1"));
        Traffic skopeo = Traffic.uploads();

        row("re-push", "push REF (second time)", stowage, "copy oci:… docker://REF (second time)", skopeo);
        assertEquals(0, stowage.blobBytes());
    }

    @Test
    void pushOfASiblingImageUploadsOnlyItsOwnLayers() {
        fixture("sibling", 20);
        try (ImageManager images = manager("sibling")) {
            images.pull(pushedBySkopeo("fixture/sibling-base:1", "src-sibling/base:1")).call();
            images.tag(at(proxy, "src-sibling/base:1"), at(proxy, "s-sibling/base:1"));
            images.push(at(proxy, "s-sibling/base:1")).call();
            // The sibling is built here, on the pulled base: its own layers exist nowhere yet.
            RemoteFixtures.on(images.store(), at(proxy, "s-sibling/base:1"), at(proxy, "s-sibling/app:1"), 21, 50_000, 30_000);
            proxy.reset();
            images.push(at(proxy, "s-sibling/app:1")).call();
        }
        Traffic stowage = Traffic.uploads();
        SKOPEO.copy(layout("fixture/sibling-base:1"), "docker://" + at(proxy, "k-sibling/base:1"));
        proxy.reset();
        SKOPEO.copy(layout("fixture/sibling-app:1"), "docker://" + at(proxy, "k-sibling/app:1"));
        Traffic skopeo = Traffic.uploads();

        row("push sibling (same base, pushed before, to the repository next door)", "push REG/s-sibling/app:1", stowage,
                "copy oci:…app docker://REG/k-sibling/app:1", skopeo);
        assertTrue(stowage.blobBytes() <= skopeo.blobBytes(), stowage + " vs " + skopeo);
        assertTrue(stowage.blobBytes() < 200_000, stowage.toString());
    }

    @Test
    void pushToAnotherRepositoryOfTheSameRegistryMountsEveryBlob() {
        fixture("moved", 30);
        String source = pushedBySkopeo("fixture/moved-app:1", "src-moved/app:1");
        try (ImageManager images = manager("moved")) {
            images.pull(source).call();
            images.tag(source, at(proxy, "s-moved/app:1"));
            proxy.reset();
            images.push(at(proxy, "s-moved/app:1")).call();
        }
        Traffic stowage = Traffic.uploads();
        String pulled = "oci:" + dir.resolve("skopeo-moved") + ":app";
        SKOPEO.copy("docker://" + source, pulled);
        proxy.reset();
        SKOPEO.copy(pulled, "docker://" + at(proxy, "k-moved/app:1"));
        Traffic skopeo = Traffic.uploads();

        row("push to another repository (pulled from the first)", "pull A; tag A B; push B", stowage,
                "copy docker://A oci:D; copy oci:D docker://B", skopeo);
        assertEquals(0, stowage.blobBytes());
        assertEquals(5, stowage.mounts());
    }

    @Test
    void pullOfAnImageWhoseBaseIsStoredFetchesOnlyTheNewBlobs() {
        fixture("pull", 40);
        String base = pushedBySkopeo("fixture/pull-base:1", "src-pull/base:1");
        String app = pushedBySkopeo("fixture/pull-app:1", "src-pull/app:1");
        try (ImageManager images = manager("pull")) {
            images.pull(base).call();
            proxy.reset();
            images.pull(app).call();
        }
        Traffic stowage = Traffic.downloads();
        String layout = "oci:" + dir.resolve("skopeo-pull");
        SKOPEO.copy("docker://" + base, layout + ":base");
        proxy.reset();
        SKOPEO.copy("docker://" + app, layout + ":app");
        Traffic skopeo = Traffic.downloads();

        row("pull with its base stored", "pull APP (after pull BASE)", stowage, "copy docker://APP oci:D:app (after BASE)", skopeo);
        assertTrue(stowage.blobBytes() <= skopeo.blobBytes(), stowage + " vs " + skopeo);
        assertTrue(stowage.blobBytes() < 200_000, stowage.toString());
    }

    private static String pushedBySkopeo(String layoutName, String target) {
        SKOPEO.copy(layout(layoutName), "docker://" + at(proxy, target));
        return at(proxy, target);
    }
}
