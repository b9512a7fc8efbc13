package dev.stowage.store.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.ImageNotFoundException;
import dev.stowage.core.build.EntryAttributes;
import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.build.dockerfile.BuildProgress;
import dev.stowage.core.build.dockerfile.BuildStep;
import dev.stowage.core.build.dockerfile.DockerfileBuild;
import dev.stowage.core.build.dockerfile.DockerfileBuildResult;
import dev.stowage.core.build.dockerfile.InvalidDockerfileException;
import dev.stowage.core.model.ContainerConfig;
import dev.stowage.core.model.Healthcheck;
import dev.stowage.core.model.HistoryEntry;
import dev.stowage.core.model.ImageConfig;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.store.InMemoryImageStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dockerfile builds into a store: what each instruction makes of the image's filesystem, config and history. */
class DockerfileBuildTest {
    private static final ImageReference APP = ImageReference.parse("localhost/app:1");
    private static final Map<String, String> NO_ENV = Map.of();

    private final InMemoryImageStore store = new InMemoryImageStore();

    @TempDir
    Path dir;
    private Path ctx;

    @BeforeEach
    void baseImage() throws IOException {
        ctx = Files.createDirectories(dir.resolve("ctx"));
        // /etc/passwd with an app user, /lib a link to usr/lib, /tmp sticky, an environment and a command
        ImageBuilder.fromScratch()
                .environment(NO_ENV)
                .platform(Platform.parse("linux/amd64"))
                .layer(l -> l
                        .file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\n"
                                .getBytes(StandardCharsets.UTF_8))
                        .file("etc/group", "root:x:0:\napp:x:1001:\nstaff:x:50:\n".getBytes(StandardCharsets.UTF_8))
                        .directory("usr/lib")
                        .symlink("lib", "usr/lib")
                        .directory("tmp", EntryAttributes.defaults().withMode(01777))
                        .file("opt/tool/bin/tool", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), 0755)
                        .createdBy("ADD rootfs.tar /"))
                .env("PATH", "/usr/local/bin:/usr/bin:/bin")
                .env("JAVA_HOME", "/opt/java")
                .cmd("/bin/sh")
                .label("base.label", "kept")
                .build(store, ImageReference.parse("localhost/base:1"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private DockerfileBuild build(String dockerfile) throws IOException {
        Files.writeString(ctx.resolve("Dockerfile"), dockerfile);
        return ImageBuilder.fromDockerfile(ctx).environment(NO_ENV).tags(APP.toString());
    }

    private Path file(String path, String content) throws IOException {
        Path p = ctx.resolve(path);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }

    private Map<String, Rootfs.Node> rootfs() {
        return Rootfs.of(store, APP);
    }

    private ImageConfig config() {
        return Rootfs.config(store, APP);
    }

    private List<String> history() {
        return config().history().stream().map(HistoryEntry::createdBy).toList();
    }

    @Test
    void aJavaAppDockerfileMakesOneLayerOnTheBaseWithDockersConfig() throws IOException {
        file("target/app.jar", "jar bytes");
        DockerfileBuildResult result = build("""
                FROM localhost/base:1
                COPY target/app.jar /app/app.jar
                ENV JAVA_OPTS=-Xmx256m
                WORKDIR /app
                EXPOSE 8080
                ENTRYPOINT ["java", "-jar", "app.jar"]
                """).build(store);
        assertEquals(1, result.layersWritten());
        assertEquals(List.of(APP), result.tags());
        assertEquals(new Rootfs.Node('f', 0644, 0, 0, "jar bytes"), rootfs().get("app/app.jar"));
        assertEquals(new Rootfs.Node('d', 0755, 0, 0, ""), rootfs().get("app"));
        ContainerConfig c = config().config();
        assertEquals(List.of("PATH=/usr/local/bin:/usr/bin:/bin", "JAVA_HOME=/opt/java", "JAVA_OPTS=-Xmx256m"), c.env());
        assertEquals("/app", c.workingDir());
        assertEquals(Set.of("8080/tcp"), c.exposedPorts());
        assertEquals(List.of("java", "-jar", "app.jar"), c.entrypoint());
        assertEquals(List.of(), c.cmd(), "ENTRYPOINT clears the base's CMD");
        assertEquals(Map.of("base.label", "kept"), c.labels());
    }

    @Test
    void historyReadsLikeBuildKits() throws IOException {
        file("app.jar", "x");
        build("""
                FROM localhost/base:1
                ARG VERSION=1.2
                LABEL version=$VERSION
                COPY --chmod=644 app.jar /app/
                USER app
                CMD ["java", "-jar", "/app/app.jar"]
                """).build(store);
        List<HistoryEntry> history = config().history();
        assertEquals(List.of("ADD rootfs.tar /", "ARG VERSION=1.2", "LABEL version=1.2",
                "COPY --chmod=644 app.jar /app/ # buildkit", "USER app", "CMD [\"java\" \"-jar\" \"/app/app.jar\"]"),
                history.stream().map(HistoryEntry::createdBy).toList());
        assertEquals(List.of(false, true, true, false, true, true), history.stream().map(HistoryEntry::emptyLayer).toList());
        assertEquals("buildkit.dockerfile.v0", history.get(3).comment());
        assertTrue(config().historyMatchesLayers());
    }

    @Test
    void envAndArgSubstituteWithDockersScoping() throws IOException {
        build("""
                ARG BASE=localhost/base:1
                ARG GLOBAL=global
                FROM $BASE
                ARG GLOBAL
                ARG LOCAL=${GLOBAL}-local
                ENV A=one B="two words" HOME_DIR=${JAVA_HOME}/home
                ENV C=$A D=${UNSET:-default} E=${A:+set}
                LABEL from.arg=$LOCAL from.env="$B"
                """).buildArg("GLOBAL", "given").build(store);
        ContainerConfig c = config().config();
        assertTrue(c.env().containsAll(List.of("A=one", "B=two words", "HOME_DIR=/opt/java/home", "C=one",
                "D=default", "E=set")), c.env().toString());
        assertEquals("given-local", c.labels().get("from.arg"));
        assertEquals("two words", c.labels().get("from.env"));
        assertFalse(c.env().stream().anyMatch(e -> e.startsWith("LOCAL=")), "an ARG is not in the image's environment");
    }

    @Test
    void anEnvOnOneLineSeesTheValuesFromBeforeThatLine() throws IOException {
        build("FROM localhost/base:1\nENV abc=hello\nENV abc=bye def=$abc\nENV ghi=$abc\n").build(store);
        assertTrue(config().config().env().containsAll(List.of("abc=bye", "def=hello", "ghi=bye")));
    }

    @Test
    void aGlobalArgIsUsableInAStageOnlyWhenDeclaredThere() throws IOException {
        build("ARG V=1\nFROM localhost/base:1\nLABEL before=\"$V\"\nARG V\nLABEL after=$V\n").build(store);
        assertEquals(Map.of("base.label", "kept", "before", "", "after", "1"), config().config().labels());
    }

    @Test
    void multiStageCopiesFromAnEarlierStageAndTargetPicksTheStage() throws IOException {
        file("src/Main.java", "class Main {}");
        String dockerfile = """
                FROM localhost/base:1 AS build
                COPY src /work/src/
                COPY --chown=app:staff src/Main.java /work/out/app.jar
                FROM scratch AS runtime
                COPY --from=build /work/out/ /app/
                COPY --from=0 /etc/passwd /etc/passwd
                FROM runtime AS debug
                LABEL debug=true
                """;
        build(dockerfile).target("runtime").build(store);
        Map<String, Rootfs.Node> fs = rootfs();
        assertEquals(Set.of("app", "app/app.jar", "etc", "etc/passwd"), fs.keySet());
        assertEquals(new Rootfs.Node('f', 0644, 1000, 50, "class Main {}"), fs.get("app/app.jar"),
                "files from a stage keep the owner they have there");
        assertTrue(config().config().labels().isEmpty(), "the debug stage is not built");
        build(dockerfile).build(store);
        assertEquals(Map.of("debug", "true"), config().config().labels());
    }

    @Test
    void copyFromANamedImageReadsThatImage() throws IOException {
        build("FROM scratch\nCOPY --from=localhost/base:1 /opt/tool /tool\n").build(store);
        assertEquals(new Rootfs.Node('f', 0755, 0, 0, "#!/bin/sh\n"), rootfs().get("tool/bin/tool"));
    }

    @Test
    void dockerignoreExcludesWithExceptionsAndDoubleStar() throws IOException {
        file("app/main.txt", "main");
        file("app/debug.log", "log");
        file("app/deep/x/trace.log", "log");
        file("app/keep.log", "kept by exception");
        file("secret/key", "k");
        file(".dockerignore", "# comment\n**/*.log\n!app/keep.log\nsecret\n");
        build("FROM scratch\nCOPY . /ctx/\n").build(store);
        Set<String> paths = rootfs().keySet();
        assertTrue(paths.containsAll(Set.of("ctx/app/main.txt", "ctx/app/keep.log", "ctx/Dockerfile", "ctx/.dockerignore")),
                paths.toString());
        assertFalse(paths.contains("ctx/app/debug.log"));
        assertFalse(paths.contains("ctx/app/deep/x/trace.log"));
        assertFalse(paths.contains("ctx/secret"));
    }

    @Test
    void anExcludedFileNamedByCopyIsNotFound() throws IOException {
        file("secret.txt", "s");
        file(".dockerignore", "secret.txt\n");
        InvalidDockerfileException e = assertThrows(InvalidDockerfileException.class,
                () -> build("FROM scratch\nCOPY secret.txt /\n").build(store));
        assertTrue(e.getMessage().contains("secret.txt: no such file or directory in the build context"), e.getMessage());
    }

    @Test
    void addExtractsALocalTarAndCopiesOtherFilesAsTheyAre() throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(
                Files.newOutputStream(ctx.resolve("rootfs.tgz"))))) {
            TarArchiveEntry d = new TarArchiveEntry("./bin/");
            d.setMode(0755);
            tar.putArchiveEntry(d);
            tar.closeArchiveEntry();
            TarArchiveEntry f = new TarArchiveEntry("./bin/hello");
            byte[] content = "hi".getBytes(StandardCharsets.UTF_8);
            f.setSize(content.length);
            f.setMode(0755);
            f.setIds(7, 8);
            tar.putArchiveEntry(f);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        file("notes.gz.txt", "not an archive");
        build("FROM scratch\nADD rootfs.tgz /opt/\nADD notes.gz.txt /opt/\n").build(store);
        assertEquals(new Rootfs.Node('f', 0755, 7, 8, "hi"), rootfs().get("opt/bin/hello"));
        assertEquals(new Rootfs.Node('f', 0644, 0, 0, "not an archive"), rootfs().get("opt/notes.gz.txt"));
    }

    @Test
    void workdirCreatesTheDirectoryOwnedByTheUser() throws IOException {
        build("FROM localhost/base:1\nUSER app\nWORKDIR /srv/data\nWORKDIR logs\n").build(store);
        assertEquals(new Rootfs.Node('d', 0755, 1000, 1001, ""), rootfs().get("srv"));
        assertEquals(new Rootfs.Node('d', 0755, 1000, 1001, ""), rootfs().get("srv/data/logs"));
        assertEquals("/srv/data/logs", config().config().workingDir());
        assertEquals("app", config().config().user());
    }

    @Test
    void relativeDestinationsStartAtTheWorkdir() throws IOException {
        file("a.txt", "a");
        build("FROM scratch\nWORKDIR /w\nCOPY a.txt .\nCOPY a.txt b.txt\nCOPY a.txt sub/\n").build(store);
        assertTrue(rootfs().keySet().containsAll(Set.of("w/a.txt", "w/b.txt", "w/sub/a.txt")), rootfs().toString());
    }

    @Test
    void aDestinationThroughASymlinkOfTheImageGoesWhereTheLinkLeads() throws IOException {
        file("libx.so", "so");
        build("FROM localhost/base:1\nCOPY libx.so /lib/\n").build(store);
        assertEquals(new Rootfs.Node('l', 0777, 0, 0, "usr/lib"), rootfs().get("lib"));
        assertEquals(new Rootfs.Node('f', 0644, 0, 0, "so"), rootfs().get("usr/lib/libx.so"));
    }

    @Test
    void copyingIntoAnExistingDirectoryKeepsItsModeAndOwner() throws IOException {
        file("tmpfile", "t");
        build("FROM localhost/base:1\nCOPY tmpfile /tmp/\n").build(store);
        assertEquals(new Rootfs.Node('d', 01777, 0, 0, ""), rootfs().get("tmp"));
    }

    @Test
    void chownByNameUsesTheImagesPasswdAndGroup() throws IOException {
        file("conf/app.yml", "x");
        build("FROM localhost/base:1\nCOPY --chown=app conf /etc/app/\n").build(store);
        assertEquals(new Rootfs.Node('f', 0644, 1000, 1001, "x"), rootfs().get("etc/app/app.yml"));
        assertEquals(new Rootfs.Node('d', 0755, 1000, 1001, ""), rootfs().get("etc/app"));
    }

    @Test
    void chmodAndModesOfContextFiles() throws IOException {
        Path script = file("bin/run.sh", "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        build("FROM scratch\nCOPY bin /bin/\nCOPY --chmod=600 bin/run.sh /secret/run.sh\n").build(store);
        assertEquals(0750, rootfs().get("bin/run.sh").mode());
        assertEquals(0600, rootfs().get("secret/run.sh").mode());
    }

    @Test
    void globsCopyEveryMatch() throws IOException {
        file("a.jar", "a");
        file("b.jar", "b");
        file("c.txt", "c");
        build("FROM scratch\nCOPY *.jar /lib/\n").build(store);
        assertEquals(Set.of("lib", "lib/a.jar", "lib/b.jar"), rootfs().keySet());
    }

    @Test
    void aHeredocBecomesAFileWithExpandedVariables() throws IOException {
        build("FROM scratch\nARG NAME=world\nCOPY <<EOF /greeting.txt\nhello $NAME\nEOF\n").build(store);
        assertEquals(new Rootfs.Node('f', 0644, 0, 0, "hello world\n"), rootfs().get("greeting.txt"));
    }

    @Test
    void metadataInstructionsSetTheirConfigFields() throws IOException {
        file("f", "f");
        build("""
                FROM localhost/base:1
                COPY f /f
                SHELL ["/bin/bash", "-c"]
                CMD echo hello
                VOLUME /data /logs
                VOLUME ["/cache"]
                STOPSIGNAL SIGINT
                HEALTHCHECK --interval=30s --timeout=5s --retries=3 CMD curl -f http://localhost/ || exit 1
                ONBUILD COPY . /src
                MAINTAINER someone@example.com
                EXPOSE 53/udp 8000-8001
                """).build(store);
        ContainerConfig c = config().config();
        assertEquals(List.of("/bin/bash", "-c"), c.shell());
        assertEquals(List.of("/bin/bash", "-c", "echo hello"), c.cmd());
        assertEquals(Set.of("/data", "/logs", "/cache"), c.volumes());
        assertEquals("SIGINT", c.stopSignal());
        assertEquals(Optional.of(new Healthcheck(List.of("CMD-SHELL", "curl -f http://localhost/ || exit 1"),
                Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ZERO, Duration.ZERO, 3)), c.healthcheck());
        assertEquals(List.of("COPY . /src"), c.onBuild());
        assertEquals("someone@example.com", config().author());
        assertEquals(Set.of("53/udp", "8000/tcp", "8001/tcp"), c.exposedPorts());
        assertTrue(history().contains("HEALTHCHECK {Test:[CMD-SHELL curl -f http://localhost/ || exit 1] Interval:30s "
                + "Timeout:5s StartPeriod:0s StartInterval:0s Retries:3}"), history().toString());
    }

    @Test
    void theBaseImagesOnbuildTriggersRunFirstAndAreNotInherited() throws IOException {
        file("trigger.txt", "from the trigger");
        build("FROM localhost/base:1\nONBUILD COPY trigger.txt /triggered/\n").tags("localhost/parent:1").build(store);
        build("FROM localhost/parent:1\nLABEL child=yes\n").build(store);
        assertEquals(new Rootfs.Node('f', 0644, 0, 0, "from the trigger"), rootfs().get("triggered/trigger.txt"));
        assertEquals(List.of(), config().config().onBuild());
    }

    @Test
    void buildLabelsAndTagsApplyToTheImage() throws IOException {
        DockerfileBuildResult r = build("FROM localhost/base:1\nLABEL a=dockerfile\n").label("a", "cli").label("b", "cli")
                .tags("localhost/app:latest").build(store);
        assertEquals(Map.of("base.label", "kept", "a", "cli", "b", "cli"), config().config().labels());
        assertEquals(store.resolve(APP).orElseThrow().digest(),
                store.resolve(ImageReference.parse("localhost/app:latest")).orElseThrow().digest());
        assertEquals(2, r.tags().size());
    }

    @Test
    void progressNumbersEveryStepOfTheNeededStages() throws IOException {
        List<String> steps = new ArrayList<>();
        build("FROM scratch AS unused\nLABEL x=1\nFROM localhost/base:1\nLABEL a=1\nENV B=2\n")
                .progress(new BuildProgress() {
                    @Override
                    public void step(BuildStep step) {
                        steps.add(step.number() + "/" + step.total() + " " + step.instruction());
                    }
                }).build(store);
        assertEquals(List.of("1/3 FROM localhost/base:1", "2/3 LABEL a=1", "3/3 ENV B=2"), steps);
    }

    @Test
    void aBuildWithoutTagsLeavesADanglingImage() throws IOException {
        DockerfileBuildResult r = ImageBuilder.fromDockerfile(Files.writeString(ctx.resolve("Dockerfile"),
                "FROM localhost/base:1\nLABEL x=1\n").getParent()).environment(NO_ENV).build(store);
        assertTrue(r.tags().isEmpty());
        assertTrue(store.resolve(r.image().imageId().toString()).orElseThrow().isDangling());
    }

    @Test
    void theDockerfileCanBeGivenElsewhereOrAsText() throws IOException {
        Path other = Files.writeString(dir.resolve("app.Dockerfile"), "FROM localhost/base:1\nLABEL from=file\n");
        ImageBuilder.fromDockerfile(ctx).dockerfile(other).environment(NO_ENV).tags(APP.toString()).build(store);
        assertEquals("file", config().config().labels().get("from"));
        ImageBuilder.fromDockerfile(ctx).dockerfileContent("FROM localhost/base:1\nLABEL from=text\n")
                .environment(NO_ENV).tags(APP.toString()).build(store);
        assertEquals("text", config().config().labels().get("from"));
    }

    @Test
    void aMissingBaseImageIsNamedWithHowToGetIt() throws IOException {
        ImageNotFoundException e = assertThrows(ImageNotFoundException.class,
                () -> build("FROM localhost/nothing:1\n").build(store));
        assertTrue(e.getMessage().contains("localhost/nothing:1") && e.getMessage().contains("stowage pull"),
                e.getMessage());
    }

    @Test
    void theBuildPlatformAppliesToScratchImages() throws IOException {
        build("FROM scratch\nARG TARGETARCH\nLABEL arch=$TARGETARCH\nCOPY Dockerfile /\n").platform("linux/arm64")
                .build(store);
        assertEquals("arm64", config().architecture());
        assertEquals("arm64", config().config().labels().get("arch"));
    }

    @Test
    void addOfAUrlPlacesTheDownloadWithModeSixHundredUnderItsName() throws IOException {
        byte[] body = "downloaded".getBytes(StandardCharsets.UTF_8);
        String checksum = dev.stowage.core.model.Digest.sha256(body).toString();
        build("FROM scratch\nADD --checksum=" + checksum + " https://example.com/files/tool.bin?x=1 /opt/\n"
                + "ADD https://example.com/ /opt/root\n")
                .remoteFiles((url, target) -> Files.write(target, body)).build(store);
        assertEquals(new Rootfs.Node('f', 0600, 0, 0, "downloaded"), rootfs().get("opt/tool.bin"));
        assertEquals(new Rootfs.Node('f', 0600, 0, 0, "downloaded"), rootfs().get("opt/root"));
    }

    @Test
    void addOfAUrlWithoutAFetcherSaysHowToGiveOne() throws IOException {
        InvalidDockerfileException e = assertThrows(InvalidDockerfileException.class,
                () -> build("FROM scratch\nADD https://example.com/x /x\n").build(store));
        assertTrue(e.getMessage().contains("DockerfileBuild.remoteFiles"), e.getMessage());
    }

    @Test
    void copyOfAUrlIsRefused() throws IOException {
        InvalidDockerfileException e = assertThrows(InvalidDockerfileException.class,
                () -> build("FROM scratch\nCOPY https://example.com/x /x\n").build(store));
        assertTrue(e.getMessage().contains("source can't be a URL for COPY"), e.getMessage());
    }
}
