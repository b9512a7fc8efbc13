package dev.stowage.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.core.DeniedException;
import dev.stowage.core.NotFoundException;
import dev.stowage.core.RegistryException;
import dev.stowage.core.SearchResult;
import dev.stowage.core.UnauthorizedException;
import dev.stowage.core.reference.RegistryHosts;
import dev.stowage.registry.auth.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code docker search}: Docker Hub's search API, {@code GET /v1/search?q=TERM&n=LIMIT}, which
 * docker asks of {@code index.docker.io} for Docker Hub and of the registry itself otherwise. A
 * registry that answers 404, 405 or 501 there (the Distribution registry has no such API) is
 * searched through its catalog instead: repositories whose name contains the term, ignoring
 * case, in the catalog's order, paged until {@code limit} are found or the pages end.
 */
final class RepositorySearch {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HUB_SEARCH = "https://index.docker.io/v1/search";
    private static final int MAX_ANSWER_BYTES = 4 << 20;
    /** Distribution's own default page: small pages let a search stop as soon as it has enough. */
    private static final int CATALOG_PAGE = 100;

    private final HttpTransport transport;
    private final PagedList pages;
    private final int catalogPage;

    RepositorySearch(HttpTransport transport, PagedList pages, int pageSize) {
        this.transport = transport;
        this.pages = pages;
        this.catalogPage = Math.min(pageSize, CATALOG_PAGE);
    }

    List<SearchResult> search(String registry, String term, int limit) {
        String query = "?q=" + Endpoints.query(term) + "&n=" + limit;
        boolean hub = registry.equals(RegistryHosts.DOCKER_HUB);
        String action = "searching " + registry + " for \"" + term + "\"";
        RegistryRequest request = RegistryRequest.of(registry, "GET", (hub ? HUB_SEARCH : "/v1/search") + query,
                List.of(), action);
        HttpResponse<InputStream> response = transport.send(request);
        int status = response.statusCode();
        if (status == 200) {
            return results(request, response, limit);
        }
        if (hub || (status != 404 && status != 405 && status != 501)) {
            throw transport.error(request, response);
        }
        HttpTransport.discard(response);
        return searchCatalog(registry, term, limit, action, status);
    }

    private List<SearchResult> searchCatalog(String registry, String term, int limit, String action, int searchStatus) {
        String needle = term.toLowerCase(Locale.ROOT);
        List<SearchResult> found = new ArrayList<>();
        String why = action + " failed: " + registry + " has no search API (/v1/search answered HTTP " + searchStatus
                + ")";
        try {
            pages.forEachPage(registry, Endpoints.catalog(catalogPage), "repositories", List.of(Scope.catalog()),
                    action + " in its catalog", names -> {
                        for (String name : names) {
                            if (name.toLowerCase(Locale.ROOT).contains(needle) && found.size() < limit) {
                                found.add(new SearchResult(registry + "/" + name, "", 0, false, false));
                            }
                        }
                        return found.size() < limit;
                    });
        } catch (UnauthorizedException e) {
            throw new UnauthorizedException(why + " and refused to list its catalog (HTTP " + e.statusCode()
                    + "): log in as a user allowed to list it", registry,
                    e.statusCode(), e.errorCode().orElse(null));
        } catch (DeniedException e) {
            throw new DeniedException(why + " and denies this account its catalog (HTTP " + e.statusCode()
                    + "): ask for the registry:catalog:* permission, or pull by name", registry, e.statusCode(),
                    e.errorCode().orElse(null));
        } catch (NotFoundException e) {
            throw new NotFoundException(why + " and no catalog (/v2/_catalog answered HTTP " + e.statusCode()
                    + "): it cannot be searched; pull by name", registry, e.statusCode(), e.errorCode().orElse(null));
        }
        return found;
    }

    private static List<SearchResult> results(RegistryRequest request, HttpResponse<InputStream> response, int limit) {
        JsonNode answer;
        try (InputStream in = response.body()) {
            byte[] body = in.readNBytes(MAX_ANSWER_BYTES + 1);
            if (body.length > MAX_ANSWER_BYTES) {
                throw new IOException("larger than " + MAX_ANSWER_BYTES + " bytes");
            }
            answer = JSON.readTree(body);
        } catch (IOException e) {
            throw new RegistryException(request.action() + " failed: unreadable answer (" + e.getMessage() + ")",
                    request.registry(), 200, null, e);
        }
        JsonNode results = answer == null ? null : answer.get("results");
        if (results == null || !(results.isArray() || results.isNull())) {
            throw new RegistryException(request.action() + " failed: the answer has no \"results\" list",
                    request.registry(), 200, null);
        }
        List<SearchResult> found = new ArrayList<>();
        for (JsonNode r : results) {
            String name = r.path("name").asText("");
            if (!name.isEmpty() && found.size() < limit) {
                found.add(new SearchResult(name, r.path("description").asText(""), r.path("star_count").asInt(0),
                        r.path("is_official").asBoolean(false), r.path("is_automated").asBoolean(false)));
            }
        }
        return found;
    }
}
