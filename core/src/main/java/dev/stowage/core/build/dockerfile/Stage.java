package dev.stowage.core.build.dockerfile;

import java.util.List;

/** A build stage: a {@code FROM} and the instructions up to the next one. */
record Stage(int index, Command.From from, List<Command> commands) {
    Stage {
        commands = List.copyOf(commands);
    }

    /** How messages and {@code COPY --from} name it: its name, else its index. */
    String label() {
        return from.name().orElse(String.valueOf(index));
    }
}
