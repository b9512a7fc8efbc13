package dev.stowage.testkit.registry;

/**
 * What a request to a registry asks for, by the distribution spec's endpoints ({@code end-1} …
 * {@code end-13}) and the Docker catalog: the unit in which the request log is read and faults
 * are injected.
 *
 * <pre>{@code
 * registry.faults().nth(2, RequestKind.UPLOAD_CHUNK).respond(503);
 * assertEquals(3, registry.requests(RequestKind.UPLOAD_CHUNK).size());
 * }</pre>
 */
public enum RequestKind {
    /** {@code GET /v2/}: the API version check (end-1). */
    PING,
    /** {@code HEAD /v2/<name>/blobs/<digest>} (end-2). */
    BLOB_HEAD,
    /** {@code GET /v2/<name>/blobs/<digest>}, with or without {@code Range} (end-2). */
    BLOB_GET,
    /** {@code DELETE /v2/<name>/blobs/<digest>} (end-10). */
    BLOB_DELETE,
    /** {@code POST /v2/<name>/blobs/uploads/}: opens an upload session (end-4a). */
    UPLOAD_START,
    /** {@code POST /v2/<name>/blobs/uploads/?digest=<digest>} with the whole blob (end-4b). */
    UPLOAD_SINGLE_POST,
    /** {@code POST /v2/<name>/blobs/uploads/?mount=<digest>&from=<other>} (end-11). */
    MOUNT,
    /** {@code PATCH <location>}: one chunk of an upload (end-5). */
    UPLOAD_CHUNK,
    /** {@code PUT <location>?digest=<digest>}: closes an upload, perhaps with its last chunk (end-6). */
    UPLOAD_COMPLETE,
    /** {@code GET <location>}: how much of an upload the registry holds (end-13). */
    UPLOAD_STATUS,
    /** {@code DELETE <location>}: cancels an upload. */
    UPLOAD_CANCEL,
    /** {@code HEAD /v2/<name>/manifests/<reference>} (end-3). */
    MANIFEST_HEAD,
    /** {@code GET /v2/<name>/manifests/<reference>} (end-3). */
    MANIFEST_GET,
    /** {@code PUT /v2/<name>/manifests/<reference>} (end-7). */
    MANIFEST_PUT,
    /** {@code DELETE /v2/<name>/manifests/<reference>} (end-9). */
    MANIFEST_DELETE,
    /** {@code GET /v2/<name>/tags/list}, perhaps with {@code n} and {@code last} (end-8). */
    TAGS_LIST,
    /** {@code GET /v2/<name>/referrers/<digest>}, perhaps with {@code artifactType} (end-12). */
    REFERRERS,
    /** {@code GET /v2/_catalog}: Docker's repository list (not in the OCI spec). */
    CATALOG,
    /** Anything else. */
    OTHER;

    /**
     * The kind of a request.
     *
     * @param method the HTTP method
     * @param target the request target as sent: path and query, e.g. {@code /v2/app/blobs/uploads/?mount=…}
     */
    public static RequestKind of(String method, String target) {
        return Route.parse(method, target).kind();
    }
}
