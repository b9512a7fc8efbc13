package dev.stowage.core.build.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A Dockerfile as the builder runs it: the {@code ARG}s before the first {@code FROM} (usable in
 * {@code FROM} lines) and the stages.
 */
record DockerfileStages(String file, char escape, List<Command.Arg> metaArgs, List<Stage> stages,
        List<String> warnings) {
    DockerfileStages {
        metaArgs = List.copyOf(metaArgs);
        stages = List.copyOf(stages);
        warnings = List.copyOf(warnings);
    }

    /**
     * Parses and checks every instruction; a later stage's error is reported even when the
     * target does not need that stage, as docker does.
     *
     * @throws InvalidDockerfileException for a syntax or meaning error, or an instruction before the first FROM
     */
    static DockerfileStages parse(String file, String text) {
        DockerfileParser.ParsedDockerfile parsed = DockerfileParser.parse(file, text);
        CommandParser commands = new CommandParser(file);
        List<Command.Arg> meta = new ArrayList<>();
        List<Stage> stages = new ArrayList<>();
        Command.From from = null;
        List<Command> current = new ArrayList<>();
        for (Instruction instruction : parsed.instructions()) {
            Command command = commands.parse(instruction);
            if (command instanceof Command.From f) {
                if (from != null) {
                    stages.add(new Stage(stages.size(), from, current));
                }
                from = f;
                current = new ArrayList<>();
                continue;
            }
            if (from == null) {
                if (command instanceof Command.Arg arg) {
                    meta.add(arg);
                    continue;
                }
                throw new InvalidDockerfileException(file, instruction.startLine(), instruction.original().strip(),
                        "no build stage in current context: a Dockerfile must start with FROM (only ARG and comments "
                                + "may come before it)");
            }
            current.add(command);
        }
        if (from == null) {
            throw new InvalidDockerfileException(file, 0, "", "the Dockerfile has no FROM instruction");
        }
        stages.add(new Stage(stages.size(), from, current));
        checkNames(file, stages);
        return new DockerfileStages(file, parsed.escape(), meta, stages, parsed.warnings());
    }

    private static void checkNames(String file, List<Stage> stages) {
        List<String> seen = new ArrayList<>();
        for (Stage stage : stages) {
            Optional<String> name = stage.from().name();
            if (name.isPresent()) {
                if (seen.contains(name.get())) {
                    Instruction in = stage.from().source();
                    throw new InvalidDockerfileException(file, in.startLine(), in.original().strip(),
                            "duplicate stage name \"" + name.get() + "\"");
                }
                seen.add(name.get());
            }
        }
    }

    /** The stage {@code --target} names (case-insensitive), or the last one. */
    Stage target(Optional<String> name) {
        if (name.isEmpty()) {
            return stages.get(stages.size() - 1);
        }
        String wanted = name.get().toLowerCase(Locale.ROOT);
        return stages.stream().filter(s -> s.from().name().filter(wanted::equals).isPresent()).findFirst()
                .orElseThrow(() -> new InvalidDockerfileException(file, 0, "", "target stage \"" + name.get()
                        + "\" could not be found; the stages are: " + stages.stream().map(Stage::label)
                        .collect(Collectors.joining(", "))));
    }

    /** The stage named (case-insensitive) {@code name} among those before {@code before}, if any. */
    Optional<Stage> named(String name, int before) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return stages.stream().limit(before).filter(s -> s.from().name().filter(wanted::equals).isPresent())
                .findFirst();
    }
}
