package dev.stowage.registry;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A JDK {@link HttpClient} whose every exchange goes through the registry client's
 * {@link Exchanges}: refused once the registry client is closed, ended when it closes, and waited
 * for with a deadline kept on the caller's thread. Everything that reaches a server (registry
 * requests, redirects, token requests) uses one of these, so none can outlive a close.
 */
final class TrackedHttpClient extends HttpClient {
    /** Beyond the JDK's own timeouts: they fire first while the client's thread runs. */
    private static final Duration MARGIN = Duration.ofSeconds(5);

    private final HttpClient client;
    private final Exchanges exchanges;
    private final Duration connect;
    private final Duration firstByte;

    /**
     * @param firstByte how long a request without a timeout of its own may wait for its answer
     */
    TrackedHttpClient(HttpClient client, Exchanges exchanges, Duration connect, Duration firstByte) {
        this.client = client;
        this.exchanges = exchanges;
        this.connect = connect;
        this.firstByte = firstByte;
    }

    /** The JDK client underneath, for stopping its thread. */
    HttpClient delegate() {
        return client;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        Duration wait = connect.plus(request.timeout().orElse(firstByte)).plus(MARGIN);
        return exchanges.send(client, request, handler, wait);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return exchanges.sendAsync(client, request, handler);
    }

    /** Server push is not used by registries; refused rather than left untracked. */
    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        if (pushPromiseHandler != null) {
            throw new UnsupportedOperationException("HTTP/2 server push is not used");
        }
        return sendAsync(request, handler);
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return client.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return client.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return client.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return client.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return client.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return client.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return client.authenticator();
    }

    @Override
    public Version version() {
        return client.version();
    }

    @Override
    public Optional<Executor> executor() {
        return client.executor();
    }

    @Override
    public String toString() {
        return client.toString();
    }
}
