package dev.stowage.cli;

import dev.stowage.core.build.dockerfile.RemoteFileFetcher;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Downloads {@code ADD https://…} files for {@code stowage build} with the JDK's HTTP client:
 * redirects followed (never from HTTPS to HTTP), no credentials sent, deadlines to connect, for the
 * first byte, and for each stretch of the body (a stalled download fails instead of hanging).
 */
final class HttpFileFetcher implements RemoteFileFetcher {
    private static final Duration CONNECT = Duration.ofSeconds(30);
    private static final Duration FIRST_BYTE = Duration.ofSeconds(60);
    private static final Duration IDLE = Duration.ofSeconds(60);

    @Override
    public void fetch(URI url, Path target) throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(FIRST_BYTE).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading " + url, e);
        }
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "download-watchdog");
            t.setDaemon(true);
            return t;
        });
        InputStream body = response.body();
        try {
            if (response.statusCode() != 200) {
                throw new IOException("the server answered " + response.statusCode() + " instead of 200");
            }
            AtomicLong lastProgress = new AtomicLong(System.nanoTime());
            ScheduledFuture<?> check = watchdog.scheduleAtFixedRate(() -> {
                if (System.nanoTime() - lastProgress.get() > IDLE.toNanos()) {
                    try {
                        body.close(); // unblocks the read below, which then fails
                    } catch (IOException ignored) {
                        // the read reports the failure
                    }
                }
            }, 1, 1, TimeUnit.SECONDS);
            try (OutputStream out = Files.newOutputStream(target)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = body.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    lastProgress.set(System.nanoTime());
                }
            } catch (IOException e) {
                throw new IOException("the download stalled or broke off: " + e.getMessage(), e);
            } finally {
                check.cancel(false);
            }
        } finally {
            watchdog.shutdownNow();
            body.close();
        }
    }
}
