package dev.stowage.cli;

import dev.stowage.core.ImageManager;
import dev.stowage.core.SafeText;
import dev.stowage.core.SystemPruneReport;
import dev.stowage.core.SystemPruneRequest;
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
 * {@code stowage system prune [-a] [--filter until=…] [--filter label=…] [-f]}: what
 * {@code image prune} removes, plus partial downloads nobody is writing, leases of processes that
 * ended and unreferenced blobs ({@link SystemPruneRequest}). Asks first with docker's prompt,
 * listing what will go and the filters, unless {@code -f}; prints docker's
 * {@code Deleted Images:} section, a {@code Deleted partial downloads:} section where docker
 * lists build cache, and {@code Total reclaimed space: …}.
 */
@Command(name = "prune", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Remove unused images, partial downloads, leases of ended processes and unreferenced blobs.")
final class SystemPruneCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-a", "--all"}, description = "Remove all unused images, not just dangling ones.")
    private boolean all;

    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation.")
    private boolean force;

    @Option(names = "--filter", paramLabel = "FILTER",
            description = "until=TIMESTAMP|DURATION, label=KEY[=VALUE], label!=KEY[=VALUE]. Repeatable.")
    private List<String> filters = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PruneFilters parsed = PruneFilters.parse(filters, Instant.now()); // bad input fails before the prompt
        if (!force && !confirmed(out)) {
            spec.commandLine().getErr().println("stowage: system prune has been cancelled");
            return FailureHandler.FAILURE;
        }
        SystemPruneReport report;
        try (ImageManager images = StowageCli.openManager(spec)) {
            SystemPruneRequest request = images.systemPrune();
            if (all) {
                request.all();
            }
            parsed.until().ifPresent(request::until);
            parsed.labels().forEach(request::label);
            parsed.labelsNot().forEach(request::labelNot);
            report = request.call();
        }
        PruneLines.removals(out, "Deleted Images:", report.removals());
        if (!report.partialDownloads().isEmpty()) {
            out.println("Deleted partial downloads:");
            report.partialDownloads().forEach(out::println);
            out.println();
        }
        out.println("Total reclaimed space: " + HumanUnits.sizePrecise(report.reclaimedBytes()));
        out.flush();
        return 0;
    }

    /** docker's confirmation: what will be removed, the filters if any, then {@code [y/N]}. */
    private boolean confirmed(PrintWriter out) {
        StringBuilder message = new StringBuilder("WARNING! This will remove:\n");
        List<String> warnings = List.of(
                all ? "all images not in use by a running operation" : "all dangling images",
                "all partial downloads no running pull is writing",
                "all leases of processes that have ended",
                "all blobs no image references");
        warnings.forEach(w -> message.append("  - ").append(w).append('\n'));
        if (!filters.isEmpty()) {
            message.append("\n  Items to be pruned will be filtered with:\n");
            filters.forEach(f -> message.append("  - ").append(SafeText.line(f)).append('\n'));
        }
        return PruneLines.confirmed(out, message.toString());
    }
}
