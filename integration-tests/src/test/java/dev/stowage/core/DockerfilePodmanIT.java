package dev.stowage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.core.build.EntryAttributes;
import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.build.dockerfile.DockerfileBuild;
import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.registry.RegistryClient;
import dev.stowage.store.FileImageStore;
import dev.stowage.testkit.Podman;
import dev.stowage.testkit.RegistryExtension;
import dev.stowage.testkit.Umoci;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same Dockerfiles built by the real {@code podman build} and by Stowage, from the same base
 * image on the real registry: after {@code umoci unpack} the root filesystems are identical
 * (paths, types, modes, owners, contents, link targets; times aside, which Stowage sets to the
 * build timestamp for reproducibility), and the config fields match.
 *
 * <p>Where podman (buildah 1.28) and BuildKit differ, Stowage follows BuildKit and the test says
 * so: buildah adds its {@code io.buildah.version} label, and moves a variable an {@code ENV} sets
 * again to the end of {@code Env} where BuildKit replaces it in place (the environment is the same).
 */
class DockerfilePodmanIT {
    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.plain();

    @TempDir
    static Path shared;
    private static Podman podman;
    private static Umoci umoci;
    private static RegistryClient client;
    private static String base;

    @TempDir
    Path dir;
    private Path ctx;

    @BeforeAll
    static void baseImage() {
        podman = Podman.locate(shared.resolve("podman"));
        umoci = Umoci.locate();
        client = RemoteFixtures.client();
        base = registry.host() + "/dockerfile/base:1";
        // a small distribution-like base: users, a merged /lib, a sticky /tmp, an environment and a command
        try (ImageManager images = ImageManager.builder().registry(client).store(FileImageStore.open(shared.resolve("base")))
                .build()) {
            ImageBuilder.fromScratch().platform(Platform.hostLinux())
                    .layer(l -> l
                            .file("etc/passwd", ("root:x:0:0:root:/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\n")
                                    .getBytes(StandardCharsets.UTF_8))
                            .file("etc/group", "root:x:0:\napp:x:1001:\n".getBytes(StandardCharsets.UTF_8))
                            .directory("usr/lib")
                            .symlink("lib", "usr/lib")
                            .directory("tmp", EntryAttributes.defaults().withMode(01777))
                            .directory("home/app", EntryAttributes.defaults().withOwner(1000, 1001))
                            .file("opt/java/bin/java", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), 0755)
                            .createdBy("ADD rootfs.tar /"))
                    .env("PATH", "/opt/java/bin:/usr/bin:/bin")
                    .env("JAVA_HOME", "/opt/java")
                    .cmd("/bin/sh")
                    .build(images.store(), ImageReference.parse(base));
            images.push(base).call();
        }
    }

    @AfterAll
    static void closeClient() {
        client.close();
    }

    @BeforeEach
    void context() throws IOException {
        ctx = Files.createDirectories(dir.resolve("ctx"));
    }

    private Path file(String path, String content, String mode) throws IOException {
        Path p = ctx.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p;
    }

    private void dockerfile(String text) throws IOException {
        Files.writeString(ctx.resolve("Dockerfile"), text.replace("BASE", base));
    }

    /** Builds the context with both, compares root filesystems and configs. */
    private void compare(UnaryOperator<DockerfileBuild> options, String... podmanOptions) throws IOException {
        Path podmanLayout = dir.resolve("podman-layout");
        String[] args = Stream.concat(Stream.of("--format", "docker"), Stream.of(podmanOptions)).toArray(String[]::new);
        podman.build(ctx, "localhost/compared:1", args);
        podman.pushToLayout("localhost/compared:1", podmanLayout, "compared");
        Path podmanRoot = umoci.unpack(podmanLayout, "compared", dir.resolve("podman-bundle"));
        JsonNode podmanConfig = podmanConfig();

        Path store = dir.resolve("store");
        JsonNode stowageConfig;
        try (ImageManager images = ImageManager.builder().registry(client).store(FileImageStore.open(store)).build()) {
            // the store starts empty: the base is pulled from the registry, as podman pulls it
            images.build(options.apply(ImageBuilder.fromDockerfile(ctx).tags("localhost/compared:1")));
            ImageManifest manifest = (ImageManifest) images.store().manifest(
                    images.store().resolve(ImageReference.parse("localhost/compared:1")).orElseThrow().digest());
            try (InputStream in = images.store().openBlob(manifest.config().digest())) {
                stowageConfig = new ObjectMapper().readTree(in.readAllBytes()).get("config");
            }
        }
        // the store is an OCI image layout; its tags are annotated with the full reference
        Path stowageRoot = umoci.unpack(store, "localhost/compared:1", dir.resolve("stowage-bundle"));

        assertEquals(snapshot(podmanRoot), snapshot(stowageRoot), "root filesystems");
        for (String field : List.of("Env", "Entrypoint", "Cmd", "WorkingDir", "User", "ExposedPorts", "Volumes", "Labels",
                "StopSignal", "Healthcheck", "Shell", "OnBuild")) {
            assertEquals(normalized(field, podmanConfig.get(field)), normalized(field, stowageConfig.get(field)), field);
        }
    }

    /** The config podman wrote (its Docker-format config keeps Healthcheck, Shell and OnBuild), from {@code podman save}. */
    private JsonNode podmanConfig() throws IOException {
        Path archive = dir.resolve("podman.tar");
        podman.run("save", "--format", "docker-archive", "-o", archive.toString(), "localhost/compared:1").requireSuccess();
        Map<String, byte[]> json = new TreeMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(archive))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.getName().endsWith(".json")) {
                    json.put(e.getName(), tar.readAllBytes());
                }
            }
        }
        ObjectMapper mapper = new ObjectMapper();
        String config = mapper.readTree(json.get("manifest.json")).get(0).get("Config").asText();
        return mapper.readTree(json.get(config)).get("config");
    }

    /** Empty and absent are the same to a runtime; buildah's own label is not the Dockerfile's; Env is compared by name. */
    private static JsonNode normalized(String field, JsonNode value) {
        if (value == null || value.isNull() || (value.isContainerNode() && value.isEmpty())
                || (value.isTextual() && value.asText().isEmpty())) {
            return null;
        }
        if (field.equals("Env")) {
            ObjectNode byName = new ObjectMapper().createObjectNode();
            value.forEach(e -> byName.put(e.asText().substring(0, e.asText().indexOf('=')),
                    e.asText().substring(e.asText().indexOf('=') + 1)));
            return byName;
        }
        if (field.equals("Labels")) {
            ObjectNode copy = ((ObjectNode) value).deepCopy();
            copy.remove("io.buildah.version");
            return copy.isEmpty() ? null : copy;
        }
        return value;
    }

    /** Every path under the root with its type, mode, owner and content digest or link target. */
    static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> nodes = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (p.equals(root)) {
                    continue;
                }
                String name = root.relativize(p).toString();
                int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
                String owner = Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS) + ":"
                        + Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
                String what;
                if (Files.isSymbolicLink(p)) {
                    what = "link " + Files.readSymbolicLink(p);
                    mode = 0777;
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    what = "dir";
                } else {
                    what = "file " + sha256(p);
                }
                nodes.put(name, what + " " + Integer.toOctalString(mode) + " " + owner);
            }
        }
        return nodes;
    }

    private static String sha256(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[65536];
            int n;
            while ((n = in.read(buffer)) > 0) {
                md.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSingleStageJavaApp() throws IOException {
        file("target/app.jar", "PK\u0003\u0004 a jar", "rw-r--r--");
        file("config/application.yml", "server.port: 8080\n", "rw-r-----");
        file("bin/start.sh", "#!/bin/sh\nexec java -jar /app/app.jar\n", "rwxr-xr-x");
        dockerfile("""
                FROM BASE
                ENV APP_HOME=/app
                COPY target/app.jar $APP_HOME/app.jar
                COPY config/ $APP_HOME/config/
                COPY bin/start.sh /usr/local/bin/
                WORKDIR $APP_HOME
                EXPOSE 8080
                USER app
                LABEL org.opencontainers.image.title=app
                ENTRYPOINT ["java", "-jar", "/app/app.jar"]
                CMD ["--spring.profiles.active=prod"]
                """);
        compare(b -> b);
    }

    @Test
    void multiStageWithCopyFromBuildArgsAndTarget() throws IOException {
        file("src/Main.java", "class Main {}\n", "rw-r--r--");
        file("src/lib/util.txt", "util\n", "rw-r--r--");
        dockerfile("""
                ARG VERSION=1.0
                FROM BASE AS build
                ARG VERSION
                COPY src /build/src/
                COPY --chown=app:app src/Main.java /build/out/app-${VERSION}.jar
                FROM scratch AS runtime
                ARG VERSION
                COPY --from=build /build/out/ /app/
                COPY --from=build /etc/passwd /etc/passwd
                LABEL version=$VERSION
                FROM runtime AS debug
                COPY --from=build /build/src /src
                """);
        compare(b -> b.target("runtime").buildArg("VERSION", "2.5"), "--target", "runtime", "--build-arg", "VERSION=2.5");
    }

    @Test
    void dockerignoreWithExceptions() throws IOException {
        file("app/main.txt", "main", "rw-r--r--");
        file("app/debug.log", "noise", "rw-r--r--");
        file("app/keep.log", "kept", "rw-r--r--");
        file("app/tmp/scratch.bin", "scratch", "rw-r--r--");
        file("docs/readme.md", "docs", "rw-r--r--");
        file(".dockerignore", "**/*.log\n!app/keep.log\napp/tmp\ndocs\n", "rw-r--r--");
        dockerfile("FROM BASE\nCOPY . /ctx/\n");
        compare(b -> b);
    }

    @Test
    void addOfATarExtractsIt() throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(
                Files.newOutputStream(ctx.resolve("bundle.tar.gz"))))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry d = new TarArchiveEntry("bundle/");
            d.setMode(0750);
            d.setIds(1000, 1001);
            tar.putArchiveEntry(d);
            tar.closeArchiveEntry();
            byte[] content = "#!/bin/sh\necho bundled\n".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry f = new TarArchiveEntry("bundle/run.sh");
            f.setSize(content.length);
            f.setMode(0755);
            f.setIds(1000, 1001);
            tar.putArchiveEntry(f);
            tar.write(content);
            tar.closeArchiveEntry();
            TarArchiveEntry l = new TarArchiveEntry("bundle/start", TarArchiveEntry.LF_SYMLINK);
            l.setLinkName("run.sh");
            tar.putArchiveEntry(l);
            tar.closeArchiveEntry();
        }
        dockerfile("FROM BASE\nADD bundle.tar.gz /opt/\n");
        compare(b -> b);
    }

    @Test
    void workdirUserAndEnvWithSubstitution() throws IOException {
        file("data.txt", "data", "rw-r--r--");
        dockerfile("""
                FROM BASE
                ARG DATA_DIR=/srv/data
                ENV DATA=$DATA_DIR LOGS=${DATA_DIR}/logs JAVA_OPTS="-Xmx256m -Dfile.encoding=UTF-8"
                USER app
                WORKDIR ${DATA}
                WORKDIR logs
                COPY --chown=app data.txt ./
                ENV PATH=$PATH:$JAVA_HOME/bin:${DATA:-/nowhere}/bin
                USER 1000:1001
                VOLUME $LOGS
                STOPSIGNAL SIGINT
                HEALTHCHECK --interval=30s --timeout=5s --retries=3 CMD wget -q -O- http://localhost:8080/ || exit 1
                """);
        compare(b -> b);
    }

    @Test
    void fromScratch() throws IOException {
        file("hello", "#!/hello\n", "rwxr-xr-x");
        file("etc/motd", "hi\n", "rw-r--r--");
        dockerfile("""
                FROM scratch
                COPY hello /hello
                COPY etc/ /etc/
                ENV GREETING=hi
                SHELL ["/bin/ash", "-eo", "pipefail", "-c"]
                ONBUILD COPY . /src
                ENTRYPOINT ["/hello"]
                """);
        compare(b -> b);
    }
}
