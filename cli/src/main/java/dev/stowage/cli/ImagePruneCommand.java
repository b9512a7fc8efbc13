package dev.stowage.cli;

import dev.stowage.core.ImageManager;
import dev.stowage.core.PruneReport;
import dev.stowage.core.PruneRequest;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stowage image prune}: removes dangling images (all unused ones with {@code -a}, all but
 * the newest N of each repository with {@code --keep N}) and frees their space, asking first
 * unless {@code -f}, as {@code docker image prune}. Ends with {@code Total reclaimed space: …}.
 */
@Command(name = "prune", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Remove unused images.")
final class ImagePruneCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-a", "--all"}, description = "Remove all unused images, not just dangling ones.")
    private boolean all;

    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation.")
    private boolean force;

    @Option(names = "--filter", paramLabel = "FILTER",
            description = "until=TIMESTAMP|DURATION, label=KEY[=VALUE], label!=KEY[=VALUE]. Repeatable. An image's age "
                    + "(until, --keep) counts from the later of its creation and its arrival in the store.")
    private List<String> filters = new ArrayList<>();

    @Option(names = "--keep", paramLabel = "N", description = "Keep the newest N images of each repository; remove the rest.")
    private Integer keep;

    @Option(names = "--dry-run", description = "Show what would be removed and freed; change nothing.")
    private boolean dryRun;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PruneFilters parsed = PruneFilters.parse(filters, Instant.now()); // bad input fails before the prompt
        if (!force && !dryRun && !confirmed(out)) {
            spec.commandLine().getErr().println("stowage: image prune has been cancelled");
            return FailureHandler.FAILURE;
        }
        PruneReport report;
        try (ImageManager images = StowageCli.openManager(spec)) {
            PruneRequest request = images.prune();
            if (all) {
                request.all();
            }
            if (keep != null) {
                request.keepLast(keep);
            }
            if (dryRun) {
                request.dryRun();
            }
            parsed.until().ifPresent(request::until);
            parsed.labels().forEach(request::label);
            parsed.labelsNot().forEach(request::labelNot);
            report = request.call();
        }
        PruneLines.removals(out, dryRun ? "Would delete Images:" : "Deleted Images:", report.removals());
        out.println(dryRun
                ? "Total reclaimed space: 0B (dry run; would reclaim " + HumanUnits.sizePrecise(report.reclaimedBytes()) + ")"
                : "Total reclaimed space: " + HumanUnits.sizePrecise(report.reclaimedBytes()));
        out.flush();
        return 0;
    }

    private boolean confirmed(PrintWriter out) {
        String warning = keep != null
                ? "WARNING! This will remove all images except the newest " + keep + " of each repository, and dangling images."
                : all ? "WARNING! This will remove all images not in use by a running operation."
                : "WARNING! This will remove all dangling images.";
        return PruneLines.confirmed(out, warning);
    }
}
