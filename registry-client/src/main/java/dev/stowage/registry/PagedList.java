package dev.stowage.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.core.RegistryException;
import dev.stowage.registry.auth.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A paginated list endpoint (tags, catalog): {@code ?n=} pages followed through the
 * {@code Link: <…>; rel="next"} header until the registry sends none.
 */
final class PagedList {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*;[^,]*rel=\"?next\"?");
    private static final int MAX_PAGE_BYTES = 16 << 20;

    private final HttpTransport transport;

    PagedList(HttpTransport transport) {
        this.transport = transport;
    }

    /**
     * @param field the JSON array holding the names ({@code tags} or {@code repositories})
     */
    List<String> fetchAll(String registry, String firstPage, String field, List<Scope> scopes, String action) {
        List<String> all = new ArrayList<>();
        forEachPage(registry, firstPage, field, scopes, action, page -> {
            all.addAll(page);
            return true;
        });
        return all;
    }

    /**
     * Hands each page's names to {@code consumer} in order, until it returns false or the
     * registry links no next page.
     */
    void forEachPage(String registry, String firstPage, String field, List<Scope> scopes, String action,
            Predicate<List<String>> consumer) {
        Set<String> seen = new HashSet<>();
        String page = firstPage;
        while (page != null) {
            if (!seen.add(page)) {
                throw new RegistryException(action + " failed: the registry's pages link back to " + page,
                        registry, 200, null);
            }
            RegistryRequest request = RegistryRequest.of(registry, "GET", page, scopes, action);
            HttpResponse<InputStream> response = transport.send(request);
            if (response.statusCode() != 200) {
                throw transport.error(request, response);
            }
            JsonNode node = read(request, response);
            JsonNode names = node.path(field);
            if (!names.isArray() && !names.isNull() && !names.isMissingNode()) {
                throw new RegistryException(action + " failed: \"" + field + "\" is not a list", registry, 200, null);
            }
            List<String> onPage = new ArrayList<>(names.size());
            for (JsonNode n : names) {
                onPage.add(n.asText());
            }
            if (!consumer.test(onPage)) {
                return;
            }
            page = next(response).orElse(null);
        }
    }

    private static JsonNode read(RegistryRequest request, HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            byte[] body = in.readNBytes(MAX_PAGE_BYTES + 1);
            if (body.length > MAX_PAGE_BYTES) {
                throw new RegistryException(request.action() + " failed: a page is larger than " + MAX_PAGE_BYTES
                        + " bytes", request.registry(), 200, null);
            }
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new IOException("not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new RegistryException(request.action() + " failed: unreadable answer (" + e.getMessage() + ")",
                    request.registry(), 200, null, e);
        }
    }

    private static Optional<String> next(HttpResponse<InputStream> response) {
        for (String link : response.headers().allValues("Link")) {
            Matcher m = LINK.matcher(link);
            if (m.find() && !m.group(1).isEmpty()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }
}
