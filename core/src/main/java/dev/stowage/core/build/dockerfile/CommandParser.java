package dev.stowage.core.build.dockerfile;

import dev.stowage.core.build.dockerfile.Command.ArgDefinition;
import dev.stowage.core.build.dockerfile.Command.KeyValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Gives each {@link Instruction} its meaning as the Dockerfile reference defines it: which
 * {@code --flags} it takes, how many arguments, and what they are. Errors carry the message
 * BuildKit gives for the same mistake, located at the instruction.
 */
final class CommandParser {
    private static final List<String> INSTRUCTIONS = List.of("ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV",
            "EXPOSE", "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER",
            "VOLUME", "WORKDIR");
    private static final Pattern STAGE_NAME = Pattern.compile("^[a-z][a-z0-9-_.]*$");
    private static final Pattern ONBUILD_PREFIX = Pattern.compile("(?i)^\\s*ONBUILD\\s*");

    private final String file;

    CommandParser(String file) {
        this.file = file;
    }

    /** @throws InvalidDockerfileException naming the instruction's line when it is not valid */
    Command parse(Instruction instruction) {
        try {
            return command(instruction);
        } catch (Invalid e) {
            throw new InvalidDockerfileException(file, instruction.startLine(), instruction.original().strip(),
                    e.getMessage());
        }
    }

    private Command command(Instruction in) {
        List<String> args = in.args();
        return switch (in.name()) {
            case "FROM" -> {
                Flags flags = new Flags(in).string("platform").done();
                if (!(args.size() == 1 || args.size() == 3 && args.get(1).equalsIgnoreCase("as"))) {
                    throw new Invalid("FROM requires either one or three arguments (FROM IMAGE or FROM IMAGE AS NAME)");
                }
                Optional<String> name = Optional.empty();
                if (args.size() == 3) {
                    String stage = args.get(2).toLowerCase(Locale.ROOT);
                    if (!STAGE_NAME.matcher(stage).matches()) {
                        throw new Invalid("invalid name for build stage: \"" + args.get(2)
                                + "\", name can't start with a number or contain symbols");
                    }
                    name = Optional.of(stage);
                }
                yield new Command.From(in, args.get(0), name, flags.value("platform"));
            }
            case "COPY", "ADD" -> copy(in);
            case "ENV", "LABEL" -> {
                new Flags(in).done();
                if (args.isEmpty()) {
                    throw atLeastOne(in.name());
                }
                List<KeyValue> pairs = new ArrayList<>();
                for (int i = 0; i + 1 < args.size(); i += 3) {
                    if (args.get(i).isEmpty()) {
                        throw new Invalid(in.name() + " names can not be blank");
                    }
                    pairs.add(new KeyValue(args.get(i), args.get(i + 1)));
                }
                yield in.name().equals("ENV") ? new Command.Env(in, pairs) : new Command.Label(in, pairs);
            }
            case "ARG" -> {
                new Flags(in).done();
                if (args.isEmpty()) {
                    throw atLeastOne("ARG");
                }
                List<ArgDefinition> defs = new ArrayList<>();
                for (String arg : args) {
                    int eq = arg.indexOf('=');
                    if (eq == 0) {
                        throw new Invalid("ARG names can not be blank");
                    }
                    defs.add(eq < 0 ? new ArgDefinition(arg, Optional.empty())
                            : new ArgDefinition(arg.substring(0, eq), Optional.of(arg.substring(eq + 1))));
                }
                yield new Command.Arg(in, defs);
            }
            case "EXPOSE" -> {
                new Flags(in).done();
                if (args.isEmpty()) {
                    throw atLeastOne("EXPOSE");
                }
                yield new Command.Expose(in, args);
            }
            case "VOLUME" -> {
                new Flags(in).done();
                if (args.isEmpty()) {
                    throw atLeastOne("VOLUME");
                }
                List<String> paths = new ArrayList<>();
                for (String v : args) {
                    if (v.strip().isEmpty()) {
                        throw new Invalid("VOLUME specified can not be an empty string");
                    }
                    paths.add(v.strip());
                }
                yield new Command.Volume(in, paths);
            }
            case "USER" -> new Command.User(in, exactlyOne(in));
            case "WORKDIR" -> new Command.Workdir(in, exactlyOne(in));
            case "STOPSIGNAL" -> new Command.StopSignal(in, exactlyOne(in));
            case "MAINTAINER" -> new Command.Maintainer(in, exactlyOne(in));
            case "CMD", "ENTRYPOINT" -> {
                new Flags(in).done();
                yield new Command.Exec(in, in.name().equals("ENTRYPOINT"), commandLine(in), !in.json());
            }
            case "SHELL" -> {
                new Flags(in).done();
                List<String> shell = commandLine(in);
                if (shell.isEmpty()) {
                    throw atLeastOne("SHELL");
                }
                if (!in.json()) {
                    throw new Invalid("SHELL requires the arguments to be in JSON form, e.g. SHELL [\"/bin/bash\", \"-c\"]");
                }
                yield new Command.Shell(in, shell);
            }
            case "HEALTHCHECK" -> healthcheck(in);
            case "ONBUILD" -> {
                new Flags(in).done();
                Instruction trigger = in.child().orElseThrow(() -> atLeastOne("ONBUILD"));
                String name = trigger.name();
                if (name.equals("ONBUILD")) {
                    throw new Invalid("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
                }
                if (name.equals("MAINTAINER") || name.equals("FROM")) {
                    throw new Invalid(name + " isn't allowed as an ONBUILD trigger");
                }
                command(trigger); // the trigger must itself be valid
                StringBuilder expression = new StringBuilder(ONBUILD_PREFIX.matcher(in.original()).replaceFirst(""));
                for (Heredoc doc : in.heredocs()) {
                    expression.append('\n').append(doc.content()).append(doc.name());
                }
                yield new Command.OnBuild(in, expression.toString());
            }
            case "RUN" -> new Command.Run(in);
            default -> throw new Invalid("unknown instruction: " + in.keyword() + suggestion(in.keyword()));
        };
    }

    private Command copy(Instruction in) {
        boolean add = in.name().equals("ADD");
        if (in.args().size() < 2) {
            throw new Invalid(in.name() + " requires at least two arguments, but only one was provided. "
                    + "Destination could not be determined");
        }
        Flags flags = new Flags(in).string("chown").string("chmod").bool("link").strings("exclude");
        if (add) {
            flags.bool("keep-git-dir").string("checksum").bool("unpack");
        } else {
            flags.string("from").bool("parents");
        }
        flags.done();
        List<String> args = in.args();
        String dest = args.get(args.size() - 1);
        if (DockerfileParser.heredoc(dest).isPresent()) {
            throw new Invalid(in.name() + " cannot accept a heredoc as a destination");
        }
        Map<String, Heredoc> docs = new LinkedHashMap<>();
        in.heredocs().forEach(d -> docs.put(d.name(), d));
        List<String> sources = new ArrayList<>();
        List<Heredoc> documents = new ArrayList<>();
        for (String source : args.subList(0, args.size() - 1)) {
            Optional<Heredoc> doc = in.json() ? Optional.empty() : DockerfileParser.heredoc(source);
            if (doc.isPresent()) {
                Heredoc read = docs.get(doc.get().name());
                documents.add(read != null ? read : doc.get());
            } else {
                sources.add(source);
            }
        }
        return new Command.Copy(in, add, sources, documents, dest, flags.value("from"), flags.value("chown"),
                flags.value("chmod"), flags.isTrue("link"), flags.isTrue("parents"), flags.values("exclude"),
                flags.value("checksum"), flags.used("unpack") ? Optional.of(flags.isTrue("unpack")) : Optional.empty());
    }

    private Command healthcheck(Instruction in) {
        List<String> args = in.args();
        if (args.isEmpty()) {
            throw atLeastOne("HEALTHCHECK");
        }
        String type = args.get(0).toUpperCase(Locale.ROOT);
        List<String> rest = args.subList(1, args.size());
        if (type.equals("NONE")) {
            if (!rest.isEmpty()) {
                throw new Invalid("HEALTHCHECK NONE takes no arguments");
            }
            new Flags(in).done();
            return new Command.Healthcheck(in, List.of("NONE"), Duration.ZERO, Duration.ZERO, Duration.ZERO,
                    Duration.ZERO, 0);
        }
        Flags flags = new Flags(in).string("interval").string("timeout").string("start-period")
                .string("start-interval").string("retries");
        flags.done();
        if (!type.equals("CMD")) {
            throw new Invalid("Unknown type \"" + args.get(0) + "\" in HEALTHCHECK (try CMD)");
        }
        List<String> command = in.json() ? rest : rest.isEmpty() ? List.of() : List.of(String.join(" ", rest));
        if (command.isEmpty()) {
            throw new Invalid("Missing command after HEALTHCHECK CMD");
        }
        List<String> test = new ArrayList<>();
        test.add(in.json() ? "CMD" : "CMD-SHELL");
        test.addAll(command);
        int retries = 0;
        Optional<String> r = flags.value("retries");
        if (r.isPresent()) {
            try {
                retries = Integer.parseInt(r.get());
            } catch (NumberFormatException e) {
                throw new Invalid("--retries must be a whole number, got \"" + r.get() + "\"");
            }
            if (retries < 0) {
                throw new Invalid("--retries cannot be negative (" + retries + ")");
            }
        }
        return new Command.Healthcheck(in, test, interval(flags, "interval"), interval(flags, "timeout"),
                interval(flags, "start-period"), interval(flags, "start-interval"), retries);
    }

    private static Duration interval(Flags flags, String name) {
        Optional<String> value = flags.value(name);
        if (value.isEmpty() || value.get().isEmpty()) {
            return Duration.ZERO;
        }
        Duration d;
        try {
            d = GoDuration.parse(value.get());
        } catch (IllegalArgumentException e) {
            throw new Invalid("--" + name + ": " + e.getMessage());
        }
        if (!d.isZero() && d.compareTo(Duration.ofMillis(1)) < 0) {
            throw new Invalid("Interval \"" + name + "\" cannot be less than 1ms");
        }
        return d;
    }

    /** The exec form's strings, or the shell form's words joined into one string. */
    private static List<String> commandLine(Instruction in) {
        if (in.args().isEmpty()) {
            return List.of();
        }
        return in.json() ? in.args() : List.of(String.join(" ", in.args()));
    }

    private static String exactlyOne(Instruction in) {
        new Flags(in).done();
        if (in.args().size() != 1) {
            throw new Invalid(in.name() + " requires exactly one argument");
        }
        return in.args().get(0);
    }

    private static Invalid atLeastOne(String instruction) {
        return new Invalid(instruction + " requires at least one argument");
    }

    private static String suggestion(String keyword) {
        String upper = keyword.toUpperCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : INSTRUCTIONS) {
            int d = distance(upper, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best != null && bestDistance <= 2 ? " (did you mean " + best + "?)" : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** The {@code --flags} of one instruction, checked against those it takes (BuildKit's BFlags rules). */
    private static final class Flags {
        private enum Kind { BOOL, STRING, STRINGS }

        private final Instruction in;
        private final Map<String, Kind> known = new LinkedHashMap<>();
        private final Map<String, List<String>> values = new LinkedHashMap<>();

        Flags(Instruction in) {
            this.in = in;
        }

        Flags bool(String name) {
            known.put(name, Kind.BOOL);
            return this;
        }

        Flags string(String name) {
            known.put(name, Kind.STRING);
            return this;
        }

        Flags strings(String name) {
            known.put(name, Kind.STRINGS);
            return this;
        }

        /** Parses the flags given; every one must be known. */
        Flags done() {
            for (String flag : in.flags()) {
                if (flag.equals("--")) {
                    break;
                }
                if (!flag.startsWith("--")) {
                    throw new Invalid("arg should start with -- : " + flag);
                }
                int eq = flag.indexOf('=');
                String flagName = eq < 0 ? flag : flag.substring(0, eq);
                String name = flagName.substring(2);
                Kind kind = known.get(name);
                if (kind == null) {
                    throw new Invalid("unknown flag: " + flagName + (known.isEmpty() ? ""
                            : " (" + in.name() + " takes " + String.join(", ", known.keySet().stream()
                                    .map(k -> "--" + k).toList()) + ")"));
                }
                if (values.containsKey(name) && kind != Kind.STRINGS) {
                    throw new Invalid("duplicate flag specified: " + flagName);
                }
                String value = eq < 0 ? null : flag.substring(eq + 1);
                switch (kind) {
                    case BOOL -> {
                        if (value != null && value.isEmpty()) {
                            throw new Invalid("missing a value on flag: " + flagName);
                        }
                        String v = value == null ? "true" : value.toLowerCase(Locale.ROOT);
                        if (!Set.of("true", "false").contains(v)) {
                            throw new Invalid("expecting boolean value for flag " + flagName + ", not: " + value);
                        }
                        values.put(name, List.of(v));
                    }
                    case STRING, STRINGS -> {
                        if (value == null) {
                            throw new Invalid("missing a value on flag: " + flagName);
                        }
                        values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                    }
                }
            }
            return this;
        }

        boolean used(String name) {
            return values.containsKey(name);
        }

        Optional<String> value(String name) {
            List<String> v = values.get(name);
            return v == null ? Optional.empty() : Optional.of(v.get(v.size() - 1));
        }

        List<String> values(String name) {
            return values.getOrDefault(name, List.of());
        }

        boolean isTrue(String name) {
            return value(name).map("true"::equals).orElse(false);
        }
    }

    /** A meaning error in one instruction; {@link #parse} adds the location. */
    private static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }
}
