package dev.stowage.testkit.registry;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request target read as a registry endpoint: its {@link RequestKind}, the repository it
 * addresses, the last path element (digest, tag or upload id) and the query parameters.
 * Repository names contain slashes, so each pattern takes the longest name that leaves a
 * well-formed endpoint after it.
 */
record Route(RequestKind kind, String repository, String reference, Map<String, List<String>> query) {
    private static final Pattern UPLOADS = Pattern.compile("/v2/(.+)/blobs/uploads/?");
    private static final Pattern UPLOAD = Pattern.compile("/v2/(.+)/blobs/uploads/([^/]+)");
    private static final Pattern BLOB = Pattern.compile("/v2/(.+)/blobs/([^/]+)");
    private static final Pattern MANIFEST = Pattern.compile("/v2/(.+)/manifests/([^/]+)");
    private static final Pattern TAGS = Pattern.compile("/v2/(.+)/tags/list");
    private static final Pattern REFERRERS = Pattern.compile("/v2/(.+)/referrers/([^/]+)");

    static Route parse(String method, String target) {
        String rawPath = target;
        String rawQuery = null;
        int q = target.indexOf('?');
        if (q >= 0) {
            rawPath = target.substring(0, q);
            rawQuery = target.substring(q + 1);
        }
        String path;
        try {
            path = URI.create("http://h" + rawPath).getPath();
        } catch (IllegalArgumentException e) {
            path = rawPath;
        }
        return route(method, path == null ? rawPath : path, query(rawQuery));
    }

    private static Route route(String method, String path, Map<String, List<String>> query) {
        if (path.equals("/v2/") || path.equals("/v2")) {
            return new Route(method.equals("GET") || method.equals("HEAD") ? RequestKind.PING : RequestKind.OTHER,
                    null, null, query);
        }
        if (path.equals("/v2/_catalog")) {
            return new Route(method.equals("GET") ? RequestKind.CATALOG : RequestKind.OTHER, null, null, query);
        }
        Matcher m;
        if ((m = UPLOADS.matcher(path)).matches()) {
            RequestKind kind = !method.equals("POST") ? RequestKind.OTHER
                    : query.containsKey("mount") ? RequestKind.MOUNT
                    : query.containsKey("digest") ? RequestKind.UPLOAD_SINGLE_POST
                    : RequestKind.UPLOAD_START;
            return new Route(kind, m.group(1), null, query);
        }
        if ((m = UPLOAD.matcher(path)).matches()) {
            RequestKind kind = switch (method) {
                case "PATCH" -> RequestKind.UPLOAD_CHUNK;
                case "PUT" -> RequestKind.UPLOAD_COMPLETE;
                case "GET" -> RequestKind.UPLOAD_STATUS;
                case "DELETE" -> RequestKind.UPLOAD_CANCEL;
                default -> RequestKind.OTHER;
            };
            return new Route(kind, m.group(1), m.group(2), query);
        }
        if ((m = BLOB.matcher(path)).matches()) {
            RequestKind kind = switch (method) {
                case "GET" -> RequestKind.BLOB_GET;
                case "HEAD" -> RequestKind.BLOB_HEAD;
                case "DELETE" -> RequestKind.BLOB_DELETE;
                default -> RequestKind.OTHER;
            };
            return new Route(kind, m.group(1), m.group(2), query);
        }
        if ((m = MANIFEST.matcher(path)).matches()) {
            RequestKind kind = switch (method) {
                case "GET" -> RequestKind.MANIFEST_GET;
                case "HEAD" -> RequestKind.MANIFEST_HEAD;
                case "PUT" -> RequestKind.MANIFEST_PUT;
                case "DELETE" -> RequestKind.MANIFEST_DELETE;
                default -> RequestKind.OTHER;
            };
            return new Route(kind, m.group(1), m.group(2), query);
        }
        if ((m = TAGS.matcher(path)).matches()) {
            return new Route(method.equals("GET") ? RequestKind.TAGS_LIST : RequestKind.OTHER, m.group(1), null, query);
        }
        if ((m = REFERRERS.matcher(path)).matches()) {
            return new Route(method.equals("GET") ? RequestKind.REFERRERS : RequestKind.OTHER, m.group(1), m.group(2),
                    query);
        }
        return new Route(RequestKind.OTHER, null, null, query);
    }

    /** The first value of a query parameter, or null. */
    String param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // a malformed escape: the value then fails validation by name
        }
    }
}
