package dev.stowage.registry;

import dev.stowage.core.model.Digest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The distribution-spec paths, in one place. Repository names and tags need no escaping. */
final class Endpoints {
    private Endpoints() {
    }

    static String base() {
        return "/v2/";
    }

    static String manifest(String repository, String tagOrDigest) {
        return "/v2/" + repository + "/manifests/" + tagOrDigest;
    }

    static String blob(String repository, Digest digest) {
        return "/v2/" + repository + "/blobs/" + digest;
    }

    static String uploads(String repository) {
        return "/v2/" + repository + "/blobs/uploads/";
    }

    static String mount(String repository, Digest digest, String from) {
        return uploads(repository) + "?mount=" + query(digest.toString()) + "&from=" + query(from);
    }

    static String tags(String repository, int pageSize) {
        return "/v2/" + repository + "/tags/list?n=" + pageSize;
    }

    static String catalog(int pageSize) {
        return "/v2/_catalog?n=" + pageSize;
    }

    static String referrers(String repository, Digest digest) {
        return "/v2/" + repository + "/referrers/" + digest;
    }

    /** Adds a query parameter to an upload location, which may already carry a query of its own. */
    static String withQuery(String location, String name, String value) {
        return location + (location.contains("?") ? "&" : "?") + name + "=" + query(value);
    }

    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
