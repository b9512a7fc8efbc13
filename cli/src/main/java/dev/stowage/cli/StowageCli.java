package dev.stowage.cli;

import dev.stowage.core.ImageManager;
import dev.stowage.registry.RegistryClient;
import dev.stowage.store.FileImageStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The {@code stowage} command line: the top command, its global options and its subcommands.
 * Exit codes: 0 success, 1 operational failure, 2 usage error or bad input.
 *
 * <p>Global options are inherited by every subcommand, so they may come before or after the
 * subcommand's name ({@code stowage -v ref nginx} or {@code stowage ref nginx -v}).
 */
@Command(name = "stowage",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Manage OCI and Docker images without a daemon.")
public final class StowageCli implements Callable<Integer> {
    private static final String HTTP_BUFFER_PROPERTY = "jdk.httpclient.bufsize";
    private static final int HTTP_BUFFER_BYTES = 256 * 1024;
    private static final List<Class<?>> COMMANDS = List.of(RefCommand.class, TagCommand.class, ImagesCommand.class,
            InspectCommand.class, HistoryCommand.class, RmiCommand.class, PullCommand.class, PushCommand.class,
            FsckCommand.class, ManifestCommand.class, DigestCommand.class, LsCommand.class, CatalogCommand.class,
            BlobCommand.class, SearchCommand.class, LoginCommand.class, LogoutCommand.class, CopyCommand.class,
            SaveCommand.class, LoadCommand.class, BuildCommand.class, ImportCommand.class, DemoCommand.class);

    @Spec
    private CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Explain more; show the stack trace of a failure.")
    private boolean verbose;

    @Option(names = "--store", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "The image store (an OCI image layout; created if missing). "
                    + "Default: $STOWAGE_HOME, else the user data directory (~/.local/share/stowage on Linux).")
    private Path store;

    @Option(names = "--insecure-registry", scope = ScopeType.INHERIT, paramLabel = "HOST[:PORT]",
            description = {"Reach this registry over HTTPS without verifying its certificate, or plain HTTP "
                    + "if it has no HTTPS; repeatable.", "Loopback registries (127.0.0.1, localhost) need not be listed."})
    private List<String> insecureRegistries = new ArrayList<>();

    /** The run's registry client, made on first use: one per process, as RegistryClient asks. */
    private RegistryClient registryClient;

    public static void main(String[] args) {
        // The most common probe of a command line, answered before picocli builds its model: that
        // reflection over the annotations was ~0.1 s of --version's ~0.14 s CPU time.
        if (versionOnly(args)) {
            System.out.println(new VersionProvider().getVersion()[0]);
            System.exit(0);
        }
        // The JDK's HTTP client reads responses in 16 KiB buffers by default; blob downloads spend
        // less per byte in larger ones (bench/blob-get.sh). Set before the client's classes load.
        if (System.getProperty(HTTP_BUFFER_PROPERTY) == null) {
            System.setProperty(HTTP_BUFFER_PROPERTY, String.valueOf(HTTP_BUFFER_BYTES));
        }
        CommandLine commandLine = commandLine(args);
        StowageCli cli = commandLine.getCommand();
        // Logging is the process's to configure, so only here, not for in-process runs; and only
        // when a command runs: help and --version log nothing, and java.util.logging's set-up was
        // a sixth of --version's time.
        commandLine.setExecutionStrategy(parsed -> {
            Integer help = CommandLine.executeHelpRequest(parsed);
            if (help != null) {
                return help;
            }
            CliLogging.configure(cli.verbose());
            return new CommandLine.RunLast().execute(parsed);
        });
        int exitCode = commandLine.execute(args);
        cli.close();
        System.exit(exitCode);
    }

    /** The configured command line with every subcommand, ready to {@code execute}. */
    static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The configured command line for {@code args}: with only the subcommand they call, when they
     * name one; else with all (for help, errors and suggestions). Building picocli's model of every
     * subcommand cost each run ~60 ms ({@code stowage ref nginx}: ~270 → ~215 ms).
     */
    static CommandLine commandLine(String... args) {
        StowageCli cli = new StowageCli();
        FailureHandler failures = new FailureHandler(cli::verbose);
        CommandLine root = new CommandLine(cli).setExecutionExceptionHandler(failures).setParameterExceptionHandler(failures);
        Map<String, Supplier<Object>> subcommands = subcommands();
        Optional<String> called = calledSubcommand(root.getCommandSpec(), args).filter(subcommands::containsKey);
        subcommands.forEach((name, command) -> {
            if (called.isEmpty() || called.get().equals(name)) {
                root.addSubcommand(name, command.get());
            }
        });
        return root;
    }

    /**
     * Whether {@code args} are the version flag alone ({@code --version} or {@code -V}), which
     * picocli answers by printing the version and nothing else. Anything more (help, other options,
     * the flag twice, which picocli refuses) goes through picocli.
     */
    static boolean versionOnly(String... args) {
        return args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
    }

    /** Each subcommand by the name it is called with, made on demand. */
    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> all = new LinkedHashMap<>();
        for (Class<?> command : COMMANDS) {
            all.put(command.getAnnotation(Command.class).name(), () -> command);
        }
        all.put("image", () -> new CommandLine(new ImageCommand())
                .addSubcommand("ls", named("ls", new ImagesCommand()), "list")
                .addSubcommand("inspect", new InspectCommand())
                .addSubcommand("history", new HistoryCommand())
                .addSubcommand("rm", named("rm", new RmiCommand()), "remove")
                .addSubcommand("tag", new TagCommand())
                .addSubcommand("prune", new ImagePruneCommand())
                .addSubcommand("pull", new PullCommand())
                .addSubcommand("push", new PushCommand())
                .addSubcommand("save", new SaveCommand())
                .addSubcommand("load", new LoadCommand())
                .addSubcommand("build", new BuildCommand())
                .addSubcommand("import", new ImportCommand()));
        all.put("system", () -> new CommandLine(new SystemCommand()).addSubcommand("df", new SystemDfCommand())
                .addSubcommand("prune", new SystemPruneCommand()));
        all.put("registry", () -> new CommandLine(new RegistryCommand()).addSubcommand("tag", new RegistryTagCommand()));
        return all;
    }

    /** {@code command} under another name than its own ({@code image ls} is {@code images}), which its help then shows. */
    private static CommandLine named(String name, Object command) {
        CommandLine line = new CommandLine(command);
        line.getCommandSpec().name(name);
        return line;
    }

    /** The first argument that is neither an option of the top command nor an option's value. */
    private static Optional<String> calledSubcommand(CommandSpec top, String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                return Optional.empty();
            }
            if (!arg.startsWith("-")) {
                return Optional.of(arg);
            }
            OptionSpec option = arg.contains("=") ? null : top.findOption(arg);
            if (option != null && option.arity().max() > 0) {
                i++;
            }
        }
        return Optional.empty();
    }

    /** Opens the store {@code --store} names, or the default one, for a subcommand. */
    static ImageManager openManager(CommandSpec subcommand) {
        Path dir = ((StowageCli) subcommand.root().userObject()).store;
        return dir == null ? ImageManager.openDefault() : ImageManager.builder().store(FileImageStore.open(dir)).build();
    }

    /**
     * {@link #openManager} with the registry client the global options configure
     * ({@code --insecure-registry}, docker credentials), for commands that talk to a registry.
     */
    static ImageManager openRemoteManager(CommandSpec subcommand) {
        Path dir = ((StowageCli) subcommand.root().userObject()).store;
        return dir != null
                ? openRemoteManager(subcommand, dir)
                : ImageManager.builder().registry(registryClient(subcommand)).build();
    }

    /** {@link #openRemoteManager(CommandSpec)} on the store in {@code dir}, whatever {@code --store} says. */
    static ImageManager openRemoteManager(CommandSpec subcommand, Path dir) {
        return ImageManager.builder().registry(registryClient(subcommand)).store(FileImageStore.open(dir)).build();
    }

    /** The global {@code --store}, if given. */
    static Optional<Path> storeOption(CommandSpec subcommand) {
        return Optional.ofNullable(((StowageCli) subcommand.root().userObject()).store);
    }

    /** Whether the global {@code -v} was given, wherever on the command line. */
    static boolean verbose(CommandSpec subcommand) {
        return ((StowageCli) subcommand.root().userObject()).verbose;
    }

    boolean verbose() {
        return verbose;
    }

    /** The registry client and credentials the global options describe. */
    RegistryAccess registryAccess() {
        return new RegistryAccess(insecureRegistries);
    }

    /** The registry client of this run, configured by the global options. */
    synchronized RegistryClient registryClient() {
        if (registryClient == null) {
            registryClient = registryAccess().client();
        }
        return registryClient;
    }

    /** {@link #registryClient()} for a subcommand, however deep. */
    static RegistryClient registryClient(CommandSpec subcommand) {
        return ((StowageCli) subcommand.root().userObject()).registryClient();
    }

    /**
     * Releases what the run opened. The registry client's idle thread would otherwise hold the
     * JVM's exit up by 300 ms (see RegistryClient#close).
     */
    synchronized void close() {
        if (registryClient != null) {
            registryClient.close();
            registryClient = null;
        }
    }

    /** {@link #registryAccess()} for a subcommand, however deep. */
    static RegistryAccess registryAccess(CommandSpec subcommand) {
        return ((StowageCli) subcommand.root().userObject()).registryAccess();
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
