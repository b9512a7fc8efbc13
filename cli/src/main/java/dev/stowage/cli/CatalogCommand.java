package dev.stowage.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stowage catalog HOST}: every repository of a registry, all pages, one per line. Names
 * that are not valid repository names are left out, with a warning on stderr ({@link ListedNames}).
 */
@Command(name = "catalog",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "List every repository of a registry, one per line.")
final class CatalogCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "HOST", description = "A registry, e.g. registry.example.com or 127.0.0.1:5000.")
    private String host;

    @Override
    public Integer call() {
        String registry = RegistryAccess.registryHost(host);
        PrintWriter out = spec.commandLine().getOut();
        new ListedNames(spec.commandLine().getErr()).repositories(registry, StowageCli.registryClient(spec).catalog(registry))
                .forEach(out::println);
        out.flush();
        return 0;
    }
}
