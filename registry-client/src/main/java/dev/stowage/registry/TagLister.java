package dev.stowage.registry;

import dev.stowage.registry.auth.Scope;
import java.util.List;

/** {@code GET /v2/<name>/tags/list}, every page. */
final class TagLister {
    private final PagedList pages;
    private final int pageSize;

    TagLister(PagedList pages, int pageSize) {
        this.pages = pages;
        this.pageSize = pageSize;
    }

    List<String> list(String registry, String repository) {
        return pages.fetchAll(registry, Endpoints.tags(repository, pageSize), "tags", List.of(Scope.pull(repository)),
                "listing tags of " + registry + "/" + repository);
    }
}
