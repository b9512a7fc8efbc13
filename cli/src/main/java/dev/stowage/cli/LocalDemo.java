package dev.stowage.cli;

import dev.stowage.core.build.BuiltImage;
import dev.stowage.store.FileImageStore;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The part of {@code stowage demo} that needs no network: builds the demo images, then tags,
 * lists, inspects, removes, prunes and measures them with the real commands.
 */
final class LocalDemo {
    private final Path store;
    private final Narrator narrator;
    private final DemoShell shell;

    LocalDemo(Path store, Narrator narrator, DemoShell shell) {
        this.store = store;
        this.narrator = narrator;
        this.shell = shell;
    }

    void run() {
        narrator.step("Build three related images in code with ImageBuilder, into " + store);
        build(DemoImages.BASE, DemoImages::buildBase);
        build(DemoImages.app(1), images -> images.buildApp(1));
        build(DemoImages.app(2), images -> images.buildApp(2));
        shell.show("The store holds them", "images");

        String newest = DemoImages.app(2);
        String latest = DemoImages.APP + ":latest";
        shell.show("Tag the newest app as latest (no output, as docker)", "tag", newest, latest);
        shell.show("List the app's images: latest and 2 are one image", "images", "--filter", "reference=" + DemoImages.APP);
        shell.show("Inspect it with a Go template", "inspect", "--format", "{{.Id}} {{.Architecture}}", latest);
        shell.show("Its history: the base's step and the app's own", "history", latest);
        shell.show("Remove a tag: the image stays, named by its other tag", "rmi", latest);

        narrator.step("Build one more app version, " + DemoImages.app(3) + ", so that three exist");
        build(DemoImages.app(3), images -> images.buildApp(3));
        shell.show("Keep only the newest 2 versions of each repository", "image", "prune", "--keep", "2", "-f");
        shell.show("What is left", "images");
        shell.show("Disk usage", "system", "df");
    }

    private void build(String reference, Function<DemoImages, BuiltImage> how) {
        try (FileImageStore images = FileImageStore.open(store)) {
            BuiltImage built = how.apply(new DemoImages(images));
            int layers = built.layers().size();
            narrator.line("built " + reference + "  ID " + ImageRows.id(built.imageId(), true) + ", "
                    + layers + (layers == 1 ? " layer" : " layers"));
        }
    }
}
