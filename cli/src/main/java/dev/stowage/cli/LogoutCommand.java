package dev.stowage.cli;

import dev.stowage.core.reference.RegistryHosts;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stowage logout [SERVER]}: removes the stored credential for a registry (Docker Hub if none
 * is given, named {@code https://index.docker.io/v1/} as docker names it) from the credential
 * helper and from {@code config.json}. Not being logged in is not an error, as with docker.
 */
@Command(name = "logout",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Log out of a registry (Docker Hub if none is given): remove its stored credential.")
final class LogoutCommand implements Callable<Integer> {
    /** How docker names Docker Hub in {@code config.json} and in its logout messages. */
    private static final String DOCKER_HUB_SERVER = "https://index.docker.io/v1/";

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "SERVER",
            description = "The registry, e.g. registry.example.com or 127.0.0.1:5000. Default: Docker Hub.")
    private String host;

    @Override
    public Integer call() {
        String registry = host == null ? RegistryHosts.DOCKER_HUB : RegistryAccess.loginHost(host);
        String shown = registry.equals(RegistryHosts.DOCKER_HUB) ? DOCKER_HUB_SERVER : registry;
        PrintWriter out = spec.commandLine().getOut();
        if (StowageCli.registryAccess(spec).credentials().erase(registry)) {
            out.println("Removing login credentials for " + shown);
        } else {
            out.println("Not logged in to " + shown);
        }
        out.flush();
        return 0;
    }
}
