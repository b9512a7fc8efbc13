package dev.stowage.cli;

import dev.stowage.cli.FilterOptions.Filter;
import dev.stowage.core.ImageManager;
import dev.stowage.core.ImageSummary;
import dev.stowage.core.ListRequest;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stowage images} (also {@code stowage image ls}): lists images as {@code docker images}
 * does, one row per name, newest first, with docker's flags, filters and formats.
 */
@Command(name = "images", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "List images.")
final class ImagesCommand implements Callable<Integer> {
    private static final List<String> FILTERS = List.of("dangling", "before", "since", "reference", "label", "until");

    @Spec
    private CommandSpec spec;

    @Option(names = {"-q", "--quiet"}, description = "Only show image IDs.")
    private boolean quiet;

    @Option(names = "--digests", description = "Show digests.")
    private boolean digests;

    @Option(names = "--no-trunc", description = "Don't truncate output.")
    private boolean noTrunc;

    @Option(names = {"-f", "--filter"}, paramLabel = "FILTER",
            description = "Filter output: dangling=true|false, before=IMAGE, since=IMAGE, reference=PATTERN, "
                    + "label=KEY[=VALUE], until=TIMESTAMP|DURATION. Repeatable. An image's age (until, before, since) "
                    + "counts from the later of its creation and its arrival in the store.")
    private List<String> filters = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "'table', 'table TEMPLATE', 'json', or a Go template such as '{{.Repository}}:{{.Tag}}'.")
    private String format;

    @Parameters(arity = "0..1", paramLabel = "REPOSITORY[:TAG]", description = "Only images matching this reference pattern.")
    private String repository;

    @Override
    public Integer call() {
        List<ImageSummary> rows;
        try (ImageManager images = StowageCli.openManager(spec)) {
            ListRequest request = images.list();
            for (Filter f : FilterOptions.parse(filters, FILTERS)) {
                switch (f.key()) {
                    case "dangling" -> request.dangling(FilterOptions.bool(f));
                    case "before" -> request.before(f.value());
                    case "since" -> request.since(f.value());
                    case "reference" -> request.reference(f.value());
                    case "label" -> request.label(f.value());
                    default -> request.until(DockerTimestamps.parse(f.value(), Instant.now(), ZoneId.systemDefault()));
                }
            }
            if (repository != null) {
                request.reference(repository);
            }
            rows = request.call();
        }
        PrintWriter out = spec.commandLine().getOut();
        ImageRows table = new ImageRows(!noTrunc, Instant.now(), ZoneId.systemDefault());
        String template = digests ? ImageRows.TABLE_WITH_DIGEST : ImageRows.TABLE;
        String chosen = format;
        if (quiet && (format == null || format.equals("table"))) {
            chosen = "{{.ID}}";
        } else if (digests && format != null && format.startsWith("table") && !format.contains("{{.Digest}}")
                && !format.equals("table")) {
            chosen = format + "\t{{.Digest}}";
        }
        FormattedOutput.of(chosen, template).print(out, rows.stream().map(table::row).toList(), ImageRows.headers());
        return 0;
    }
}
