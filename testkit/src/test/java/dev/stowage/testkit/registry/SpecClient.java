package dev.stowage.testkit.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.testkit.TestRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Raw HTTP against a test registry, as the distribution spec describes requests: what the
 * conformance tests send, with no client library between the test and the registry. Fixtures
 * (digests, blobs, manifests) are written out here, by hand, from the spec's formats.
 */
final class SpecClient {
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http;

    SpecClient(TestRegistry registry) {
        this.base = registry.url();
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        registry.config().mode().clientSslContext().ifPresent(builder::sslContext);
        this.http = builder.build();
    }

    /** {@code method path} with {@code headers} as name/value pairs and the body (null: none). */
    HttpResponse<byte[]> send(String method, String path, byte[] body, String... headers) {
        return exchange(method, path, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body), headers);
    }

    /** As {@link #send(String, String, byte[], String...)}, the body sent chunked (no Content-Length). */
    HttpResponse<byte[]> sendChunked(String method, String path, byte[] body, String... headers) {
        return exchange(method, path, HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)),
                headers);
    }

    private HttpResponse<byte[]> exchange(String method, String path, HttpRequest.BodyPublisher body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .method(method, body);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The status line and headers of a {@code GET}, the body left unread: for answers whose body
     * does not match their {@code Content-Length}, which {@link HttpClient} rejects as a whole.
     */
    HeadOnly headOnly(String path, String... headers) {
        try {
            java.net.HttpURLConnection connection = (java.net.HttpURLConnection) base.resolve(path).toURL().openConnection();
            for (int i = 0; i < headers.length; i += 2) {
                connection.setRequestProperty(headers[i], headers[i + 1]);
            }
            try {
                return new HeadOnly(connection.getResponseCode(), connection.getHeaderFields());
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path, e);
        }
    }

    record HeadOnly(int status, java.util.Map<String, List<String>> headers) {
        java.util.Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> name.equalsIgnoreCase(e.getKey()))
                    .map(e -> e.getValue().get(0)).findFirst();
        }
    }

    /** The path of a {@code Location} header (absolute or relative), query included. */
    static String location(HttpResponse<?> response) {
        String value = response.headers().firstValue("Location").orElseThrow(
                () -> new AssertionError("no Location header in " + response));
        URI uri = URI.create(value);
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    /** {@code location} with {@code name=value} added to its query. */
    static String withQuery(String location, String name, String value) {
        return location + (location.contains("?") ? "&" : "?") + name + "=" + value;
    }

    /** Pushes a blob with POST then PUT (end-4a, end-6) and returns its digest. */
    String pushBlob(String repository, byte[] content) {
        HttpResponse<byte[]> started = send("POST", "/v2/" + repository + "/blobs/uploads/", null);
        assertEquals(202, started.statusCode(), () -> text(started));
        String digest = digest(content);
        HttpResponse<byte[]> put = send("PUT", withQuery(location(started), "digest", digest), content,
                "Content-Type", "application/octet-stream");
        assertEquals(201, put.statusCode(), () -> text(put));
        return digest;
    }

    /** Pushes a manifest under {@code reference} (end-7) and returns its digest. */
    String pushManifest(String repository, String reference, String mediaType, byte[] manifest) {
        HttpResponse<byte[]> put = send("PUT", "/v2/" + repository + "/manifests/" + reference, manifest,
                "Content-Type", mediaType);
        assertEquals(201, put.statusCode(), () -> text(put));
        return digest(manifest);
    }

    /**
     * Pushes a config and one layer of {@code layerSize} random bytes, then an OCI image manifest
     * naming them under {@code tag}; returns the manifest's bytes.
     */
    byte[] pushImage(String repository, String tag, long seed, int layerSize) {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},"
                + "\"seed\":" + seed + "}").getBytes(StandardCharsets.UTF_8);
        byte[] layer = random(layerSize, seed);
        pushBlob(repository, config);
        pushBlob(repository, layer);
        byte[] manifest = imageManifest(OCI_MANIFEST, descriptor(OCI_CONFIG, config), List.of(descriptor(OCI_LAYER, layer)),
                null, null, null);
        pushManifest(repository, tag, OCI_MANIFEST, manifest);
        return manifest;
    }

    /** A descriptor as JSON text. */
    static String descriptor(String mediaType, byte[] content) {
        return descriptor(mediaType, digest(content), content.length);
    }

    static String descriptor(String mediaType, String digest, long size) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
    }

    /** An image manifest; {@code subject}, {@code artifactType} and {@code annotations} (JSON object text) may be null. */
    static byte[] imageManifest(String mediaType, String config, List<String> layers, String subject,
            String artifactType, String annotations) {
        StringBuilder json = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + mediaType + "\"");
        if (artifactType != null) {
            json.append(",\"artifactType\":\"").append(artifactType).append('"');
        }
        json.append(",\"config\":").append(config).append(",\"layers\":[").append(String.join(",", layers)).append(']');
        if (subject != null) {
            json.append(",\"subject\":").append(subject);
        }
        if (annotations != null) {
            json.append(",\"annotations\":").append(annotations);
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] index(List<String> manifests) {
        return ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[" + String.join(",", manifests)
                + "]}").getBytes(StandardCharsets.UTF_8);
    }

    static String digest(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static JsonNode json(HttpResponse<byte[]> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text(response), e);
        }
    }

    /** The codes of a spec error body, in order. */
    static List<String> errorCodes(HttpResponse<byte[]> response) {
        List<String> codes = new ArrayList<>();
        for (JsonNode error : json(response).path("errors")) {
            codes.add(error.path("code").asText());
        }
        return codes;
    }

    /** Strings of a JSON array field. */
    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.asText()));
        return out;
    }

    static String text(HttpResponse<byte[]> response) {
        return response.statusCode() + " " + response.headers().map() + " "
                + new String(response.body(), StandardCharsets.UTF_8);
    }
}
