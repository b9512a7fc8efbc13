package dev.stowage.cli;

import dev.stowage.core.StowageException;
import dev.stowage.core.UnauthorizedException;
import dev.stowage.core.Credential;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stowage login HOST -u USER [-p PASSWORD | --password-stdin]}: checks the credential against the
 * registry, then stores it where docker would: the configured credential helper, else
 * {@code auths["HOST"]} in {@code $DOCKER_CONFIG/config.json} (mode 600). A rejected credential is
 * one error line naming the registry; the stored entry stays as it was. As with docker,
 * {@code -p} works but warns that a password on the command line is insecure.
 */
@Command(name = "login",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Log in to a registry: check the credential, then store it as docker does.",
                "The password is asked for on the terminal, or read from standard input with --password-stdin."})
final class LoginCommand implements Callable<Integer> {
    /** Docker's words, printed to stderr when {@code -p} is used. */
    static final String PASSWORD_OPTION_WARNING =
            "WARNING! Using --password via the CLI is insecure. Use --password-stdin.";

    @Spec
    private CommandSpec spec;

    @Option(names = {"-u", "--username"}, required = true, paramLabel = "USER", description = "The user name.")
    private String username;

    @Option(names = "--password-stdin",
            description = "Read the password from standard input (one trailing newline is dropped).")
    private boolean passwordStdin;

    @Option(names = {"-p", "--password"}, paramLabel = "PASSWORD",
            description = "The password (insecure: other users may see it; prefer --password-stdin).")
    private String passwordOption;

    @Parameters(paramLabel = "HOST", description = "The registry, e.g. registry.example.com or 127.0.0.1:5000.")
    private String host;

    @Override
    public Integer call() throws IOException {
        String registry = RegistryAccess.registryHost(host);
        if (passwordOption != null && passwordStdin) {
            throw new IllegalArgumentException("--password and --password-stdin exclude each other");
        }
        if (passwordOption != null) {
            spec.commandLine().getErr().println(PASSWORD_OPTION_WARNING);
            spec.commandLine().getErr().flush();
        }
        String password = passwordOption != null ? passwordOption : passwordStdin ? passwordFrom(System.in) : prompt();
        if (password.isEmpty()) {
            throw new IllegalArgumentException("login to " + registry + " needs a non-empty password");
        }
        RegistryAccess access = StowageCli.registryAccess(spec);
        try {
            StowageCli.registryClient(spec).login(registry, Credential.basic(username, password), access.credentials());
        } catch (UnauthorizedException e) {
            // Not an UnauthorizedException: advice to log in would be advice to do what just failed.
            throw new StowageException("login to " + registry + " failed: the registry rejected the password of user "
                    + username);
        }
        spec.commandLine().getOut().println("Login Succeeded");
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** All of standard input but one trailing newline ({@code \n} or {@code \r\n}), as docker reads it. */
    static String passwordFrom(InputStream in) throws IOException {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        return text;
    }

    private String prompt() {
        Console console = System.console();
        if (console == null) {
            throw new IllegalArgumentException("no terminal to ask for the password of " + username
                    + "; pass it on standard input with --password-stdin");
        }
        char[] password = console.readPassword("Password: ");
        return password == null ? "" : new String(password);
    }
}
