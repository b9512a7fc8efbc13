package dev.stowage.testkit.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Serves every request of the in-process registry: applies an injected fault if one is due,
 * checks access, dispatches to the endpoint, turns refusals into the spec's error JSON, and
 * records the request in the log.
 */
final class RegistryHandler implements HttpHandler {
    /** The kinds whose body flows from the client: an injected reset cuts the request body. */
    private static final Set<RequestKind> UPLOADS = Set.of(RequestKind.UPLOAD_CHUNK, RequestKind.UPLOAD_COMPLETE,
            RequestKind.UPLOAD_SINGLE_POST, RequestKind.MANIFEST_PUT);

    private final RegistryServer.Settings settings;
    private final Faults faults;
    private final RequestLog log;
    private final BlobEndpoints blobs;
    private final UploadEndpoints uploads;
    private final ManifestEndpoints manifests;
    private final ListEndpoints lists;

    RegistryHandler(RegistryServer.Settings settings, RegistryState state, Faults faults, RequestLog log) {
        this.settings = settings;
        this.faults = faults;
        this.log = log;
        this.blobs = new BlobEndpoints(state, settings.deleteEnabled());
        this.uploads = new UploadEndpoints(state, settings.mountEnabled());
        this.manifests = new ManifestEndpoints(state, settings.deleteEnabled(), settings.referrersApi());
        this.lists = new ListEndpoints(state, settings.referrersApi());
    }

    @Override
    public void handle(HttpExchange exchange) {
        Call call = new Call(exchange, log);
        try {
            Optional<Faults.Action> fault = faults.decide(call.route().kind());
            if (fault.isPresent() && apply(fault.get(), call)) {
                return;
            }
            serve(call);
        } catch (RegistryError e) {
            answer(call, e);
        } catch (IOException gone) {
            // The connection is cut (on purpose, or by the client): nothing more can be said on it.
        } catch (RuntimeException e) {
            log.fault(call, e);
            answer(call, RegistryError.of(500, ErrorCode.UNKNOWN, "in-process registry fault: " + e));
        } finally {
            // Closing an exchange whose answer is unsent or unfinished closes its connection.
            exchange.close();
            log.record(call);
        }
    }

    /** @return whether the fault replaced the answer */
    private boolean apply(Faults.Action fault, Call call) throws IOException {
        if (fault instanceof Faults.Action.Delay delay) {
            sleep(delay.duration());
            return false;
        }
        if (fault instanceof Faults.Action.Reset reset) {
            if (UPLOADS.contains(call.route().kind())) {
                call.resetRequestAfter(reset.afterBytes());
            } else {
                call.resetResponseAfter(reset.afterBytes());
            }
            return false;
        }
        Faults.Action.Respond respond = (Faults.Action.Respond) fault;
        ErrorCode code = switch (respond.status()) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.DENIED;
            case 429 -> ErrorCode.TOOMANYREQUESTS;
            default -> ErrorCode.UNKNOWN;
        };
        call.fail(RegistryError.of(respond.status(), code, "injected fault: " + respond.status())
                .withHeaders(respond.headers()));
        return true;
    }

    private void serve(Call call) throws IOException {
        Route route = call.route();
        if (route.repository() != null) {
            Names.requireRepository(route.repository());
        }
        authorize(call);
        switch (route.kind()) {
            case PING -> call.respondJson(200, Map.of(), Map.of());
            case CATALOG -> lists.catalog(call);
            case TAGS_LIST -> lists.tags(call);
            case REFERRERS -> lists.referrers(call);
            case BLOB_GET, BLOB_HEAD -> blobs.get(call);
            case BLOB_DELETE -> blobs.delete(call);
            case UPLOAD_START, UPLOAD_SINGLE_POST, MOUNT -> uploads.start(call);
            case UPLOAD_CHUNK -> uploads.patch(call);
            case UPLOAD_COMPLETE -> uploads.put(call);
            case UPLOAD_STATUS -> uploads.status(call);
            case UPLOAD_CANCEL -> uploads.cancel(call);
            case MANIFEST_GET, MANIFEST_HEAD -> manifests.get(call);
            case MANIFEST_PUT -> manifests.put(call);
            case MANIFEST_DELETE -> manifests.delete(call);
            case OTHER -> throw RegistryError.of(404, ErrorCode.UNSUPPORTED, "no endpoint " + call.method() + " "
                    + call.target());
        }
    }

    /** Access as Distribution demands it: pull to read, pull and push to write, delete to delete. */
    private void authorize(Call call) {
        Route route = call.route();
        List<AccessControl.Scope> needed = new ArrayList<>();
        if (route.kind() == RequestKind.CATALOG) {
            needed.add(new AccessControl.Scope("registry", "catalog", List.of("*")));
        } else if (route.repository() != null) {
            List<String> actions = switch (call.method()) {
                case "GET", "HEAD" -> List.of("pull");
                case "DELETE" -> List.of("delete");
                default -> List.of("pull", "push");
            };
            needed.add(new AccessControl.Scope("repository", route.repository(), actions));
            String from = route.kind() == RequestKind.MOUNT ? route.param("from") : null;
            if (from != null && Names.isRepository(from)) {
                needed.add(new AccessControl.Scope("repository", from, List.of("pull")));
            }
        }
        settings.access().check(call.header("Authorization"), needed).ifPresent(refusal -> {
            throw RegistryError.of(refusal.status(), refusal.status() == 403 ? ErrorCode.DENIED : ErrorCode.UNAUTHORIZED,
                    refusal.message(), needed.stream().map(AccessControl.Scope::toString).toList())
                    .withHeaders(refusal.challenge() == null ? Map.of() : Map.of("WWW-Authenticate", refusal.challenge()));
        });
    }

    private static void answer(Call call, RegistryError error) {
        if (call.answered()) {
            return; // the answer began before the failure; closing the exchange cuts it
        }
        try {
            call.fail(error);
        } catch (IOException gone) {
            // the client left
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
