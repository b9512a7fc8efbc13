package dev.stowage.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.core.ImageHistory;
import dev.stowage.core.ImageManager;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stowage history IMAGE}: the image's build steps, newest first, as {@code docker history} shows them. */
@Command(name = "history", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Show the history of an image.")
final class HistoryCommand implements Callable<Integer> {
    static final String TABLE = "{{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";
    static final String NON_HUMAN_TABLE = "{{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";
    private static final String MISSING = "<missing>";
    /** docker shows no age for steps dated before 2000 (reproducible builds date them at 1970). */
    private static final Instant HUMAN_EPOCH = Instant.parse("2000-01-01T00:00:00Z");
    private static final int CREATED_BY_WIDTH = 45;

    @Spec
    private CommandSpec spec;

    @Option(names = "--no-trunc", description = "Don't truncate output.")
    private boolean noTrunc;

    @Option(names = {"-q", "--quiet"}, description = "Only show image IDs.")
    private boolean quiet;

    @Option(names = {"-H", "--human"}, arity = "0..1", defaultValue = "true", fallbackValue = "true",
            description = "Print sizes and dates in human readable format (default true).")
    private boolean human;

    @Option(names = "--format", paramLabel = "FORMAT", description = "'table', 'table TEMPLATE', 'json' or a Go template.")
    private String format;

    @Parameters(paramLabel = "IMAGE", description = "Name, digest or ID.")
    private String reference;

    @Override
    public Integer call() {
        ImageHistory history;
        try (ImageManager images = StowageCli.openManager(spec)) {
            history = images.history(reference).call();
        }
        Instant now = Instant.now();
        List<ObjectNode> rows = history.steps().stream().map(step -> row(step, now)).toList();
        String chosen = quiet && (format == null || format.equals("table")) ? "{{.ID}}" : format;
        FormattedOutput.of(chosen, human ? TABLE : NON_HUMAN_TABLE).print(spec.commandLine().getOut(), rows, headers());
        return 0;
    }

    private ObjectNode row(ImageHistory.Step step, Instant now) {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        Instant created = step.created().orElse(Instant.EPOCH);
        String createdAt = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                created.atZone(ZoneId.systemDefault()).toOffsetDateTime().withNano(0));
        String createdBy = step.createdBy().replace('\t', ' ');
        row.put("Comment", step.comment());
        row.put("CreatedAt", createdAt);
        row.put("CreatedBy", noTrunc ? createdBy : ellipsis(createdBy, CREATED_BY_WIDTH));
        row.put("CreatedSince", !human ? createdAt
                : created.isAfter(HUMAN_EPOCH) ? HumanUnits.duration(Duration.between(created, now)) + " ago" : "");
        row.put("ID", step.image().map(id -> ImageRows.id(id, !noTrunc)).orElse(MISSING));
        row.put("Size", human ? HumanUnits.size(step.size()) : Long.toString(step.size()));
        return row;
    }

    /** docker's {@code Ellipsis}: at most {@code width} characters, the last one {@code …} when cut. */
    static String ellipsis(String text, int width) {
        int length = text.codePointCount(0, text.length());
        if (length <= width) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, width - 1)) + "…";
    }

    private static ObjectNode headers() {
        ObjectNode h = JsonNodeFactory.instance.objectNode();
        h.put("Comment", "COMMENT");
        h.put("CreatedAt", "CREATED AT");
        h.put("CreatedBy", "CREATED BY");
        h.put("CreatedSince", "CREATED");
        h.put("ID", "IMAGE");
        h.put("Size", "SIZE");
        return h;
    }
}
