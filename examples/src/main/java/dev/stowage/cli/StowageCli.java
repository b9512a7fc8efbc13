package dev.stowage.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

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
        description = "Manage OCI and Docker images without a daemon.",
        subcommands = {RefCommand.class})
public final class StowageCli implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Explain more; show the stack trace of a failure.")
    private boolean verbose;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, ready to {@code execute}. */
    static CommandLine commandLine() {
        StowageCli cli = new StowageCli();
        return new CommandLine(cli).setExecutionExceptionHandler(new FailureHandler(cli::verbose));
    }

    boolean verbose() {
        return verbose;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
