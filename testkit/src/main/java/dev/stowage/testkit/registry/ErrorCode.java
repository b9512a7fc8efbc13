package dev.stowage.testkit.registry;

/** The error codes of the distribution spec's error JSON, with the spec's description of each. */
enum ErrorCode {
    BLOB_UNKNOWN("blob unknown to registry"),
    BLOB_UPLOAD_INVALID("blob upload invalid"),
    BLOB_UPLOAD_UNKNOWN("blob upload unknown to registry"),
    DIGEST_INVALID("provided digest did not match uploaded content"),
    MANIFEST_BLOB_UNKNOWN("manifest references a manifest or blob unknown to registry"),
    MANIFEST_INVALID("manifest invalid"),
    MANIFEST_UNKNOWN("manifest unknown to registry"),
    NAME_INVALID("invalid repository name"),
    NAME_UNKNOWN("repository name not known to registry"),
    SIZE_INVALID("provided length did not match content length"),
    UNAUTHORIZED("authentication required"),
    DENIED("requested access to the resource is denied"),
    UNSUPPORTED("the operation is unsupported"),
    TOOMANYREQUESTS("too many requests"),
    /** Not a spec code: Distribution's answer to a fault of its own (5xx bodies are unconstrained). */
    UNKNOWN("unknown error");

    private final String description;

    ErrorCode(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }
}
