package dev.stowage.core.build.dockerfile;

import dev.stowage.core.build.BaseImage;
import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.build.StoredLayer;
import dev.stowage.core.model.ContainerConfig;
import dev.stowage.core.model.Platform;
import dev.stowage.core.spi.ImageStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A stage as far as the build got: the image it started from, its layers so far, what the next
 * instruction sees (variables, working directory, user, shell) and the changes to replay onto an
 * {@link ImageBuilder} when the stage is the target. Entrypoint and command are kept apart: a
 * stage's {@code ENTRYPOINT} clears a command set before it in another stage or the base, which
 * only their final values tell.
 */
final class StageState {
    final Stage stage;
    final Platform platform;
    /** The image at the root of the {@code FROM} chain; empty for {@code scratch}. */
    final Optional<BaseImage> root;
    final List<StoredLayer> layers;
    /** The filesystem of {@link #layers}, read (once) when a step needs to look into it. */
    private final LayerFilesystem filesystem;
    /** History, layers and config changes in order, to replay onto a builder from {@link #root}. */
    final List<Consumer<ImageBuilder>> changes;
    /** What {@code $VAR} sees: the image's environment, then {@code ENV} and {@code ARG} in order. */
    final Map<String, String> variables;
    String workdir;
    String user;
    List<String> shell;
    List<String> entrypoint;
    List<String> cmd;
    boolean entrypointChanged;
    boolean cmdChanged;
    /** Whether this stage (not one it builds on) set {@code CMD}: only then does its {@code ENTRYPOINT} keep the command. */
    boolean cmdSetHere;
    final List<String> onBuild = new ArrayList<>();

    private StageState(Stage stage, Platform platform, Optional<BaseImage> root, LayerFilesystem filesystem,
            List<Consumer<ImageBuilder>> changes, Map<String, String> variables) {
        this.stage = stage;
        this.platform = platform;
        this.root = root;
        this.filesystem = filesystem;
        this.layers = new ArrayList<>(filesystem.layers());
        this.changes = new ArrayList<>(changes);
        this.variables = new LinkedHashMap<>(variables);
    }

    /** What {@code PATH} is when the image sets none, as BuildKit sets it. */
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /**
     * A stage starting from an image, or from nothing ({@code scratch}); as with BuildKit, an
     * image without {@code PATH} gets the default one.
     */
    static StageState fromImage(Stage stage, Platform platform, Optional<BaseImage> image, ImageStore store) {
        Map<String, String> variables = new LinkedHashMap<>();
        ContainerConfig config = image.map(i -> i.config().config()).orElse(null);
        List<StoredLayer> layers = image.map(BaseImage::layers).orElse(List.of());
        StageState state = new StageState(stage, platform, image, new LayerFilesystem(store, layers), List.of(), variables);
        if (config != null) {
            for (String entry : config.env()) {
                int eq = entry.indexOf('=');
                variables.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
            state.variables.putAll(variables);
            state.workdir = config.workingDir();
            state.user = config.user();
            state.shell = config.shell();
            state.entrypoint = config.entrypoint();
            state.cmd = config.cmd();
        } else {
            state.workdir = "";
            state.user = "";
            state.shell = List.of();
            state.entrypoint = List.of();
            state.cmd = List.of();
        }
        if (!state.variables.containsKey("PATH") && !platform.os().equals("windows")) {
            state.variables.put("PATH", DEFAULT_PATH);
            state.changes.add(b -> b.env("PATH", DEFAULT_PATH));
        }
        return state;
    }

    /** A stage starting where {@code base}, an earlier stage, ended; its {@code ONBUILD}s are not inherited. */
    static StageState fromStage(Stage stage, StageState base) {
        StageState state = new StageState(stage, base.platform, base.root, base.filesystem.copy(), base.changes,
                base.variables);
        state.workdir = base.workdir;
        state.user = base.user;
        state.shell = base.shell;
        state.entrypoint = base.entrypoint;
        state.cmd = base.cmd;
        state.entrypointChanged = base.entrypointChanged;
        state.cmdChanged = base.cmdChanged;
        return state;
    }

    /** Puts a layer the stage made on top of its filesystem. */
    void addLayer(StoredLayer layer) {
        layers.add(layer);
        filesystem.add(layer);
    }

    LayerFilesystem filesystem() {
        return filesystem;
    }

    Optional<String> variable(String name) {
        return Optional.ofNullable(variables.get(name));
    }

    /** The working directory, {@code /} when none is set. */
    String workdirOrRoot() {
        return workdir == null || workdir.isEmpty() ? "/" : workdir;
    }

    /** A builder for the image this stage makes, every change replayed. */
    ImageBuilder builder() {
        ImageBuilder builder = root.map(ImageBuilder::from).orElseGet(() -> ImageBuilder.fromScratch().platform(platform));
        changes.forEach(change -> change.accept(builder));
        if (entrypointChanged) {
            builder.entrypoint(entrypoint);
        }
        if (cmdChanged && cmd != null) {
            builder.cmd(cmd);
        }
        builder.onBuild(onBuild);
        return builder;
    }
}
