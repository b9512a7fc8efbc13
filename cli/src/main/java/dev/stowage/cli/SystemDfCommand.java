package dev.stowage.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.core.DiskUsageReport;
import dev.stowage.core.ImageManager;
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
 * {@code stowage system df [-v]}: the store's space as {@code docker system df} shows it. Stowage
 * keeps images only, so there is one row, {@code Images}; "active" images are those a running
 * operation holds. The global {@code -v} lists every image with its size, shared size and unique size.
 */
@Command(name = "df", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Show the store's disk usage.")
final class SystemDfCommand implements Callable<Integer> {
    private static final String TABLE = "{{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}";

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
        if (StowageCli.verbose(spec)) { // the global -v, which docker's system df -v also means
            out.print("Images space usage:\n\n");
            ImageRows rows = new ImageRows(true, Instant.now(), ZoneId.systemDefault());
            FormattedOutput.of(format, ImageRows.DISK_USAGE_TABLE)
                    .print(out, df.images().stream().map(rows::row).toList(), ImageRows.headers());
            return 0;
        }
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        row.put("Active", Integer.toString(df.activeImages()));
        row.put("Reclaimable", df.sizeBytes() > 0
                ? HumanUnits.sizePrecise(df.reclaimableBytes()) + " (" + df.reclaimableBytes() * 100 / df.sizeBytes() + "%)"
                : HumanUnits.sizePrecise(df.reclaimableBytes()));
        row.put("Size", HumanUnits.sizePrecise(df.sizeBytes()));
        row.put("TotalCount", Integer.toString(df.totalImages()));
        row.put("Type", "Images");
        ObjectNode headers = JsonNodeFactory.instance.objectNode();
        headers.put("Active", "ACTIVE");
        headers.put("Reclaimable", "RECLAIMABLE");
        headers.put("Size", "SIZE");
        headers.put("TotalCount", "TOTAL");
        headers.put("Type", "TYPE");
        FormattedOutput.of(format, TABLE).print(out, List.of(row), headers);
        return 0;
    }
}
