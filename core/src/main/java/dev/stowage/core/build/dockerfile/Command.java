package dev.stowage.core.build.dockerfile;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An instruction with its meaning checked: flags known and parsed, arguments counted. Words are
 * still as written; variables are expanded when the build reaches the instruction, since their
 * values depend on what came before.
 */
sealed interface Command {
    /** The instruction this command was read from: its text and lines, for messages. */
    Instruction source();

    /** {@code FROM [--platform=P] BASE [AS NAME]}. */
    record From(Instruction source, String base, Optional<String> name, Optional<String> platform) implements Command {
    }

    /**
     * {@code COPY} and {@code ADD}.
     *
     * @param sources the source paths (or URLs, for ADD) as written
     * @param documents here-document sources ({@code COPY <<EOF /dest}), each becoming a file named after its word
     * @param from {@code --from}: a stage name or index, or an image
     * @param unpack {@code ADD --unpack}: whether archives are extracted (default: local ones are, downloads are not)
     */
    record Copy(Instruction source, boolean add, List<String> sources, List<Heredoc> documents, String dest,
            Optional<String> from, Optional<String> chown, Optional<String> chmod, boolean link, boolean parents,
            List<String> excludes, Optional<String> checksum, Optional<Boolean> unpack) implements Command {
        public Copy {
            sources = List.copyOf(sources);
            documents = List.copyOf(documents);
            excludes = List.copyOf(excludes);
        }

        String keyword() {
            return add ? "ADD" : "COPY";
        }
    }

    /** A key and value of {@code ENV} or {@code LABEL}, as written (quotes and variables unprocessed). */
    record KeyValue(String key, String value) {
        public KeyValue {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code ENV K=V …}. */
    record Env(Instruction source, List<KeyValue> pairs) implements Command {
        public Env {
            pairs = List.copyOf(pairs);
        }
    }

    /** {@code LABEL K=V …}. */
    record Label(Instruction source, List<KeyValue> pairs) implements Command {
        public Label {
            pairs = List.copyOf(pairs);
        }
    }

    /** One name of an {@code ARG}, with its default when one is given. */
    record ArgDefinition(String name, Optional<String> defaultValue) {
    }

    /** {@code ARG NAME[=default] …}. */
    record Arg(Instruction source, List<ArgDefinition> args) implements Command {
        public Arg {
            args = List.copyOf(args);
        }
    }

    /** {@code EXPOSE port[/proto] …}. */
    record Expose(Instruction source, List<String> ports) implements Command {
        public Expose {
            ports = List.copyOf(ports);
        }
    }

    /** {@code VOLUME path …} or its JSON form. */
    record Volume(Instruction source, List<String> paths) implements Command {
        public Volume {
            paths = List.copyOf(paths);
        }
    }

    /** {@code USER name[:group]}. */
    record User(Instruction source, String user) implements Command {
    }

    /** {@code WORKDIR path}. */
    record Workdir(Instruction source, String path) implements Command {
    }

    /**
     * {@code CMD} or {@code ENTRYPOINT}.
     *
     * @param args the JSON array's strings, or the shell form's single string
     * @param shellForm whether the shell form was used: the words run through {@code SHELL}
     */
    record Exec(Instruction source, boolean entrypoint, List<String> args, boolean shellForm) implements Command {
        public Exec {
            args = List.copyOf(args);
        }
    }

    /** {@code SHELL ["executable", "parameters"]}. */
    record Shell(Instruction source, List<String> shell) implements Command {
        public Shell {
            shell = List.copyOf(shell);
        }
    }

    /** {@code STOPSIGNAL signal}. */
    record StopSignal(Instruction source, String signal) implements Command {
    }

    /**
     * {@code HEALTHCHECK}: the test ({@code ["NONE"]}, {@code ["CMD", …]} or
     * {@code ["CMD-SHELL", "…"]}) and its timings; zero means "the runtime's default".
     */
    record Healthcheck(Instruction source, List<String> test, Duration interval, Duration timeout,
            Duration startPeriod, Duration startInterval, int retries) implements Command {
        public Healthcheck {
            test = List.copyOf(test);
        }
    }

    /** {@code ONBUILD INSTRUCTION}: recorded in the image for builds that start from it. */
    record OnBuild(Instruction source, String expression) implements Command {
    }

    /** {@code MAINTAINER name}: the image's author (deprecated in favour of a label). */
    record Maintainer(Instruction source, String name) implements Command {
    }

    /** {@code RUN}: needs a container runtime; a build holding one is refused before any work. */
    record Run(Instruction source) implements Command {
    }
}
