package dev.stowage.registry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.stowage.core.RegistryException;
import dev.stowage.registry.auth.Scope;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A paginated list endpoint (tags, catalog): {@code ?n=} pages followed through the
 * {@code Link: <…>; rel="next"} header until the registry sends none. Each link is resolved
 * against the URL of the page that gave it and must stay on the registry's origin, the one its
 * credentials go to. Pages are parsed as they stream in, and the pages followed and the names
 * kept are bounded, so neither a link that never ends nor a huge page can exhaust the client.
 */
final class PagedList {
    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_PAGE_BYTES = 16 << 20;

    private final HttpTransport transport;
    private final int maxPages;
    private final int maxNames;

    PagedList(HttpTransport transport, int maxPages, int maxNames) {
        this.transport = transport;
        this.maxPages = maxPages;
        this.maxNames = maxNames;
    }

    /**
     * @param firstPage the first page's registry path
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
     * registry links no next page; the bounds count every page and name handed over.
     */
    void forEachPage(String registry, String firstPage, String field, List<Scope> scopes, String action,
            Predicate<List<String>> consumer) {
        Set<URI> fetched = new HashSet<>();
        int names = 0;
        String page = firstPage;
        for (int pages = 0; page != null; pages++) {
            if (pages == maxPages) {
                throw new RegistryException(action + " failed: the registry links to more than " + maxPages
                        + " pages, the limit", registry, 200, null);
            }
            RegistryRequest request = RegistryRequest.of(registry, "GET", page, scopes, action);
            int before = names;
            List<String> onPage = new ArrayList<>();
            Optional<URI> next = transport.fetch(request, response -> {
                if (response.statusCode() != 200) {
                    throw transport.error(request, response);
                }
                Optional<URI> link = next(request, response);
                if (link.isPresent() && (fetched.contains(link.get()) || link.get().equals(response.uri()))) {
                    throw new RegistryException(action + " failed: the registry's pages link back to an earlier one",
                            registry, 200, null);
                }
                // The page's names are kept only once all of them arrived: a page that breaks off is read again.
                List<String> read = read(request, response, field, before);
                fetched.add(response.uri());
                onPage.addAll(read);
                return link;
            });
            names += onPage.size();
            if (!consumer.test(onPage)) {
                return;
            }
            page = next.map(URI::toString).orElse(null);
        }
    }

    /**
     * The page's names, reading no further than the bounds allow, {@code before} names having come
     * from earlier pages.
     *
     * @throws IOException if the body breaks off
     */
    private List<String> read(RegistryRequest request, HttpResponse<InputStream> response, String field, int before)
            throws IOException {
        List<String> all = new ArrayList<>();
        try (InputStream in = new Bounded(response.body(), request); JsonParser json = JSON.createParser(in)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new RegistryException(request.action() + " failed: unreadable answer (not a JSON object)",
                        request.registry(), 200, null);
            }
            for (JsonToken t = json.nextToken(); t == JsonToken.FIELD_NAME; t = json.nextToken()) {
                boolean names = json.currentName().equals(field);
                JsonToken value = json.nextToken();
                if (!names || value == JsonToken.VALUE_NULL) {
                    json.skipChildren();
                    continue;
                }
                if (value != JsonToken.START_ARRAY) {
                    throw new RegistryException(request.action() + " failed: \"" + field + "\" is not a list",
                            request.registry(), 200, null);
                }
                for (JsonToken n = json.nextToken(); n != JsonToken.END_ARRAY; n = json.nextToken()) {
                    if (n == null || !n.isScalarValue()) {
                        throw new RegistryException(request.action() + " failed: \"" + field
                                + "\" is not a list of names", request.registry(), 200, null);
                    }
                    if (before + all.size() == maxNames) {
                        throw new RegistryException(request.action() + " failed: the registry lists more than "
                                + maxNames + " names, the limit", request.registry(), 200, null);
                    }
                    all.add(json.getValueAsString(""));
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new RegistryException(request.action() + " failed: unreadable answer (" + e.getOriginalMessage()
                    + ")", request.registry(), 200, null, e);
        }
        return all;
    }

    /** The next page's URL, resolved against this page's and checked to be on the registry's origin. */
    private Optional<URI> next(RegistryRequest request, HttpResponse<InputStream> response) {
        for (String link : response.headers().allValues("Link")) {
            Optional<String> target = LinkHeader.next(link);
            if (target.isEmpty()) {
                continue;
            }
            URI next;
            try {
                next = response.uri().resolve(new URI(target.get()));
            } catch (URISyntaxException | IllegalArgumentException e) {
                HttpTransport.discard(response);
                throw new RegistryException(request.action() + " failed: the registry's link to the next page is not"
                        + " a valid URL", request.registry(), 200, null);
            }
            if (!transport.onRegistryOrigin(request.registry(), next)) {
                HttpTransport.discard(response);
                throw new RegistryException(request.action() + " failed: the registry's link to the next page points"
                        + " outside the registry (" + origin(next) + ")", request.registry(), 200, null);
            }
            return Optional.of(next);
        }
        return Optional.empty();
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    /** A page body that fails past {@link #MAX_PAGE_BYTES} instead of being read on (and is not asked for again). */
    private static final class Bounded extends FilterInputStream {
        private final RegistryRequest request;
        private long read;

        Bounded(InputStream in, RegistryRequest request) {
            super(in);
            this.request = request;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                read += n;
                if (read > MAX_PAGE_BYTES) {
                    throw new RegistryException(request.action() + " failed: unreadable answer (a page is larger than "
                            + (MAX_PAGE_BYTES >> 20) + " MiB, the limit)", request.registry(), 200, null);
                }
            }
            return n;
        }
    }
}
