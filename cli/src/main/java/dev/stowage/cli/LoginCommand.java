package dev.stowage.cli;

import dev.stowage.core.Credential;
import dev.stowage.core.SafeText;
import dev.stowage.core.StowageException;
import dev.stowage.core.UnauthorizedException;
import dev.stowage.core.reference.RegistryHosts;
import dev.stowage.registry.auth.DockerCredentials;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stowage login [SERVER] [-u USER] [-p PASSWORD | --password-stdin]}, as {@code docker login}:
 * without SERVER, Docker Hub (stored under {@code https://index.docker.io/v1/}, docker's key);
 * SERVER may be a host, {@code host/} or a URL, of which only the host counts. What is not given
 * is asked for on the terminal: {@code Username: } (with the stored user as default,
 * {@code Username (alice): }) and {@code Password: } without echo. The credential is checked
 * against the registry, then stored where docker would: the configured credential helper, else
 * {@code auths[…]} in {@code $DOCKER_CONFIG/config.json} (mode 600). A rejected credential is one
 * error line naming the registry; the stored entry stays as it was. As with docker, {@code -p}
 * works but warns that a password on the command line is insecure.
 */
@Command(name = "login",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Log in to a registry (Docker Hub if none is given): check the credential, then store it as docker does.",
                "What is not given is asked for on the terminal; --password-stdin reads the password from standard input."})
final class LoginCommand implements Callable<Integer> {
    /** Docker's words, printed to stderr when {@code -p} is used. */
    static final String PASSWORD_OPTION_WARNING =
            "WARNING! Using --password via the CLI is insecure. Use --password-stdin.";
    /** Docker's words before it asks for a Docker Hub user. */
    static final String DOCKER_HUB_SUGGESTION = "Log in with your Docker ID or email address to push and pull images from"
            + " Docker Hub. If you don't have a Docker ID, head over to https://hub.docker.com/ to create one.\n"
            + "You can log in with your password or a Personal Access Token (PAT). Using a limited-scope PAT grants better"
            + " security and is required for organizations using SSO. Learn more at https://docs.docker.com/go/access-tokens/\n";

    @Spec
    private CommandSpec spec;

    @Option(names = {"-u", "--username"}, paramLabel = "USER", description = "The user name (asked for when not given).")
    private String username;

    @Option(names = "--password-stdin",
            description = "Read the password from standard input (one trailing newline is dropped).")
    private boolean passwordStdin;

    @Option(names = {"-p", "--password"}, paramLabel = "PASSWORD",
            description = "The password (insecure: other users may see it; prefer --password-stdin).")
    private String passwordOption;

    @Parameters(arity = "0..1", paramLabel = "SERVER",
            description = "The registry, e.g. registry.example.com, 127.0.0.1:5000 or https://registry.example.com. "
                    + "Default: Docker Hub.")
    private String host;

    @Override
    public Integer call() throws IOException {
        String registry = host == null ? RegistryHosts.DOCKER_HUB : RegistryAccess.loginHost(host);
        if (passwordOption != null && passwordStdin) {
            throw new IllegalArgumentException("--password and --password-stdin exclude each other");
        }
        if (passwordStdin && username == null) {
            throw new IllegalArgumentException("--password-stdin needs the user name: give --username");
        }
        PrintWriter err = spec.commandLine().getErr();
        if (passwordOption != null) {
            err.println(PASSWORD_OPTION_WARNING);
            err.flush();
        }
        RegistryAccess access = StowageCli.registryAccess(spec);
        String user = username != null ? username : promptUsername(registry, access.credentials());
        if (user.isEmpty()) {
            throw new IllegalArgumentException("login to " + registry + " needs a user name");
        }
        String password = passwordOption != null ? passwordOption : passwordStdin ? passwordFrom(System.in) : promptPassword(user);
        if (password.isEmpty()) {
            throw new IllegalArgumentException("login to " + registry + " needs a non-empty password");
        }
        try {
            StowageCli.registryClient(spec).login(registry, Credential.basic(user, password), access.credentials());
        } catch (UnauthorizedException e) {
            // Not an UnauthorizedException: advice to log in would be advice to do what just failed.
            throw new StowageException("login to " + registry + " failed: the registry rejected the password of user "
                    + user);
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

    /** docker's {@code Username: }, or {@code Username (stored): } where Enter keeps the stored user. */
    private String promptUsername(String registry, DockerCredentials stored) {
        Console console = terminal("the user name for " + registry + "; give -u USER");
        Optional<String> known = storedUser(registry, stored);
        if (registry.equals(RegistryHosts.DOCKER_HUB)) {
            console.writer().print(DOCKER_HUB_SUGGESTION + "\n");
        }
        String line = console.readLine("%s", known.map(u -> "Username (" + SafeText.line(u) + "): ").orElse("Username: "));
        String typed = line == null ? "" : line.strip();
        return typed.isEmpty() ? known.orElse("") : typed;
    }

    private static Optional<String> storedUser(String registry, DockerCredentials stored) {
        try {
            return stored.credentialFor(registry).filter(c -> !c.isIdentityToken()).map(Credential::username);
        } catch (RuntimeException unreadable) {
            return Optional.empty(); // a broken helper or file must not stop a login that replaces it
        }
    }

    private String promptPassword(String user) {
        Console console = terminal("the password of " + user + "; pass it on standard input with --password-stdin");
        char[] password = console.readPassword("Password: ");
        return password == null ? "" : new String(password);
    }

    private static Console terminal(String what) {
        Console console = System.console();
        if (console == null) {
            throw new IllegalArgumentException("no terminal to ask for " + what);
        }
        return console;
    }
}
