package dev.stowage.cli;

import dev.stowage.core.ImageManager;
import dev.stowage.core.PullResult;
import dev.stowage.core.PushResult;
import dev.stowage.core.PushedImage;
import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.ImageRecord;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The part of {@code stowage demo --registry HOST:PORT}: pushes the newest app, pushes it again
 * (nothing moves), pushes its sibling to another repository of the same registry (the shared
 * base layer is mounted, not sent), then removes the app locally and pulls it back (only what
 * the store lacks is fetched). Push and pull print what {@code stowage push} and {@code pull}
 * print, followed by the blob and byte counts of the result.
 */
final class RegistryDemo {
    private final String registry;
    private final Supplier<ImageManager> manager;
    private final Narrator narrator;
    private final DemoShell shell;
    private final PrintWriter out;

    /** {@code manager} opens the demo's store with the registry client the global options configure. */
    RegistryDemo(String registry, Supplier<ImageManager> manager, Narrator narrator, DemoShell shell, PrintWriter out) {
        this.registry = registry;
        this.manager = manager;
        this.narrator = narrator;
        this.shell = shell;
        this.out = out;
    }

    void run() {
        String app = registry + "/" + DemoImages.app(2);
        String sibling = registry + "/" + DemoImages.APP + "-staging:3";

        shell.show("Name the app for the registry " + registry, "tag", DemoImages.app(2), app);
        push("Push it", app);
        push("Push it again: the registry has every blob, no byte moves", app);
        shell.show("Name its sibling (same base layer) for another repository on the same registry",
                "tag", DemoImages.app(3), sibling);
        push("Push the sibling: the base layer is mounted from " + ImageReference.parse(app).repository() + ", not sent",
                sibling);
        shell.show("Remove the app from the store (both its names)", "rmi", DemoImages.app(2), app);
        pull("Pull it back: the base layer is still stored, only the rest is fetched", app);
    }

    private void push(String what, String reference) {
        narrator.step(what, List.of("push", reference));
        try (ImageManager images = manager.get()) {
            PushResult result;
            try (TransferDisplay display = new TransferLines(TransferDisplay.Direction.PUSH, out)) {
                result = images.push(reference).progress(display).call();
            }
            for (PushedImage image : result.images()) {
                out.println(PushCommand.digestLine(images, image));
            }
            narrator.outcome(blobs(result.blobsUploaded(), "uploaded") + ", " + bytes(result.bytesUploaded()) + " sent; "
                    + blobs(result.blobsExisting(), "already on the registry") + "; "
                    + blobs(result.blobsMounted(), "mounted from another repository"));
        }
    }

    private void pull(String what, String reference) {
        narrator.step(what, List.of("pull", reference));
        ImageReference ref = ImageReference.parse(reference);
        try (ImageManager images = manager.get()) {
            Optional<Digest> before = images.store().resolve(ref.withDefaultTag()).map(ImageRecord::digest);
            PullResult result;
            try (TransferDisplay display = new TransferLines(TransferDisplay.Direction.PULL, out)) {
                result = images.pull(reference).progress(display).call();
            }
            PullCommand.printSummary(out, ref, result, before, false, false);
            narrator.outcome(blobs(result.blobsFetched(), "fetched") + ", " + bytes(result.bytesDownloaded())
                    + " received; " + blobs(result.blobsPresent(), "already in the store"));
        }
    }

    private static String blobs(int count, String what) {
        return count + (count == 1 ? " blob " : " blobs ") + what;
    }

    private static String bytes(long count) {
        return count + " bytes" + (count >= 1000 ? " (" + HumanUnits.sizePrecise(count) + ")" : "");
    }
}
