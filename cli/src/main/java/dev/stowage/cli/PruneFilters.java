package dev.stowage.cli;

import dev.stowage.cli.FilterOptions.Filter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * The {@code --filter} options of {@code image prune} and {@code system prune}, read and checked
 * before anything is asked or removed: at most one {@code until} (a timestamp or a duration before
 * now), any number of {@code label=} and {@code label!=}.
 */
record PruneFilters(Optional<Instant> until, List<String> labels, List<String> labelsNot) {
    private static final List<String> ACCEPTED = List.of("until", "label", "label!");

    /** @throws IllegalArgumentException naming the filter that is malformed, unknown or repeated */
    static PruneFilters parse(List<String> options, Instant now) {
        List<Filter> parsed = FilterOptions.parse(options, ACCEPTED);
        List<Instant> untils = parsed.stream().filter(f -> f.key().equals("until"))
                .map(f -> DockerTimestamps.parse(f.value(), now, ZoneId.systemDefault())).toList();
        if (untils.size() > 1) {
            throw new IllegalArgumentException("more than one until filter specified");
        }
        return new PruneFilters(untils.stream().findFirst(),
                parsed.stream().filter(f -> f.key().equals("label")).map(Filter::value).toList(),
                parsed.stream().filter(f -> f.key().equals("label!")).map(Filter::value).toList());
    }
}
