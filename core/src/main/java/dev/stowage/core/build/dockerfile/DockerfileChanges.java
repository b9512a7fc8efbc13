package dev.stowage.core.build.dockerfile;

import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.model.Healthcheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Dockerfile instructions applied to an image's config, as {@code docker import --change} and
 * {@code docker commit --change} apply them: {@code CMD}, {@code ENTRYPOINT}, {@code ENV},
 * {@code EXPOSE}, {@code LABEL}, {@code ONBUILD}, {@code USER}, {@code VOLUME},
 * {@code WORKDIR}, {@code STOPSIGNAL}, {@code HEALTHCHECK} and {@code SHELL}. They change the
 * config only (no layer, no history entry); {@code $VAR} sees the variables earlier changes set.
 *
 * <pre>{@code
 * ImageBuilder image = ImageBuilder.fromScratch().addLayerFromTar(rootfs, "", "Imported from rootfs.tar");
 * DockerfileChanges.apply(List.of("ENV PATH=/usr/bin", "CMD [\"/bin/sh\"]"), image);
 * }</pre>
 */
public final class DockerfileChanges {
    private static final Set<String> ALLOWED = Set.of("CMD", "ENTRYPOINT", "ENV", "EXPOSE", "LABEL", "ONBUILD", "USER",
            "VOLUME", "WORKDIR", "STOPSIGNAL", "HEALTHCHECK", "SHELL");
    private static final String FILE = "--change";

    private DockerfileChanges() {
    }

    /**
     * @throws InvalidDockerfileException for a change that does not parse or is not one of the
     *     instructions above (naming it)
     */
    public static void apply(List<String> changes, ImageBuilder image) {
        Objects.requireNonNull(image, "image");
        Map<String, String> variables = new LinkedHashMap<>();
        List<String> shell = List.of("/bin/sh", "-c");
        List<String> onBuild = new ArrayList<>();
        String workdir = "/";
        CommandParser parser = new CommandParser(FILE);
        for (String change : changes) {
            DockerfileParser.ParsedDockerfile parsed = DockerfileParser.parse(FILE, change);
            ShellLex lex = new ShellLex(parsed.escape());
            for (Instruction in : parsed.instructions()) {
                if (!ALLOWED.contains(in.name())) {
                    throw new InvalidDockerfileException(FILE, 0, change.strip(), in.name() + " is not a change an "
                            + "import can make; use one of " + String.join(", ", ALLOWED.stream().sorted().toList()));
                }
                Command command = parser.parse(in);
                Expander expand = word -> {
                    try {
                        return lex.processWord(word, name -> Optional.ofNullable(variables.get(name)));
                    } catch (ShellLex.SubstitutionException e) {
                        throw new InvalidDockerfileException(FILE, 0, change.strip(), e.getMessage());
                    }
                };
                if (command instanceof Command.Env env) {
                    Map<String, String> set = new LinkedHashMap<>();
                    env.pairs().forEach(kv -> set.put(expand.word(kv.key()), expand.word(kv.value())));
                    set.forEach((k, v) -> {
                        variables.put(k, v);
                        image.env(k, v);
                    });
                } else if (command instanceof Command.Label label) {
                    label.pairs().forEach(kv -> image.label(expand.word(kv.key()), expand.word(kv.value())));
                } else if (command instanceof Command.Exec exec) {
                    List<String> args = exec.args();
                    if (exec.shellForm()) {
                        args = new ArrayList<>(shell);
                        args.add(String.join(" ", exec.args()));
                    }
                    if (exec.entrypoint()) {
                        image.entrypoint(args);
                    } else {
                        image.cmd(args);
                    }
                } else if (command instanceof Command.Expose expose) {
                    for (String spec : expose.ports()) {
                        try {
                            PortSpec.parse(expand.word(spec)).forEach(image::exposedPort);
                        } catch (IllegalArgumentException e) {
                            throw new InvalidDockerfileException(FILE, 0, change.strip(), e.getMessage());
                        }
                    }
                } else if (command instanceof Command.Volume volume) {
                    volume.paths().forEach(p -> image.volume(expand.word(p)));
                } else if (command instanceof Command.User user) {
                    image.user(expand.word(user.user()));
                } else if (command instanceof Command.Workdir dir) {
                    String path = expand.word(dir.path());
                    workdir = GoPath.clean(path.startsWith("/") ? path : workdir + "/" + path);
                    image.workingDir(workdir);
                } else if (command instanceof Command.StopSignal stop) {
                    String signal = expand.word(stop.signal());
                    if (!Signals.isValid(signal)) {
                        throw new InvalidDockerfileException(FILE, 0, change.strip(), "invalid signal: " + signal);
                    }
                    image.stopSignal(signal);
                } else if (command instanceof Command.Healthcheck h) {
                    image.healthcheck(new Healthcheck(h.test(), h.interval(), h.timeout(), h.startPeriod(),
                            h.startInterval(), h.retries()));
                } else if (command instanceof Command.Shell s) {
                    shell = s.shell();
                    image.shell(s.shell());
                } else if (command instanceof Command.OnBuild o) {
                    onBuild.add(o.expression());
                    image.onBuild(onBuild);
                }
            }
        }
    }

    /** Expands one word; fails with the change named. */
    @FunctionalInterface
    private interface Expander {
        String word(String word);
    }
}
