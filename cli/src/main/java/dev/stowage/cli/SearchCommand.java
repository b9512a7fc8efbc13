package dev.stowage.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.cli.FilterOptions.Filter;
import dev.stowage.core.ImageManager;
import dev.stowage.core.SearchRequest;
import dev.stowage.core.SearchResult;
import dev.stowage.store.InMemoryImageStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stowage search [REGISTRY/]TERM}: repositories matching TERM, as {@code docker search}
 * prints them: columns NAME, DESCRIPTION (cut to 45 characters unless {@code --no-trunc}),
 * STARS and OFFICIAL ({@code [OK]}), the template fields {@code .Name}, {@code .Description},
 * {@code .StarCount}, {@code .IsOfficial} and {@code .IsAutomated}. Docker Hub by default; a
 * registry without Docker Hub's search API is searched through its catalog ({@link SearchRequest}).
 * A search touches no store.
 */
@Command(name = "search", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Search a registry for images: Docker Hub, or REGISTRY/TERM.",
                "A registry without Docker Hub's search API is searched through its catalog (names containing TERM)."})
final class SearchCommand implements Callable<Integer> {
    static final String TABLE = "{{.Name}}\t{{.Description}}\t{{.StarCount}}\t{{.IsOfficial}}";
    private static final List<String> FILTERS = List.of("stars", "is-official");
    private static final int DESCRIPTION_WIDTH = 45;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-f", "--filter"}, paramLabel = "FILTER",
            description = "stars=N (at least N stars), is-official=true|false. Repeatable.")
    private List<String> filters = new ArrayList<>();

    @Option(names = "--limit", paramLabel = "N", description = "Max number of search results (1 to 100, default 25).")
    private int limit = SearchRequest.DEFAULT_LIMIT;

    @Option(names = "--no-trunc", description = "Don't truncate output.")
    private boolean noTrunc;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "'table', 'table TEMPLATE', 'json', or a Go template such as '{{.Name}}: {{.StarCount}}'.")
    private String format;

    @Parameters(paramLabel = "[REGISTRY/]TERM", description = "What to search for, e.g. nginx or registry.example.com/team.")
    private String term;

    @Override
    public Integer call() {
        List<SearchResult> results;
        try (ImageManager images = ImageManager.builder().registry(StowageCli.registryClient(spec))
                .store(new InMemoryImageStore()).build()) {
            SearchRequest request = images.search(term).limit(limit);
            for (Filter f : FilterOptions.parse(filters, FILTERS)) {
                if (f.key().equals("stars")) {
                    request.minStars(stars(f));
                } else {
                    request.official(FilterOptions.bool(f));
                }
            }
            results = request.call();
        }
        FormattedOutput.of(format, TABLE).print(spec.commandLine().getOut(), results.stream().map(this::row).toList(),
                headers());
        return 0;
    }

    private static int stars(Filter f) {
        try {
            int stars = Integer.parseInt(f.value());
            if (stars >= 0) {
                return stars;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("invalid filter 'stars=" + f.value() + "': the value must be a number of 0 or more");
    }

    /** docker's search row: every field a string, as its formatter gives them to templates and json. */
    private ObjectNode row(SearchResult result) {
        String description = result.description().replace('\n', ' ').replace('\r', ' ');
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        row.put("Description", noTrunc ? description : HistoryCommand.ellipsis(description, DESCRIPTION_WIDTH));
        row.put("IsAutomated", result.automated() ? "[OK]" : "");
        row.put("IsOfficial", result.official() ? "[OK]" : "");
        row.put("Name", result.name());
        row.put("StarCount", Integer.toString(result.starCount()));
        return row;
    }

    private static ObjectNode headers() {
        ObjectNode h = JsonNodeFactory.instance.objectNode();
        h.put("Description", "DESCRIPTION");
        h.put("IsAutomated", "AUTOMATED");
        h.put("IsOfficial", "OFFICIAL");
        h.put("Name", "NAME");
        h.put("StarCount", "STARS");
        return h;
    }
}
