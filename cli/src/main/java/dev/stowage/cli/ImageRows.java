package dev.stowage.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.core.DiskUsageReport;
import dev.stowage.core.ImageSummary;
import dev.stowage.core.model.Digest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

/**
 * Image rows with the fields docker's image formatter offers to templates and {@code json}
 * ({@code Containers}, {@code CreatedAt}, {@code CreatedSince}, {@code Digest}, {@code ID},
 * {@code Repository}, {@code SharedSize}, {@code Size}, {@code Tag}, {@code UniqueSize},
 * {@code VirtualSize}), with docker's column titles.
 */
final class ImageRows {
    static final String TABLE = "{{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}";
    static final String TABLE_WITH_DIGEST =
            "{{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}";
    static final String DISK_USAGE_TABLE = "{{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}\t{{.SharedSize}}"
            + "\t{{.UniqueSize}}\t{{.Containers}}";
    private static final String NOT_AVAILABLE = "N/A";
    private static final DateTimeFormatter GO_TIME_STRING = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z z");

    private final boolean truncate;
    private final Instant now;
    private final ZoneId zone;

    ImageRows(boolean truncate, Instant now, ZoneId zone) {
        this.truncate = truncate;
        this.now = now;
        this.zone = zone;
    }

    static ObjectNode headers() {
        ObjectNode h = JsonNodeFactory.instance.objectNode();
        Map.of("Containers", "CONTAINERS", "CreatedAt", "CREATED AT", "CreatedSince", "CREATED", "Digest", "DIGEST",
                "ID", "IMAGE ID", "Repository", "REPOSITORY", "SharedSize", "SHARED SIZE", "Size", "SIZE", "Tag", "TAG",
                "UniqueSize", "UNIQUE SIZE").forEach(h::put);
        h.put("VirtualSize", "SIZE");
        return h;
    }

    ObjectNode row(ImageSummary image) {
        return row(image.repository(), image.tag(), image.digest(), image.id(), image.created(), image.size(),
                NOT_AVAILABLE, NOT_AVAILABLE, NOT_AVAILABLE);
    }

    ObjectNode row(DiskUsageReport.ImageUsage image) {
        String repository = image.reference().map(r -> r.familiarName()).orElse(ImageSummary.NONE);
        String tag = image.reference().flatMap(r -> r.tag()).orElse(ImageSummary.NONE);
        return row(repository, tag, image.digest(), image.id(), image.created(), image.size(), "0",
                HumanUnits.sizePrecise(image.sharedSize()), HumanUnits.sizePrecise(image.uniqueSize()));
    }

    /** Keys in sorted order, as Go's JSON encoding of docker's row writes them. */
    private ObjectNode row(String repository, String tag, Digest digest, Digest id, Optional<Instant> created, long size,
                           String containers, String shared, String unique) {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        Instant at = created.orElse(Instant.EPOCH);
        row.put("Containers", containers);
        row.put("CreatedAt", GO_TIME_STRING.format(at.atZone(zone)));
        row.put("CreatedSince", created.map(c -> HumanUnits.duration(Duration.between(c, now)) + " ago").orElse(""));
        row.put("Digest", digest.toString());
        row.put("ID", id(id, truncate));
        row.put("Repository", repository);
        row.put("SharedSize", shared);
        row.put("Size", HumanUnits.size(size));
        row.put("Tag", tag);
        row.put("UniqueSize", unique);
        row.put("VirtualSize", HumanUnits.sizePrecise(size));
        return row;
    }

    /** docker's {@code TruncateID}: 12 hex digits without the algorithm. */
    static String id(Digest id, boolean truncate) {
        return truncate ? id.shortHex(12) : id.toString();
    }
}
