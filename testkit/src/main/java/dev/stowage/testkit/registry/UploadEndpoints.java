package dev.stowage.testkit.registry;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Blob uploads (end-4a, end-4b, end-5, end-6, end-11, end-13, and cancelling): sessions opened by
 * {@code POST}, fed in order by {@code PATCH} (a chunk that does not start where the session ends
 * gets 416), closed by {@code PUT ?digest=} once the bytes hash to that digest; a single
 * {@code POST ?digest=} with the whole blob; and cross-repository mounts.
 */
final class UploadEndpoints {
    private static final Pattern CONTENT_RANGE = Pattern.compile("(\\d+)-(\\d+)");

    private final RegistryState state;
    private final boolean mountEnabled;

    UploadEndpoints(RegistryState state, boolean mountEnabled) {
        this.state = state;
        this.mountEnabled = mountEnabled;
    }

    /** {@code POST /v2/<name>/blobs/uploads/}, with {@code ?digest=} or {@code ?mount=&from=} or neither. */
    void start(Call call) throws IOException {
        Route route = call.route();
        String repository = route.repository();
        if (route.kind() == RequestKind.MOUNT) {
            BlobDigest digest = BlobEndpoints.digest(route.param("mount"));
            String from = route.param("from");
            if (from != null) {
                Names.requireRepository(from);
            }
            // Without "from" the spec lets a registry look for the blob anywhere; like Distribution, this one does not.
            if (mountEnabled && from != null && state.mount(repository, from, digest)) {
                call.respond(201, created(repository, digest));
                return;
            }
        }
        if (route.kind() == RequestKind.UPLOAD_SINGLE_POST) {
            BlobDigest digest = BlobEndpoints.digest(route.param("digest"));
            UploadSession session = state.openUpload(repository);
            synchronized (session) {
                try {
                    session.append(call.body());
                    complete(call, session, digest);
                } finally {
                    if (!session.finished()) {
                        state.cancelUpload(session);
                    }
                }
            }
            return;
        }
        call.respond(202, progress(state.openUpload(repository)));
    }

    /** {@code PATCH <location>}: appends a chunk. */
    void patch(Call call) throws IOException {
        UploadSession session = session(call);
        synchronized (session) {
            requireOpen(session);
            checkContentRange(call, session);
            session.append(call.body());
            call.respond(202, progress(session));
        }
    }

    /** {@code PUT <location>?digest=}: appends the last chunk, if any, and stores the blob if it matches the digest. */
    void put(Call call) throws IOException {
        UploadSession session = session(call);
        synchronized (session) {
            requireOpen(session);
            String claimed = call.route().param("digest");
            if (claimed == null) {
                throw RegistryError.of(400, ErrorCode.DIGEST_INVALID, "closing an upload needs ?digest= naming the blob");
            }
            BlobDigest digest = BlobEndpoints.digest(claimed);
            checkContentRange(call, session);
            session.append(call.body());
            complete(call, session, digest);
        }
    }

    /** {@code GET <location>}: how far the session got (204 with {@code Range}). */
    void status(Call call) throws IOException {
        UploadSession session = session(call);
        synchronized (session) {
            requireOpen(session);
            call.respond(204, progress(session));
        }
    }

    /** {@code DELETE <location>}: cancels the session. */
    void cancel(Call call) throws IOException {
        UploadSession session = session(call);
        synchronized (session) {
            requireOpen(session);
            state.cancelUpload(session);
            call.respond(204, Map.of());
        }
    }

    private void complete(Call call, UploadSession session, BlobDigest digest) throws IOException {
        BlobDigest actual = session.digest(digest.algorithm());
        if (!actual.equals(digest)) {
            throw RegistryError.of(400, ErrorCode.DIGEST_INVALID, "the " + session.size() + " bytes uploaded hash to "
                    + actual + ", not " + digest, digest.toString());
        }
        state.completeUpload(session, digest);
        call.respond(201, created(session.repository(), digest));
    }

    private UploadSession session(Call call) {
        return state.upload(call.route().repository(), call.route().reference()).orElseThrow(() -> unknownSession(call));
    }

    private static void requireOpen(UploadSession session) {
        if (session.finished()) {
            throw RegistryError.of(404, ErrorCode.BLOB_UPLOAD_UNKNOWN, "upload " + session.id() + " is closed");
        }
    }

    private static RegistryError unknownSession(Call call) {
        return RegistryError.of(404, ErrorCode.BLOB_UPLOAD_UNKNOWN, "no upload " + call.route().reference()
                + " in repository " + call.route().repository());
    }

    /**
     * A chunk with {@code Content-Range} must start where the session ends (else 416, with the
     * session's progress) and, when its length is declared, be as long as its range.
     */
    private static void checkContentRange(Call call, UploadSession session) {
        String header = call.header("Content-Range");
        if (header == null) {
            return;
        }
        Matcher m = CONTENT_RANGE.matcher(header.trim());
        if (!m.matches()) {
            throw RegistryError.of(400, ErrorCode.BLOB_UPLOAD_INVALID, "Content-Range \"" + header
                    + "\" is not <first>-<last> (inclusive byte offsets)");
        }
        long first = Long.parseLong(m.group(1));
        long last = Long.parseLong(m.group(2));
        if (first != session.size() || last < first) {
            throw RegistryError.of(416, ErrorCode.BLOB_UPLOAD_INVALID, "chunk " + header + " does not continue the "
                    + session.size() + " bytes uploaded so far").withHeaders(progress(session));
        }
        long declared = call.contentLength();
        if (declared >= 0 && declared != last - first + 1) {
            throw RegistryError.of(400, ErrorCode.SIZE_INVALID, "Content-Range " + header + " spans "
                    + (last - first + 1) + " bytes but Content-Length is " + declared);
        }
    }

    private static Map<String, String> progress(UploadSession session) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Location", session.location());
        headers.put("Range", session.range());
        headers.put("Docker-Upload-UUID", session.id());
        return headers;
    }

    private static Map<String, String> created(String repository, BlobDigest digest) {
        return Map.of("Location", "/v2/" + repository + "/blobs/" + digest, "Docker-Content-Digest", digest.toString());
    }
}
