package dev.stowage.cli;

import dev.stowage.core.ImageManager;
import dev.stowage.core.RemoveRequest;
import dev.stowage.core.SafeText;
import dev.stowage.core.StowageException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stowage rmi [-f] IMAGE…} (also {@code stowage image rm}): removes images with docker's
 * rules, printing {@code Untagged:} and {@code Deleted:} lines. As docker, a failure for one
 * image is reported on stderr and the others are still removed; the exit status is then 1.
 */
@Command(name = "rmi", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Remove one or more images.")
final class RmiCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-f", "--force"}, description = "Force removal of the image (an ID tagged in several repositories; ignore missing images).")
    private boolean force;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Name, digest or ID.")
    private List<String> references;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean failed = false;
        try (ImageManager images = StowageCli.openManager(spec)) {
            for (String reference : references) {
                RemoveRequest request = images.remove(reference);
                if (force) {
                    request.force();
                }
                try {
                    request.call().removals().forEach(removal -> out.println(SafeText.line(removal.toString())));
                } catch (StowageException e) {
                    err.println("stowage: " + SafeText.line(e.getMessage()));
                    failed = true;
                }
            }
        }
        out.flush();
        err.flush();
        return failed ? FailureHandler.FAILURE : 0;
    }
}
