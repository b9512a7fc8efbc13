package dev.stowage.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.core.DiskUsageReport;
import dev.stowage.core.ImageManager;
import dev.stowage.core.PartialDownloadUsage;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stowage system df [-v]}: the store's space as {@code docker system df} shows it: a row
 * for {@code Images} ("active": held by a running operation) and one for {@code Partial Downloads}
 * where docker shows its build cache ("active": being written now). The global {@code -v} lists
 * every image under each of its names with its size, shared size and unique size, as docker does,
 * then the partial downloads' total.
 */
@Command(name = "df", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Show the store's disk usage.")
final class SystemDfCommand implements Callable<Integer> {
    private static final String TABLE = "{{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}";

    /** The second row's type: where docker shows its build cache, Stowage shows downloads begun and not finished. */
    static final String PARTIAL_DOWNLOADS = "Partial Downloads";

    @Spec
    private CommandSpec spec;

    @Option(names = "--format", paramLabel = "FORMAT", description = "'table', 'table TEMPLATE', 'json' or a Go template.")
    private String format;

    @Override
    public Integer call() {
        DiskUsageReport df;
        try (ImageManager images = StowageCli.openManager(spec)) {
            df = images.diskUsage().call();
        }
        PrintWriter out = spec.commandLine().getOut();
        PartialDownloadUsage partials = df.partialDownloads();
        if (StowageCli.verbose(spec)) { // the global -v, which docker's system df -v also means
            out.print("Images space usage:\n\n");
            ImageRows rows = new ImageRows(true, Instant.now(), ZoneId.systemDefault());
            FormattedOutput.of(format, ImageRows.DISK_USAGE_TABLE)
                    .print(out, df.images().stream().map(rows::row).toList(), ImageRows.headers());
            out.print("\nPartial downloads usage: " + HumanUnits.sizePrecise(partials.bytes()) + "\n");
            out.flush();
            return 0;
        }
        ObjectNode images = row("Images", df.totalImages(), df.activeImages(), df.sizeBytes(), df.sizeBytes() > 0
                ? HumanUnits.sizePrecise(df.reclaimableBytes()) + " (" + df.reclaimableBytes() * 100 / df.sizeBytes() + "%)"
                : HumanUnits.sizePrecise(df.reclaimableBytes()));
        // as docker's Build Cache row: reclaimable without a percentage
        ObjectNode downloads = row(PARTIAL_DOWNLOADS, partials.count(), partials.active(), partials.bytes(),
                HumanUnits.sizePrecise(partials.reclaimableBytes()));
        ObjectNode headers = JsonNodeFactory.instance.objectNode();
        headers.put("Active", "ACTIVE");
        headers.put("Reclaimable", "RECLAIMABLE");
        headers.put("Size", "SIZE");
        headers.put("TotalCount", "TOTAL");
        headers.put("Type", "TYPE");
        FormattedOutput.of(format, TABLE).print(out, List.of(images, downloads), headers);
        return 0;
    }

    /** Keys in sorted order, as Go's JSON encoding of docker's row writes them. */
    private static ObjectNode row(String type, int total, int active, long size, String reclaimable) {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        row.put("Active", Integer.toString(active));
        row.put("Reclaimable", reclaimable);
        row.put("Size", HumanUnits.sizePrecise(size));
        row.put("TotalCount", Integer.toString(total));
        row.put("Type", type);
        return row;
    }
}
