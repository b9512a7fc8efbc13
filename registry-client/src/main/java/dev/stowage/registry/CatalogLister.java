package dev.stowage.registry;

import dev.stowage.registry.auth.Scope;
import java.util.List;

/** {@code GET /v2/_catalog}, every page: the repositories a registry holds. */
final class CatalogLister {
    private final PagedList pages;
    private final int pageSize;

    CatalogLister(PagedList pages, int pageSize) {
        this.pages = pages;
        this.pageSize = pageSize;
    }

    List<String> list(String registry) {
        return pages.fetchAll(registry, Endpoints.catalog(pageSize), "repositories", List.of(Scope.catalog()),
                "listing the repositories of " + registry);
    }
}
