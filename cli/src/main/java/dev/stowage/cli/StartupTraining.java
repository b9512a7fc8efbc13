package dev.stowage.cli;

import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.store.FileImageStore;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine;

/**
 * The training run behind the {@code ./stowage} launcher's class-data sharing archive: the
 * launcher runs this once after each build (its class list made into a static archive on JDK 17
 * to 24, an ahead-of-time cache on 25 and later), and every later
 * run maps the classes it loaded instead of loading and verifying them again (about half the
 * start-up). It exercises what real commands load: the command line, the store, a push and a
 * pull through the registry client, against a minimal registry on a loopback port of its own
 * (no network, nothing outside a temporary directory), a Dockerfile build and its cached
 * rebuild, and a save and load in both archive formats.
 *
 * <p>Exit code 0 when every command succeeded; the launcher keeps the archive only then.
 */
final class StartupTraining {
    private StartupTraining() {
    }

    public static void main(String[] args) throws IOException {
        CliLogging.configure(false); // as StowageCli.main does, so its classes are archived too
        System.exit(train() == 0 ? 0 : 1);
    }

    /** Runs the training commands; returns how many failed. */
    static int train() throws IOException {
        Path dir = Files.createTempDirectory("stowage-training");
        PrintStream out = System.out;
        int failures = 0;
        TrainingRegistry registry = null;
        try {
            Path pushed = dir.resolve("pushed");
            try (FileImageStore store = FileImageStore.open(pushed)) {
                ImageBuilder.fromScratch()
                        .layer(l -> l.file("hello.txt", "hello".getBytes(StandardCharsets.UTF_8)))
                        .build(store, ImageReference.parse("training.local/app:1"));
            }
            registry = new TrainingRegistry(pushed);
            String remote = registry.host() + "/app:1";
            Path context = Files.createDirectories(dir.resolve("context"));
            Files.writeString(context.resolve("Dockerfile"), "FROM training.local/app:1\nARG V=1\nWORKDIR /app\n"
                    + "COPY app.jar /app/\nENV A=$V\nEXPOSE 8080\nENTRYPOINT [\"java\", \"-jar\", \"/app/app.jar\"]\n");
            Files.writeString(context.resolve("app.jar"), "a jar");
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            String[][] commands = {
                {"--version"},
                {"--store", pushed.toString(), "tag", "training.local/app:1", remote},
                {"--store", pushed.toString(), "push", "-q", remote},
                {"--store", dir.resolve("pulled").toString(), "pull", "-q", remote},
                {"--store", dir.resolve("pulled").toString(), "images"},
                {"--store", dir.resolve("pulled").toString(), "inspect", remote},
                {"--store", pushed.toString(), "build", "-q", "-t", "training.local/built:1", context.toString()},
                {"--store", pushed.toString(), "build", "-q", "-t", "training.local/built:1", context.toString()},
                {"--store", pushed.toString(), "save", "-o", dir.resolve("app.tar").toString(), "training.local/app:1"},
                {"--store", dir.resolve("loaded").toString(), "load", "-q", "-i", dir.resolve("app.tar").toString()},
                {"--store", pushed.toString(), "save", "--format", "oci-archive", "--compress", "gzip", "-o",
                    dir.resolve("app.oci.tar.gz").toString(), "training.local/app:1"},
                {"--store", dir.resolve("loaded").toString(), "load", "-q", "-i", dir.resolve("app.oci.tar.gz").toString()},
            };
            for (String[] command : commands) {
                // as StowageCli.main runs a command: only its subcommand built, the registry client closed after
                CommandLine line = StowageCli.commandLine(command);
                if (line.execute(command) != 0) {
                    failures++;
                }
                ((StowageCli) line.getCommand()).close();
            }
        } finally {
            System.setOut(out);
            if (registry != null) {
                registry.close();
            }
            DemoCommand.deleteTree(dir);
        }
        return failures;
    }

    /**
     * Just enough of the distribution API for one push (every blob already there) and one pull,
     * over plain HTTP/1.1, one request per connection: manifests kept in memory, blobs read from
     * the store that pushes. A TLS hello (the client tries HTTPS first) gets a plain-HTTP 400.
     */
    private static final class TrainingRegistry implements AutoCloseable {
        private final ServerSocket socket;
        private final Path blobs;
        private final Map<String, byte[]> manifests = new ConcurrentHashMap<>();
        private final Map<String, String> types = new ConcurrentHashMap<>();

        TrainingRegistry(Path store) throws IOException {
            this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            this.blobs = store.resolve("blobs").resolve("sha256");
            Thread acceptor = new Thread(this::serve, "stowage-training-registry");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String host() {
            return "127.0.0.1:" + socket.getLocalPort();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    Thread t = new Thread(() -> answer(connection), "stowage-training-connection");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void answer(Socket connection) {
            try (connection; InputStream in = new BufferedInputStream(connection.getInputStream());
                 OutputStream out = connection.getOutputStream()) {
                in.mark(1);
                if (in.read() == 0x16) {
                    // a TLS handshake: refused in plain HTTP, as Distribution does, so the client falls back
                    out.write("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    return;
                }
                in.reset();
                String[] request = line(in).split(" ");
                Map<String, String> headers = new HashMap<>();
                for (String h = line(in); !h.isEmpty(); h = line(in)) {
                    int colon = h.indexOf(':');
                    headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
                }
                byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
                respond(request[0], URI.create(request[1]).getPath(), headers, body, out);
            } catch (IOException | RuntimeException e) {
                // the client sees the connection end; training loads the classes all the same
            }
        }

        private void respond(String method, String path, Map<String, String> headers, byte[] body, OutputStream out)
                throws IOException {
            String manifestsPath = "/v2/app/manifests/";
            String blobsPath = "/v2/app/blobs/sha256:";
            if (path.equals("/v2/")) {
                send(out, method, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8), Map.of());
            } else if (path.startsWith(manifestsPath) && method.equals("PUT")) {
                String digest = Digest.sha256(body).toString();
                for (String key : List.of(path.substring(manifestsPath.length()), digest)) {
                    manifests.put(key, body);
                    types.put(key, headers.getOrDefault("content-type", "application/vnd.oci.image.manifest.v1+json"));
                }
                send(out, method, 201, null, new byte[0], Map.of("Docker-Content-Digest", digest, "Location", path));
            } else if (path.startsWith(manifestsPath) && manifests.containsKey(path.substring(manifestsPath.length()))) {
                String ref = path.substring(manifestsPath.length());
                send(out, method, 200, types.get(ref), manifests.get(ref),
                        Map.of("Docker-Content-Digest", Digest.sha256(manifests.get(ref)).toString()));
            } else if (path.startsWith(blobsPath) && Files.isRegularFile(blobs.resolve(path.substring(blobsPath.length())))) {
                send(out, method, 200, "application/octet-stream",
                        Files.readAllBytes(blobs.resolve(path.substring(blobsPath.length()))), Map.of());
            } else {
                send(out, method, 404, "application/json",
                        "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"unknown\"}]}".getBytes(StandardCharsets.UTF_8),
                        Map.of());
            }
        }

        private static void send(OutputStream out, String method, int status, String type, byte[] body,
                Map<String, String> extra) throws IOException {
            StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " " + (status < 300 ? "OK" : "Not Found") + "\r\n");
            if (type != null) {
                head.append("Content-Type: ").append(type).append("\r\n");
            }
            extra.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            if (!method.equals("HEAD")) {
                out.write(body);
            }
            out.flush();
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder b = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection ended mid-request");
                }
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            return b.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
