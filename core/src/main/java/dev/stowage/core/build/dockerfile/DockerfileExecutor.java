package dev.stowage.core.build.dockerfile;

import dev.stowage.core.ImageNotFoundException;
import dev.stowage.core.build.BaseImage;
import dev.stowage.core.build.BuildTimestamp;
import dev.stowage.core.build.BuiltImage;
import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.build.StoredLayer;
import dev.stowage.core.model.Healthcheck;
import dev.stowage.core.model.InvalidPlatformException;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.reference.InvalidReferenceException;
import dev.stowage.core.spi.ImageStore;
import dev.stowage.core.spi.Lease;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs one {@link DockerfileBuild}: reads the Dockerfile, works out which stages the target
 * needs and what they start from, refuses what cannot be built before any work, makes the base
 * images available, then runs each needed stage's instructions in order and writes the target
 * stage's image. Every layer is written (or taken from the cache) under one lease, so a
 * collection running meanwhile cannot remove it before the image is tagged.
 */
final class DockerfileExecutor {
    /** The args docker defines without an ARG (proxies, for RUN); never reported as unused. */
    private static final Set<String> PREDEFINED_ARGS = Set.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy",
            "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");
    /** Dockerfiles are text; a larger file is not one. */
    private static final int MAX_DOCKERFILE_BYTES = 8 * 1024 * 1024;
    /** What BuildKit writes as the comment of every history entry, so tools read the history as docker's. */
    static final String HISTORY_COMMENT = "buildkit.dockerfile.v0";

    private final DockerfileBuild options;
    private final ImageStore store;
    private final BuildProgress progress;
    private final List<String> warnings = new ArrayList<>();
    private String file;
    private DockerfileStages dockerfile;
    private ShellLex lex;
    private Map<String, String> globals;
    private final Set<String> consumedArgs = new TreeSet<>();
    private final Map<Integer, StageState> states = new HashMap<>();
    private final Map<Integer, Base> bases = new HashMap<>();
    private final Map<String, BaseImage> images = new HashMap<>();
    private int step;
    private int totalSteps;
    private int layersWritten;
    private int layersCached;

    DockerfileExecutor(DockerfileBuild options, ImageStore store) {
        this.options = options;
        this.store = store;
        this.progress = options.progress();
    }

    /** What a stage starts from. */
    private sealed interface Base {
    }

    private record FromStage(int index) implements Base {
    }

    private record FromScratch(Platform platform) implements Base {
    }

    private record FromImage(ImageReference reference, Platform platform) implements Base {
    }

    DockerfileBuildResult run() {
        Path context = contextRoot();
        String text = readDockerfile(context);
        dockerfile = DockerfileStages.parse(file, text);
        dockerfile.warnings().forEach(this::warn);
        lex = new ShellLex(dockerfile.escape());
        Instant timestamp = timestamp();
        Platform target = options.platform().orElseGet(Platform::hostLinux);
        globals = globalArgs(target);
        Stage targetStage = dockerfile.target(options.target());
        for (Stage stage : dockerfile.stages()) {
            bases.put(stage.index(), base(stage, target));
        }
        List<Stage> needed = needed(targetStage);
        refuseRun(needed);
        Map<Integer, List<Command>> triggers = provideImages(needed);
        totalSteps = needed.stream().mapToInt(s -> 1 + s.commands().size() + triggers.get(s.index()).size()).sum();
        BuildContext buildContext;
        try {
            buildContext = new BuildContext(context, BuildContext.ignoreFor(context, dockerfilePath(context)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the .dockerignore of " + context + ": " + e.getMessage(), e);
        }
        Path scratch = scratchDirectory();
        try (Lease lease = store.lease(); Spool spool = new Spool(scratch)) {
            BuildCache cache = new BuildCache(store, lease, !options.noCacheSet());
            CopyStep copies = new CopyStep(store, cache, buildContext, spool, scratch, options, timestamp, this,
                    this::stageFilesystem, this::imageFilesystem);
            for (Stage stage : needed) {
                states.put(stage.index(), runStage(stage, triggers.get(stage.index()), copies));
            }
            warnUnusedArgs();
            return finish(states.get(targetStage.index()), timestamp);
        } finally {
            deleteQuietly(scratch);
        }
    }

    private Path contextRoot() {
        try {
            Path root = options.contextDir().toRealPath();
            if (!Files.isDirectory(root)) {
                throw new InvalidDockerfileException(options.contextDir().toString(), 0, "",
                        "the build context must be a directory");
            }
            return root;
        } catch (NoSuchFileException e) {
            throw new InvalidDockerfileException(options.contextDir().toString(), 0, "",
                    "the build context directory does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the build context " + options.contextDir() + ": "
                    + e.getMessage(), e);
        }
    }

    private Optional<Path> dockerfilePath(Path context) {
        if (options.dockerfileContent().isPresent()) {
            return Optional.empty();
        }
        return Optional.of(options.dockerfile().map(p -> p.isAbsolute() ? p : context.resolve(p))
                .orElse(context.resolve("Dockerfile")));
    }

    private String readDockerfile(Path context) {
        if (options.dockerfileContent().isPresent()) {
            file = "Dockerfile";
            return options.dockerfileContent().get();
        }
        Path path = dockerfilePath(context).orElseThrow();
        file = path.startsWith(context) ? context.relativize(path).toString() : path.toString();
        try {
            if (Files.size(path) > MAX_DOCKERFILE_BYTES) {
                throw new InvalidDockerfileException(file, 0, "", "the file is over " + MAX_DOCKERFILE_BYTES
                        + " bytes; a Dockerfile is a text file of instructions");
            }
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidDockerfileException(file, 0, "", "no such file (give another with -f / dockerfile(…))");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new InvalidDockerfileException(file, 0, "", "the file is not UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private Instant timestamp() {
        String fromArgs = options.buildArgs().get(BuildTimestamp.SOURCE_DATE_EPOCH);
        Map<String, String> source = fromArgs != null ? Map.of(BuildTimestamp.SOURCE_DATE_EPOCH, fromArgs)
                : options.environment();
        return BuildTimestamp.from(source);
    }

    /** The automatic platform args and the ARGs before the first FROM, with the build's values. */
    private Map<String, String> globalArgs(Platform target) {
        Map<String, String> args = new LinkedHashMap<>();
        Platform build = Platform.hostLinux();
        args.put("BUILDPLATFORM", platformString(build));
        args.put("BUILDOS", build.os());
        args.put("BUILDARCH", build.architecture());
        args.put("BUILDVARIANT", build.variant().orElse(""));
        args.put("TARGETPLATFORM", platformString(target));
        args.put("TARGETOS", target.os());
        args.put("TARGETARCH", target.architecture());
        args.put("TARGETVARIANT", target.variant().orElse(""));
        for (Command.Arg arg : dockerfile.metaArgs()) {
            Map<String, String> before = new LinkedHashMap<>(args);
            for (Command.ArgDefinition def : arg.args()) {
                consumedArgs.add(def.name());
                String given = options.buildArgs().get(def.name());
                if (given != null) {
                    args.put(def.name(), given);
                } else if (def.defaultValue().isPresent()) {
                    args.put(def.name(), expand(def.defaultValue().get(), before, arg.source()));
                }
            }
        }
        return args;
    }

    private static String platformString(Platform p) {
        return p.os() + "/" + p.architecture() + p.variant().map(v -> "/" + v).orElse("");
    }

    private Base base(Stage stage, Platform target) {
        Command.From from = stage.from();
        String name = expand(from.base(), globals, from.source());
        Platform platform = target;
        if (from.platform().isPresent()) {
            String spec = expand(from.platform().get(), globals, from.source());
            try {
                platform = Platform.parse(spec);
            } catch (InvalidPlatformException e) {
                throw invalid(from.source(), "invalid --platform \"" + spec + "\": " + e.getMessage());
            }
        }
        Optional<Stage> earlier = dockerfile.named(name, stage.index());
        if (earlier.isPresent()) {
            return new FromStage(earlier.get().index());
        }
        if (name.equals("scratch")) {
            return new FromScratch(platform);
        }
        if (name.isEmpty()) {
            throw invalid(from.source(), "base name (" + from.base() + ") should not be blank");
        }
        try {
            return new FromImage(ImageReference.parse(name).withDefaultTag(), platform);
        } catch (InvalidReferenceException e) {
            throw invalid(from.source(), "invalid base image name \"" + name + "\": " + e.getMessage());
        }
    }

    /** The stages the target needs (its {@code FROM} chain and {@code COPY --from} sources), in file order. */
    private List<Stage> needed(Stage target) {
        Set<Integer> seen = new TreeSet<>();
        List<Integer> pending = new ArrayList<>(List.of(target.index()));
        while (!pending.isEmpty()) {
            int index = pending.remove(pending.size() - 1);
            if (!seen.add(index)) {
                continue;
            }
            Stage stage = dockerfile.stages().get(index);
            if (bases.get(index) instanceof FromStage s) {
                pending.add(s.index());
            }
            for (Command c : stage.commands()) {
                if (c instanceof Command.Copy copy && copy.from().isPresent()) {
                    copySource(stage, copy).ifPresent(pending::add);
                }
            }
        }
        return seen.stream().map(dockerfile.stages()::get).toList();
    }

    /** The stage a {@code COPY --from} names, or empty when it names an image. */
    private Optional<Integer> copySource(Stage stage, Command.Copy copy) {
        String from = copy.from().orElseThrow();
        if (from.contains("$")) {
            throw invalid(copy.source(), "variable expansion is not supported for --from; define a stage with FROM "
                    + "using an ARG from the global scope instead");
        }
        Optional<Stage> named = from.chars().allMatch(Character::isDigit) && !from.isEmpty()
                ? Optional.of(Integer.parseInt(from)).filter(i -> i < dockerfile.stages().size())
                        .map(dockerfile.stages()::get)
                : dockerfile.named(from, dockerfile.stages().size());
        if (from.chars().allMatch(Character::isDigit) && !from.isEmpty() && named.isEmpty()) {
            throw invalid(copy.source(), "invalid stage index " + from + " (the Dockerfile has "
                    + dockerfile.stages().size() + " stages, from 0)");
        }
        if (named.isPresent()) {
            if (named.get().index() >= stage.index()) {
                throw invalid(copy.source(), "cannot copy from stage \"" + from + "\", it needs to be defined before "
                        + "current stage \"" + stage.label() + "\"");
            }
            return Optional.of(named.get().index());
        }
        return Optional.empty();
    }

    private void refuseRun(List<Stage> needed) {
        needed.stream().flatMap(s -> s.commands().stream()).filter(Command.Run.class::isInstance)
                .min(Comparator.comparingInt(c -> c.source().startLine()))
                .ifPresent(run -> {
                    throw invalid(run.source(), runRefusal());
                });
    }

    private static String runRefusal() {
        return "RUN needs a container runtime, which Stowage does not use: it builds images without running "
                + "anything, so it can build every instruction but RUN. Do this RUN's work before the build (in "
                + "your build tool) and COPY its result into the image, or build this Dockerfile with docker or podman";
    }

    /**
     * Makes every image the needed stages name available and reads it; returns each stage's
     * {@code ONBUILD} triggers inherited from its base image, parsed. Nothing is written yet.
     */
    private Map<Integer, List<Command>> provideImages(List<Stage> needed) {
        Map<Integer, List<Command>> triggers = new HashMap<>();
        for (Stage stage : needed) {
            List<Command> stageTriggers = new ArrayList<>();
            if (bases.get(stage.index()) instanceof FromImage image) {
                BaseImage base = image(image.reference(), image.platform(), stage.from().source());
                stageTriggers.addAll(parseTriggers(stage, base));
            }
            triggers.put(stage.index(), stageTriggers);
            for (Command c : stage.commands()) {
                if (c instanceof Command.Copy copy && copy.from().isPresent() && copySource(stage, copy).isEmpty()) {
                    Platform platform = platformOf(stage);
                    ImageReference ref;
                    try {
                        ref = ImageReference.parse(copy.from().get()).withDefaultTag();
                    } catch (InvalidReferenceException e) {
                        throw invalid(copy.source(), "--from=" + copy.from().get() + " names neither an earlier stage nor "
                                + "an image: " + e.getMessage());
                    }
                    image(ref, platform, copy.source());
                }
            }
        }
        return triggers;
    }

    private Platform platformOf(Stage stage) {
        Base base = bases.get(stage.index());
        if (base instanceof FromStage s) {
            return platformOf(dockerfile.stages().get(s.index()));
        }
        return base instanceof FromImage i ? i.platform() : ((FromScratch) base).platform();
    }

    private BaseImage image(ImageReference ref, Platform platform, Instruction at) {
        String key = ref + " " + platform;
        BaseImage known = images.get(key);
        if (known != null) {
            return known;
        }
        options.baseImages().provide(ref, platform);
        BaseImage image;
        try {
            image = BaseImage.load(store, ref, platform);
        } catch (ImageNotFoundException e) {
            throw new ImageNotFoundException(ref.familiar() + " for " + platform + ", named on " + file + ":"
                    + at.startLine() + ", is not in the store; pull it first (stowage pull --platform " + platform
                    + " " + ref.familiar() + "), or build through ImageManager.build, which pulls it");
        }
        images.put(key, image);
        return image;
    }

    private List<Command> parseTriggers(Stage stage, BaseImage base) {
        List<Command> triggers = new ArrayList<>();
        CommandParser parser = new CommandParser(file);
        for (String trigger : base.config().config().onBuild()) {
            DockerfileParser.ParsedDockerfile parsed;
            try {
                parsed = DockerfileParser.parse("ONBUILD of " + base.reference().familiar(), trigger);
            } catch (InvalidDockerfileException e) {
                throw invalid(stage.from().source(), "the base image's ONBUILD trigger \"" + trigger + "\" cannot be "
                        + "read: " + e.problem());
            }
            for (Instruction in : parsed.instructions()) {
                Instruction located = in.at(stage.from().source().startLine(), stage.from().source().endLine());
                Command command;
                try {
                    command = parser.parse(located);
                } catch (InvalidDockerfileException e) {
                    throw invalid(stage.from().source(), "the base image's ONBUILD trigger \"" + trigger + "\": "
                            + e.problem());
                }
                if (command instanceof Command.Run) {
                    throw invalid(stage.from().source(), "the base image " + base.reference().familiar()
                            + " has the ONBUILD trigger \"" + trigger + "\", and " + runRefusal());
                }
                if (command instanceof Command.From || command instanceof Command.OnBuild) {
                    throw invalid(stage.from().source(), "the base image's ONBUILD trigger \"" + trigger
                            + "\" is not allowed");
                }
                triggers.add(command);
            }
        }
        return triggers;
    }

    private StageState runStage(Stage stage, List<Command> triggers, CopyStep copies) {
        report(stage, stage.from().source());
        Base base = bases.get(stage.index());
        StageState state;
        if (base instanceof FromStage s) {
            state = StageState.fromStage(stage, states.get(s.index()));
        } else if (base instanceof FromImage i) {
            state = StageState.fromImage(stage, i.platform(), Optional.of(images.get(i.reference() + " " + i.platform())),
                    store);
        } else {
            state = StageState.fromImage(stage, ((FromScratch) base).platform(), Optional.empty(), store);
        }
        for (Command trigger : triggers) {
            runCommand(state, trigger, copies);
        }
        for (Command command : stage.commands()) {
            runCommand(state, command, copies);
        }
        return state;
    }

    private void runCommand(StageState state, Command command, CopyStep copies) {
        BuildStep current = report(state.stage, command.source());
        if (command instanceof Command.Env env) {
            List<String[]> pairs = new ArrayList<>();
            for (Command.KeyValue kv : env.pairs()) {
                pairs.add(new String[] {expand(kv.key(), state, env.source()), expand(kv.value(), state, env.source())});
            }
            StringBuilder history = new StringBuilder("ENV");
            for (String[] kv : pairs) {
                if (kv[0].isEmpty()) {
                    throw invalid(env.source(), "ENV names can not be blank");
                }
                state.variables.put(kv[0], kv[1]);
                history.append(' ').append(kv[0]).append('=').append(kv[1]);
                state.changes.add(b -> b.env(kv[0], kv[1]));
            }
            history(state, history.toString());
        } else if (command instanceof Command.Label label) {
            StringBuilder history = new StringBuilder("LABEL");
            for (Command.KeyValue kv : label.pairs()) {
                String key = expand(kv.key(), state, label.source());
                String value = expand(kv.value(), state, label.source());
                state.changes.add(b -> b.label(key, value));
                history.append(' ').append(key).append('=').append(value);
            }
            history(state, history.toString());
        } else if (command instanceof Command.Arg arg) {
            runArg(state, arg);
        } else if (command instanceof Command.Expose expose) {
            List<String> ports = new ArrayList<>();
            for (String spec : expose.ports()) {
                for (String word : words(spec, state, expose.source())) {
                    try {
                        ports.addAll(PortSpec.parse(word));
                    } catch (IllegalArgumentException e) {
                        throw invalid(expose.source(), e.getMessage());
                    }
                }
            }
            ports.forEach(p -> state.changes.add(b -> b.exposedPort(p)));
            history(state, "EXPOSE " + GoFormat.list(ports));
        } else if (command instanceof Command.Volume volume) {
            List<String> paths = new ArrayList<>();
            for (String p : volume.paths()) {
                String path = expand(p, state, volume.source());
                if (path.isEmpty()) {
                    throw invalid(volume.source(), "VOLUME specified can not be an empty string");
                }
                paths.add(path);
                state.changes.add(b -> b.volume(path));
            }
            history(state, "VOLUME " + GoFormat.list(paths));
        } else if (command instanceof Command.User user) {
            String name = expand(user.user(), state, user.source());
            state.user = name;
            state.changes.add(b -> b.user(name));
            history(state, "USER " + name);
        } else if (command instanceof Command.Workdir workdir) {
            String path = expand(workdir.path(), state, workdir.source());
            String absolute = GoPath.clean(path.startsWith("/") ? path : state.workdirOrRoot() + "/" + path);
            state.workdir = absolute;
            state.changes.add(b -> b.workingDir(absolute));
            Optional<StoredLayer> layer = absolute.equals("/") ? Optional.empty()
                    : copies.workdir(state, absolute, workdir.source(), current, this::cachedOrWritten);
            if (layer.isPresent()) {
                StoredLayer l = layer.get();
                state.addLayer(l);
                state.changes.add(b -> b.layer(l, "WORKDIR " + absolute, HISTORY_COMMENT));
            } else {
                history(state, "WORKDIR " + absolute);
            }
        } else if (command instanceof Command.Exec exec) {
            List<String> args = exec.args();
            if (exec.shellForm()) {
                List<String> shell = new ArrayList<>(state.shell.isEmpty() ? List.of("/bin/sh", "-c") : state.shell);
                shell.add(String.join(" ", args));
                args = List.copyOf(shell);
            }
            if (exec.entrypoint()) {
                state.entrypoint = args;
                state.entrypointChanged = true;
                if (!state.cmdSetHere) {
                    state.cmd = null;
                    state.cmdChanged = true;
                }
                history(state, "ENTRYPOINT " + GoFormat.quotedList(args));
            } else {
                state.cmd = args;
                state.cmdChanged = true;
                state.cmdSetHere = true;
                history(state, "CMD " + GoFormat.quotedList(args));
            }
        } else if (command instanceof Command.Shell shell) {
            state.shell = shell.shell();
            state.changes.add(b -> b.shell(shell.shell()));
            history(state, "SHELL " + GoFormat.list(shell.shell()));
        } else if (command instanceof Command.StopSignal stop) {
            String signal = expand(stop.signal(), state, stop.source());
            if (!Signals.isValid(signal)) {
                throw invalid(stop.source(), "invalid signal: " + signal);
            }
            state.changes.add(b -> b.stopSignal(signal));
            history(state, "STOPSIGNAL " + signal);
        } else if (command instanceof Command.Healthcheck check) {
            Healthcheck healthcheck = new Healthcheck(check.test(), check.interval(), check.timeout(),
                    check.startPeriod(), check.startInterval(), check.retries());
            state.changes.add(b -> b.healthcheck(healthcheck));
            history(state, "HEALTHCHECK " + GoFormat.healthcheck(healthcheck));
        } else if (command instanceof Command.OnBuild onBuild) {
            state.onBuild.add(onBuild.expression());
        } else if (command instanceof Command.Maintainer maintainer) {
            state.changes.add(b -> b.author(maintainer.name()));
            history(state, "MAINTAINER " + maintainer.name());
        } else if (command instanceof Command.Copy copy) {
            CopyStep.Result result = copies.copy(state, copy, current, this::cachedOrWritten);
            state.addLayer(result.layer());
            state.changes.add(b -> b.layer(result.layer(), result.createdBy(), HISTORY_COMMENT));
        } else if (command instanceof Command.Run run) {
            throw invalid(run.source(), runRefusal());
        } else if (command instanceof Command.From from) {
            throw invalid(from.source(), "FROM is not allowed here");
        }
    }

    /** Counts a layer step and reports a cache hit. */
    private void cachedOrWritten(BuildStep at, boolean cached) {
        if (cached) {
            layersCached++;
            progress.cached(at);
        } else {
            layersWritten++;
        }
    }

    private void runArg(StageState state, Command.Arg arg) {
        StringBuilder history = new StringBuilder("ARG");
        for (Command.ArgDefinition def : arg.args()) {
            consumedArgs.add(def.name());
            String given = options.buildArgs().get(def.name());
            Optional<String> value;
            if (given != null) {
                value = Optional.of(given);
            } else if (def.defaultValue().isPresent()) {
                value = Optional.of(expand(def.defaultValue().get(), state, arg.source()));
            } else {
                value = Optional.ofNullable(globals.get(def.name()));
            }
            value.ifPresent(v -> state.variables.put(def.name(), v));
            history.append(' ').append(def.name()).append(value.map(v -> "=" + v).orElse(""));
        }
        history(state, history.toString());
    }

    private void history(StageState state, String createdBy) {
        state.changes.add(b -> b.history(createdBy, HISTORY_COMMENT));
    }

    private BuildStep report(Stage stage, Instruction instruction) {
        BuildStep s = new BuildStep(++step, totalSteps, stage.label(), instruction.original().strip(),
                instruction.startLine());
        progress.step(s);
        return s;
    }

    private DockerfileBuildResult finish(StageState target, Instant timestamp) {
        ImageBuilder builder = target.builder()
                .format(options.format())
                .compression(options.compression())
                .environment(timestamp.equals(Instant.EPOCH) ? Map.of()
                        : Map.of(BuildTimestamp.SOURCE_DATE_EPOCH, Long.toString(timestamp.getEpochSecond())));
        options.labels().forEach(builder::label);
        List<ImageReference> tags = options.tags();
        BuiltImage image;
        if (tags.isEmpty()) {
            image = builder.build(store);
        } else {
            image = builder.build(store, tags.get(0));
            for (ImageReference tag : tags.subList(1, tags.size())) {
                store.tag(image.manifestDigest(), tag);
            }
        }
        return new DockerfileBuildResult(image, tags, layersWritten, layersCached, warnings);
    }

    private void warnUnusedArgs() {
        Set<String> unused = new LinkedHashSet<>(options.buildArgs().keySet());
        unused.removeAll(consumedArgs);
        unused.remove(BuildTimestamp.SOURCE_DATE_EPOCH);
        unused.removeAll(PREDEFINED_ARGS); // docker never warns about the proxy args RUN would see unasked
        if (!unused.isEmpty()) {
            warn("one or more build args were not consumed: " + unused.stream().collect(Collectors.joining(", ", "[", "]")));
        }
    }

    private void warn(String message) {
        warnings.add(message);
        progress.warning(message);
    }

    /** The filesystem a stage ended with, for {@code COPY --from=stage}. */
    private LayerFilesystem stageFilesystem(int index) {
        return states.get(index).filesystem();
    }

    /** The filesystem of an image a {@code COPY --from} names, read before the build started. */
    private LayerFilesystem imageFilesystem(ImageReference ref, Platform platform) {
        BaseImage image = images.get(ref + " " + platform);
        if (image == null) {
            throw new IllegalStateException("image " + ref + " was not provided before the build");
        }
        return new LayerFilesystem(store, image.layers());
    }

    /** Stage index a COPY --from names, or empty for an image; for {@link CopyStep}. */
    Optional<Integer> copySourceOf(StageState state, Command.Copy copy) {
        return copySource(state.stage, copy);
    }

    String expand(String word, StageState state, Instruction at) {
        return expand(word, state.variables, at);
    }

    private String expand(String word, Map<String, String> variables, Instruction at) {
        try {
            return lex.processWord(word, name -> Optional.ofNullable(variables.get(name)));
        } catch (ShellLex.SubstitutionException e) {
            throw invalid(at, e.getMessage());
        }
    }

    private List<String> words(String word, StageState state, Instruction at) {
        try {
            return lex.processWords(word, state::variable);
        } catch (ShellLex.SubstitutionException e) {
            throw invalid(at, e.getMessage());
        }
    }

    InvalidDockerfileException invalid(Instruction at, String problem) {
        return new InvalidDockerfileException(file, at.startLine(), at.original().strip(), problem);
    }

    private static Path scratchDirectory() {
        try {
            return Files.createTempDirectory("stowage-build");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch directory: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a scratch file left in the temporary directory costs space, not correctness
                }
            });
        } catch (IOException ignored) {
            // as above
        }
    }

}
