package dev.stowage.core;

import dev.stowage.core.reference.RegistryHosts;
import dev.stowage.core.spi.Registry;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Searches a registry for repositories as {@code docker search [REGISTRY/]TERM} does. Docker
 * Hub, and any registry that offers Docker Hub's search API ({@code /v1/search}), answers with
 * names, descriptions, stars and the official flag; a registry without it (the Distribution
 * registry) is searched through its catalog: the repositories whose name contains the term.
 * The filters apply to what the registry returned for {@link #limit}, as docker applies them.
 *
 * <pre>{@code
 * List<SearchResult> hits = images.search("nginx").limit(10).minStars(100).official(true).call();
 * List<SearchResult> mine = images.search("registry.example.com/team").call();
 * }</pre>
 */
public final class SearchRequest {
    /** Docker's default number of results. */
    public static final int DEFAULT_LIMIT = 25;
    /** The most Docker Hub returns for one search; docker refuses a larger limit. */
    public static final int MAX_LIMIT = 100;

    private final Supplier<Registry> registry;
    private final String registryName;
    private final String term;
    private int limit = DEFAULT_LIMIT;
    private int minStars;
    private Boolean official;

    SearchRequest(Supplier<Registry> registry, String query) {
        this.registry = registry;
        Objects.requireNonNull(query, "term");
        if (query.contains("://")) {
            throw new IllegalArgumentException("invalid repository name: repository name (" + query
                    + ") should not have a scheme");
        }
        // docker's rule: the part before the first '/' is a registry when it looks like a host
        int slash = query.indexOf('/');
        String first = slash < 0 ? "" : query.substring(0, slash);
        boolean host = first.contains(".") || first.contains(":") || first.equals("localhost");
        String name = host ? first.toLowerCase(Locale.ROOT) : RegistryHosts.DOCKER_HUB;
        this.registryName = name.equals("index.docker.io") ? RegistryHosts.DOCKER_HUB : name;
        String rest = host ? query.substring(slash + 1) : query;
        // Docker Hub stores official images under library/ but searches them by their short name
        this.term = registryName.equals(RegistryHosts.DOCKER_HUB) && rest.startsWith("library/")
                ? rest.substring("library/".length()) : rest;
        if (term.isBlank()) {
            throw new IllegalArgumentException("search needs a term: give TERM or REGISTRY/TERM");
        }
    }

    /** The registry searched: {@code docker.io} unless the term starts with a host. */
    public String registryName() {
        return registryName;
    }

    /** What is searched for, without the registry. */
    public String term() {
        return term;
    }

    /**
     * At most this many results (default {@value #DEFAULT_LIMIT}).
     *
     * @throws IllegalArgumentException if outside 1 to {@value #MAX_LIMIT}, as docker
     */
    public SearchRequest limit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit " + limit + " is outside the range of [1, " + MAX_LIMIT + "]");
        }
        this.limit = limit;
        return this;
    }

    /**
     * Only repositories with at least {@code stars} stars (docker's {@code --filter stars=N}).
     *
     * @throws IllegalArgumentException if negative
     */
    public SearchRequest minStars(int stars) {
        if (stars < 0) {
            throw new IllegalArgumentException("the stars filter must be 0 or more, was " + stars);
        }
        this.minStars = stars;
        return this;
    }

    /** Only official repositories, or only others (docker's {@code --filter is-official=true|false}). */
    public SearchRequest official(boolean official) {
        this.official = official;
        return this;
    }

    /**
     * @throws NotFoundException if the registry offers neither a search API nor a catalog
     * @throws UnauthorizedException if it offers no search API and its catalog needs a login
     * @throws DeniedException if the account may not list its catalog
     */
    public List<SearchResult> call() {
        return registry.get().search(registryName, term, limit).stream()
                .filter(r -> r.starCount() >= minStars)
                .filter(r -> official == null || r.official() == official)
                .limit(limit)
                .toList();
    }
}
