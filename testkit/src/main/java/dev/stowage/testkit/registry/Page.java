package dev.stowage.testkit.registry;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One page of a sorted name list ({@code tags/list}, {@code _catalog}) as the spec's {@code n} and
 * {@code last} parameters choose it: the names after {@code last}, at most {@code n} of them
 * ({@code n=0}: none), and a {@code Link: <…>; rel="next"} when more follow.
 *
 * @param next the {@code Link} header value, or null on the last page
 */
record Page(List<String> names, String next) {

    /**
     * @param path the endpoint's path, for the {@code Link}
     * @throws RegistryError 400 if {@code n} is not a non-negative integer
     */
    static Page of(List<String> sorted, String n, String last, String path) {
        List<String> after = last == null ? sorted : sorted.stream().filter(name -> name.compareTo(last) > 0).toList();
        if (n == null) {
            return new Page(after, null);
        }
        int limit;
        try {
            limit = Integer.parseInt(n);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 0) {
            throw RegistryError.of(400, ErrorCode.UNSUPPORTED, "n must be a non-negative integer, got \"" + n + "\"");
        }
        if (limit == 0 || after.size() <= limit) {
            return new Page(after.subList(0, limit == 0 ? 0 : after.size()), null);
        }
        List<String> page = after.subList(0, limit);
        String link = "<" + path + "?n=" + limit + "&last=" + URLEncoder.encode(page.get(limit - 1), StandardCharsets.UTF_8)
                + ">; rel=\"next\"";
        return new Page(page, link);
    }
}
