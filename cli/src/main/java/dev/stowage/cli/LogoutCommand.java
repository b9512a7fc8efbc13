package dev.stowage.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stowage logout HOST}: removes the stored credential for a registry from the credential
 * helper and from {@code config.json}. Not being logged in is not an error, as with docker.
 */
@Command(name = "logout",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Log out of a registry: remove its stored credential.")
final class LogoutCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "HOST", description = "The registry, e.g. registry.example.com or 127.0.0.1:5000.")
    private String host;

    @Override
    public Integer call() {
        String registry = RegistryAccess.registryHost(host);
        PrintWriter out = spec.commandLine().getOut();
        if (StowageCli.registryAccess(spec).credentials().erase(registry)) {
            out.println("Removing login credentials for " + registry);
        } else {
            out.println("Not logged in to " + registry);
        }
        out.flush();
        return 0;
    }
}
