package dev.stowage.registry;

import dev.stowage.core.ProgressEvent;
import dev.stowage.core.ProgressListener;
import dev.stowage.core.RegistryException;
import dev.stowage.core.StowageException;
import dev.stowage.core.reference.RegistryHosts;
import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.registry.auth.AuthChallenge;
import dev.stowage.registry.auth.Authenticator;
import dev.stowage.registry.auth.Scope;
import dev.stowage.registry.tls.CertsDirectories;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ProtocolException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * Sends one {@link RegistryRequest}: chooses the scheme (HTTPS; plain HTTP only for loopback and
 * insecure registries, after HTTPS failed or the port answered a {@link TlsProbe} in plain HTTP), adds the {@code Authorization} the registry asked for
 * (to the registry's origin only), follows redirects itself, answers one authentication challenge,
 * and retries what the {@link RetryPolicy} allows. Every request has the {@link Deadlines}: connect
 * and first byte (for an upload counted from the body's end, while the body must keep moving),
 * and a response body read from it fails once idle or, unless streamed, once late. The caller
 * owns the returned response's body.
 */
final class HttpTransport {
    private static final System.Logger LOG = System.getLogger(HttpTransport.class.getName());
    private static final int MAX_REDIRECTS = 10;
    /**
     * How long a {@link TlsProbe} waits for an answer once connected: any server answers at once,
     * and a silent one only delays the HTTPS attempt that follows.
     */
    private static final Duration PROBE_ANSWER = Duration.ofSeconds(2);

    private final Authenticator auth;
    private final RetryPolicy retry;
    private final Predicate<String> insecure;
    private final boolean loopbackInsecure;
    private final CertsDirectories certs;
    private final Deadlines deadlines;
    private final HttpResponse.BodyHandler<InputStream> bodies;
    private final String userAgent;
    private final HttpClient defaultClient;
    private final ConcurrentMap<String, HttpClient> tlsClients;
    private final ConcurrentMap<String, String> schemes;
    private final Exchanges exchanges;
    /** Where retries of requests that name no listener of their own are reported. */
    private final ProgressListener progress;

    /**
     * @param insecure whether a registry ({@code host} or {@code host:port}) was marked insecure
     *     ({@code --insecure-registry}, {@code registries.conf})
     * @param loopbackInsecure whether registries on this machine are insecure too, as docker treats them
     * @param progress where retries of requests that name no listener of their own are reported
     */
    HttpTransport(CredentialProvider credentials, RetryPolicy retry, Predicate<String> insecure,
            boolean loopbackInsecure, CertsDirectories certs, Deadlines deadlines, String userAgent,
            ProgressListener progress) {
        this.insecure = insecure;
        this.loopbackInsecure = loopbackInsecure;
        this.deadlines = deadlines;
        this.bodies = BodyStream.handler(deadlines.idle(), deadlines.smallBody());
        this.auth = new Authenticator(credentials, this::client, bodies, userAgent, deadlines.firstByte(),
                Clock.systemUTC(), insecure);
        this.retry = retry;
        this.certs = certs;
        this.userAgent = userAgent;
        this.exchanges = new Exchanges();
        this.progress = progress;
        this.defaultClient = newClient(null);
        this.tlsClients = new ConcurrentHashMap<>();
        this.schemes = new ConcurrentHashMap<>();
    }

    private HttpTransport(HttpTransport shared, Authenticator auth, ProgressListener progress) {
        this.auth = auth;
        this.progress = progress;
        this.retry = shared.retry;
        this.insecure = shared.insecure;
        this.loopbackInsecure = shared.loopbackInsecure;
        this.certs = shared.certs;
        this.deadlines = shared.deadlines;
        this.bodies = shared.bodies;
        this.userAgent = shared.userAgent;
        this.defaultClient = shared.defaultClient;
        this.tlsClients = shared.tlsClients;
        this.schemes = shared.schemes;
        this.exchanges = shared.exchanges;
    }

    /** The same connections and settings, presenting other credentials (to check one before storing it). */
    HttpTransport withCredentials(CredentialProvider credentials) {
        return new HttpTransport(this, new Authenticator(credentials, this::client, bodies, userAgent,
                deadlines.firstByte(), Clock.systemUTC(), insecure), progress);
    }

    /** The same connections, settings and tokens, reporting retries to {@code listener}. */
    HttpTransport withProgress(ProgressListener listener) {
        return new HttpTransport(this, auth, listener);
    }

    /**
     * For steps that retry on their own (resuming a download, continuing an upload): waits before
     * the next attempt and reports it, or returns false when the policy allows no more.
     */
    boolean awaitRetry(RegistryRequest request, int failedAttempt, long startNanos, String reason) {
        Optional<Duration> delay = retry.delayAfter(failedAttempt, elapsed(startNanos), Optional.empty());
        delay.ifPresent(d -> pause(request, failedAttempt, d, reason));
        return delay.isPresent();
    }

    /** Reads what one answer says; an {@link IOException} is a body that broke off while being read. */
    @FunctionalInterface
    interface AnswerReader<T> {
        T read(HttpResponse<InputStream> response) throws IOException;
    }

    /**
     * Sends an idempotent {@code request} for a small answer (a manifest, a page of a list) and reads
     * it with {@code reader}: a body that breaks off while being read is asked for again, as the
     * retry policy allows, just as a connection that failed before the headers is. The reader reads
     * the whole answer into something of its own, so nothing of a broken answer is kept.
     */
    <T> T fetch(RegistryRequest request, AnswerReader<T> reader) {
        long start = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<InputStream> response = send(request);
            try (InputStream body = response.body()) {
                return reader.read(response);
            } catch (IOException e) {
                Optional<Duration> delay = request.idempotent()
                        ? retry.delayAfter(attempt, elapsed(start), Optional.empty()) : Optional.empty();
                if (delay.isEmpty()) {
                    throw new RegistryException(request.action() + " failed while reading the answer: " + NetworkFailure.describe(e),
                            request.registry(), -1, null, e);
                }
                pause(request, attempt, delay.get(), "the answer broke off: " + NetworkFailure.describe(e));
            }
        }
    }

    /** Sends {@code request}, retrying and re-authenticating as allowed; the response may be any status. */
    HttpResponse<InputStream> send(RegistryRequest request) {
        exchanges.ensureOpen();
        long start = System.nanoTime();
        Set<Scope> scopes = new LinkedHashSet<>(request.scopes());
        boolean reauthenticated = false;
        int attempt = 0;
        while (true) {
            attempt++;
            Optional<String> authorization = auth.authorization(request.registry(), List.copyOf(scopes));
            HttpResponse<InputStream> response;
            try {
                response = sendOnce(request, authorization);
            } catch (UncheckedIOException e) {
                // The JDK's stream publisher rethrows what reading the body raised as unchecked.
                throw ContentFailure.in(e).orElse(e);
            } catch (IOException e) {
                Optional<RuntimeException> content = ContentFailure.in(e);
                if (content.isPresent()) {
                    throw content.get(); // the blob being sent failed, not the registry
                }
                // a refused certificate stays refused, a name that does not resolve will not resolve
                // in a second: only transient failures are worth another try
                NetworkFailure failure = NetworkFailure.of(e);
                if (request.idempotent() && failure.isTransient()) {
                    Optional<Duration> delay = retry.delayAfter(attempt, elapsed(start), Optional.empty());
                    if (delay.isPresent()) {
                        pause(request, attempt, delay.get(), failure.reason());
                        continue;
                    }
                }
                throw unreachable(request, e);
            }
            int status = response.statusCode();
            if (status == 401 && !origin(response.uri()).equals(origin(resolve(request.registry(), "/v2/")))) {
                // Storage the registry redirected to must not learn the registry's credentials by
                // naming a token server of its own: its challenge is not answered, nor remembered.
                discard(response);
                throw new RegistryException(request.action() + " failed: " + authority(response.uri())
                        + ", where the registry redirected, answered HTTP 401", request.registry(), 401, null);
            }
            if (status == 401 && !reauthenticated) {
                List<AuthChallenge> challenges = AuthChallenge.parse(response.headers().allValues("WWW-Authenticate"))
                        .stream().map(c -> withRealmResolved(c, response.uri())).toList();
                for (AuthChallenge c : challenges) {
                    c.scope().ifPresent(s -> addScopes(scopes, s));
                }
                if (auth.challenged(request.registry(), challenges, scopes, authorization.isPresent())) {
                    discard(response);
                    reauthenticated = true;
                    attempt--;
                    continue;
                }
            }
            if (isRetryable(status) && (request.idempotent() || status == 429)) {
                Optional<Duration> asked = RegistryErrors.retryAfter(response.headers(), Instant.now());
                Optional<Duration> delay = retry.delayAfter(attempt, elapsed(start), asked);
                if (delay.isPresent()) {
                    discard(response);
                    // a longer wait than the policy's longest is cut short, and the event says so
                    String capped = asked.filter(a -> a.compareTo(delay.get()) > 0)
                            .map(a -> " (Retry-After " + Durations.text(a) + ", capped at "
                                    + Durations.text(delay.get()) + ")").orElse("");
                    pause(request, attempt, delay.get(), "HTTP " + status + capped);
                    continue;
                }
            }
            return response;
        }
    }

    /**
     * Releases every client this transport (and its {@link #withCredentials} copies) opened:
     * requests afterwards, and those still waiting for an answer, fail with
     * {@link IllegalStateException}.
     */
    void close() {
        exchanges.close();
        // a TLS host without settings of its own is served by the default client: stop each once
        Stream.concat(Stream.of(defaultClient), tlsClients.values().stream()).distinct()
                .map(c -> ((TrackedHttpClient) c).delegate())
                .forEach(HttpClientShutdown::shutdown);
    }

    /** The typed exception for an unexpected response; reads and closes its body. */
    StowageException error(RegistryRequest request, HttpResponse<InputStream> response) {
        return RegistryErrors.from(request, response, auth.hasCredential(request.registry()));
    }

    /** The URL a registry-relative path resolves to, once the scheme is known. */
    URI resolve(String registry, String target) {
        if (isAbsolute(target)) {
            return URI.create(target);
        }
        return URI.create(schemes.getOrDefault(registry, "https") + "://" + RegistryHosts.apiHost(registry)
                + relative(target));
    }

    /** Whether {@code uri} is on the registry's origin (scheme, host and port), the one that sees its credentials. */
    boolean onRegistryOrigin(String registry, URI uri) {
        return uri.isAbsolute() && uri.getHost() != null && uri.getRawUserInfo() == null
                && origin(uri).equals(origin(resolve(registry, "/v2/")));
    }

    private HttpResponse<InputStream> sendOnce(RegistryRequest request, Optional<String> authorization)
            throws IOException {
        if (isAbsolute(request.target())) {
            return followRedirects(request, URI.create(request.target()),
                    origin(resolve(request.registry(), "/v2/")), authorization);
        }
        String known = schemes.get(request.registry());
        if (known != null) {
            URI uri = uri(known, request);
            return followRedirects(request, uri, origin(uri), authorization);
        }
        List<String> candidates = plainHttpAllowed(request.registry()) ? schemesToTry(request) : List.of("https");
        IOException failure = null;
        for (String scheme : candidates) {
            try {
                URI uri = uri(scheme, request);
                HttpResponse<InputStream> response = followRedirects(request, uri, origin(uri), authorization);
                schemes.putIfAbsent(request.registry(), scheme);
                return response;
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                // A TLS server whose certificate we refuse must not be retried in clear text (docker
                // falls back only when the port does not speak TLS at all).
                NetworkFailure kind = NetworkFailure.of(e);
                if (scheme.equals("https") && (kind.isTlsHandshake() || kind.kind() == NetworkFailure.Kind.NO_SUCH_HOST)) {
                    throw e;
                }
                if (failure == null) {
                    failure = e;
                } else if (NetworkFailure.of(failure).kind() == NetworkFailure.Kind.NO_TLS) {
                    // HTTPS only showed the port speaks no TLS: what went wrong in plain HTTP is the news
                    e.addSuppressed(failure);
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        throw failure;
    }

    /**
     * For a registry that may be reached in plain HTTP: HTTPS, then plain HTTP, as docker tries
     * them; or, on this machine (loopback), plain HTTP alone when the HTTPS port answered a
     * {@link TlsProbe} in plain HTTP, where the HTTPS attempt could only fail with
     * {@link NetworkFailure.Kind#NO_TLS} and fall back. Not for other insecure registries: the
     * probe's socket bypasses the proxies the HTTP client would use, and a network that drops
     * direct connections would hold it for the whole connect deadline.
     */
    private List<String> schemesToTry(RegistryRequest request) {
        if (!RegistryHosts.isLoopback(request.registry())) {
            return List.of("https", "http");
        }
        URI https = uri("https", request);
        int port = https.getPort() == -1 ? 443 : https.getPort();
        return TlsProbe.ask(https.getHost(), port, deadlines.connect(), PROBE_ANSWER) == TlsProbe.Answer.PLAIN_HTTP
                ? List.of("http") : List.of("https", "http");
    }

    private URI uri(String scheme, RegistryRequest request) {
        return URI.create(scheme + "://" + RegistryHosts.apiHost(request.registry()) + relative(request.target()));
    }

    /**
     * A target joined as text onto {@code scheme://host:port} must be a path, or it could name
     * another authority ({@code @other:port/…}, {@code //other/…}): what a server hands out is
     * resolved as a URI by the caller and sent as an absolute target.
     */
    private static String relative(String target) {
        if (!target.startsWith("/") || target.startsWith("//")) {
            throw new IllegalArgumentException("not a registry path: " + target);
        }
        return target;
    }

    /**
     * @param challenger the registry's origin ({@code scheme://host:port}), the only one that may see
     *     {@code authorization}
     */
    private HttpResponse<InputStream> followRedirects(RegistryRequest request, URI start, String challenger,
            Optional<String> authorization) throws IOException {
        URI current = start;
        String method = request.method();
        boolean withBody = request.body() != null;
        Set<URI> seen = new HashSet<>();
        seen.add(current);
        for (int hop = 0; ; hop++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(current).header("User-Agent", userAgent);
            request.headers().forEach(b::header);
            // Blob storage behind a redirect must never see the registry's credentials.
            if (authorization.isPresent() && origin(current).equals(challenger)) {
                b.header("Authorization", authorization.get());
            }
            HttpResponse<InputStream> response;
            if (withBody) {
                // the JDK's timeout would count the body's sending too: the watch keeps the deadlines instead
                UploadWatch watch = new UploadWatch(request.body().get(), deadlines.connect(), deadlines.idle(),
                        deadlines.firstByte());
                b.method(method, watch);
                response = watch.await(client(current).sendAsync(b.build(), bodies));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody()).timeout(deadlines.firstByte());
                try {
                    response = client(current).send(b.build(), bodies);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted during " + request.describe());
                }
            }
            LOG.log(System.Logger.Level.DEBUG, "{0} {1}{2} -> {3}", method, authority(current), current.getRawPath(),
                    response.statusCode());
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("Location");
            if (!isRedirect(status) || location.isEmpty()) {
                return response;
            }
            discard(response);
            if (hop + 1 >= MAX_REDIRECTS) {
                throw new RegistryException(request.action() + " failed: more than " + MAX_REDIRECTS + " redirects",
                        request.registry(), status, null);
            }
            URI next;
            try {
                next = current.resolve(location.get());
            } catch (IllegalArgumentException e) {
                throw new RegistryException(request.action() + " failed: the registry redirected to an invalid URL",
                        request.registry(), status, null);
            }
            if ((!"https".equalsIgnoreCase(next.getScheme()) && !"http".equalsIgnoreCase(next.getScheme()))
                    || next.getHost() == null) {
                throw new RegistryException(request.action() + " failed: redirect to a URL that is not http(s)://host",
                        request.registry(), status, null);
            }
            // What was asked over TLS must not go on in clear text, where anyone on the way can read and alter it.
            if ("https".equalsIgnoreCase(current.getScheme()) && "http".equalsIgnoreCase(next.getScheme())
                    && !plainHttpAllowed(next)) {
                throw new RegistryException(request.action() + " failed: refusing a redirect from HTTPS to plain HTTP ("
                        + authority(next) + ")", request.registry(), status, null);
            }
            if (!seen.add(next)) {
                throw new RegistryException(request.action() + " failed: redirect loop at " + authority(next)
                        + next.getRawPath(), request.registry(), status, null);
            }
            if (status == 303 || ((status == 301 || status == 302) && method.equals("POST"))) {
                method = "GET";
                withBody = false;
            }
            current = next;
        }
    }

    private HttpClient client(URI uri) {
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            return defaultClient;
        }
        String authority = authority(uri);
        return tlsClients.computeIfAbsent(authority, a -> {
            String host = uri.getHost();
            SSLContext context = null;
            // docker's rule: marked insecure, or on this machine: any certificate, client certificate still presented
            if (insecure.test(a) || insecure.test(host) || loopbackInsecure && RegistryHosts.isLoopback(host)) {
                context = certs.insecureSslContext(certs.hasSettingsFor(a) ? a : host);
            } else if (certs.hasSettingsFor(a)) {
                context = certs.sslContext(a);
            } else if (uri.getPort() == -1 || uri.getPort() == 443) {
                context = certs.hasSettingsFor(host) ? certs.sslContext(host) : null;
            }
            return context == null ? defaultClient : newClient(context);
        });
    }

    /** @param context null: the JDK's default trust, {@link DefaultTls} */
    private HttpClient newClient(SSLContext context) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(deadlines.connect());
        if (context != null) {
            b.sslContext(context);
        } else {
            b.sslContext(DefaultTls.context()).sslParameters(DefaultTls.parameters());
        }
        return new TrackedHttpClient(b.build(), exchanges, deadlines.connect(), deadlines.firstByte());
    }

    private boolean plainHttpAllowed(String registry) {
        return insecure.test(registry) || RegistryHosts.isLoopback(registry);
    }

    private boolean plainHttpAllowed(URI uri) {
        return RegistryHosts.isLoopback(uri.getHost()) || insecure.test(authority(uri))
                || insecure.test(uri.getHost().toLowerCase(Locale.ROOT));
    }

    /** {@code scheme://host:port}: what must match before the registry's credentials go along. */
    private static String origin(URI uri) {
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + authority(uri);
    }

    private static String authority(URI uri) {
        int port = uri.getPort();
        if (port == -1) {
            port = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        }
        return uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static boolean isAbsolute(String target) {
        return target.regionMatches(true, 0, "https://", 0, 8) || target.regionMatches(true, 0, "http://", 0, 7);
    }

    /**
     * The challenge with its realm resolved against the URL that answered 401, as a relative
     * realm ({@code /token}) means that registry's own host; a realm that is no URI is left for
     * the token service to refuse.
     */
    private static AuthChallenge withRealmResolved(AuthChallenge challenge, URI answered) {
        return challenge.realm().map(realm -> {
            try {
                Map<String, String> parameters = new HashMap<>(challenge.parameters());
                parameters.put("realm", answered.resolve(new URI(realm)).toString());
                return new AuthChallenge(challenge.scheme(), parameters);
            } catch (URISyntaxException | IllegalArgumentException e) {
                return challenge;
            }
        }).orElse(challenge);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static boolean isRetryable(int status) {
        return status == 408 || status == 429 || (status >= 500 && status != 501 && status != 505);
    }

    private static void addScopes(Set<Scope> scopes, String challengeScope) {
        for (String s : challengeScope.split(" ")) {
            try {
                scopes.add(Scope.parse(s));
            } catch (IllegalArgumentException e) {
                // a scope we cannot read adds nothing we could ask for
            }
        }
    }

    private static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private void pause(RegistryRequest request, int attempt, Duration delay, String reason) {
        // DEBUG: a library prints nothing by default; the event is how an application learns of retries
        LOG.log(System.Logger.Level.DEBUG, "{0} failed ({1}), attempt {2}; retrying in {3} ms", request.describe(),
                reason, attempt, delay.toMillis());
        ProgressListener listener = request.progress() != ProgressListener.NONE ? request.progress() : progress;
        listener.onEvent(new ProgressEvent.Retrying(request.describe(), attempt, delay, reason));
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(request.action() + " was interrupted", request.registry(), -1, null, e);
        }
    }

    private RegistryException unreachable(RegistryRequest request, IOException e) {
        if (e instanceof ProtocolException || hasCause(e, ProtocolException.class)) {
            return new RegistryException(request.registry() + " sent a malformed HTTP response while " + request.action()
                    + ": " + NetworkFailure.describe(e), request.registry(), -1, null, e);
        }
        URI target = resolve(request.registry(), request.target());
        int port = target.getPort() != -1 ? target.getPort() : "http".equalsIgnoreCase(target.getScheme()) ? 80 : 443;
        NetworkFailure failure = NetworkFailure.of(e);
        return new RegistryException("cannot reach " + request.registry() + " while " + request.action() + ": "
                + failure.describe(target.getHost(), port, deadlines.connect()) + hint(request.registry(), failure),
                request.registry(), -1, null, e);
    }

    /** What the user can do about a failure: trust the registry's CA, give a client certificate, or mark it insecure. */
    private String hint(String registry, NetworkFailure failure) {
        String certsDir = "/etc/docker/certs.d/" + registry + "/";
        String markInsecure = "mark it insecure (--insecure-registry " + registry
                + ", or insecure = true for it in registries.conf)";
        return switch (failure.kind()) {
            case UNTRUSTED_CERTIFICATE, CERTIFICATE_FOR_ANOTHER_HOST, EXPIRED_CERTIFICATE ->
                    "; if it uses a private CA, put it in " + certsDir + "ca.crt, or " + markInsecure;
            case CLIENT_CERTIFICATE_REFUSED, TLS_HANDSHAKE ->
                    "; if the registry demands a client certificate, put client.cert and client.key in " + certsDir;
            case NO_TLS -> "; if it is a plain HTTP registry, " + markInsecure;
            default -> "";
        };
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /** Drains a small body so the connection can be reused, then closes it. */
    static void discard(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            if (in != null) {
                in.readNBytes(64 * 1024);
            }
        } catch (IOException e) {
            // nothing more to learn from a body being thrown away
        }
    }
}
