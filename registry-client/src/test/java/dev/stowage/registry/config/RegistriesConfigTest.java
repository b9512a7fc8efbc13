package dev.stowage.registry.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.BlockedRegistryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** containers-registries.conf(5) as containers/image reads it: tables, prefixes, files and drop-ins, errors. */
class RegistriesConfigTest {
    @TempDir
    Path dir;

    private Path write(String name, String toml) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, toml);
    }

    private RegistriesConfig parse(String toml) throws IOException {
        return RegistriesConfig.load(write("registries.conf", toml));
    }

    @Test
    void readsRegistryTablesWithTheirMirrorsInOrder() throws IOException {
        RegistriesConfig conf = parse("""
                unqualified-search-registries = ["docker.io"]

                [[registry]]
                prefix = "example.com/foo"
                location = "internal.example.net/bar"
                insecure = true

                [[registry.mirror]]
                location = "mirror-0.local/mirror-for-foo"

                [[registry.mirror]]
                location = "mirror-1.local/mirrors/foo"
                insecure = true
                pull-from-mirror = "tag-only"

                [[registry]]
                location = "blocked.example.com"
                blocked = true
                """);

        RegistryEntry foo = conf.find("example.com/foo/app:1").orElseThrow();
        assertEquals("internal.example.net/bar", foo.location());
        assertTrue(foo.insecure());
        assertEquals(List.of(new RegistryEntry.Mirror("mirror-0.local/mirror-for-foo", false, "all"),
                new RegistryEntry.Mirror("mirror-1.local/mirrors/foo", true, "tag-only")), foo.mirrors());
        assertEquals("blocked.example.com", conf.find("blocked.example.com/x").orElseThrow().prefix(),
                "a table without prefix is named by its location");
    }

    @Test
    void theLongestMatchingPrefixGoverns() throws IOException {
        RegistriesConfig conf = parse("""
                [[registry]]
                location = "example.com"
                [[registry]]
                location = "example.com/team"
                blocked = true
                """);

        assertEquals("example.com/team", conf.find("example.com/team/app").orElseThrow().prefix());
        assertEquals("example.com/team", conf.find("example.com/team@sha256:00").orElseThrow().prefix());
        assertEquals("example.com", conf.find("example.com/teams/app").orElseThrow().prefix(), "a prefix ends at a separator");
        assertEquals("example.com", conf.find("example.com").orElseThrow().prefix());
        assertEquals(Optional.empty(), conf.find("other.example.com/app"));
    }

    @Test
    void aWildcardPrefixGovernsEveryHostUnderItsDomain() throws IOException {
        RegistriesConfig conf = parse("""
                [[registry]]
                prefix = "*.internal.example"
                insecure = true
                """);

        assertTrue(conf.isInsecure("a.internal.example"));
        assertTrue(conf.isInsecure("b.a.internal.example:5000"));
        assertFalse(conf.isInsecure("internal.example"));
        assertTrue(conf.find("a.internal.example/team/app").isPresent());
    }

    @Test
    void insecureIsDecidedPerHostForPrefixesLocationsAndMirrors() throws IOException {
        RegistriesConfig conf = parse("""
                [[registry]]
                prefix = "registry.lan:5000/team"
                location = "cache.lan:5000/team"
                insecure = true
                [[registry]]
                location = "secure.example.com"
                [[registry.mirror]]
                location = "mirror.lan/hub"
                insecure = true
                """);

        assertTrue(conf.isInsecure("registry.lan:5000"));
        assertTrue(conf.isInsecure("cache.lan:5000"));
        assertTrue(conf.isInsecure("mirror.lan"));
        assertFalse(conf.isInsecure("secure.example.com"));
        assertFalse(conf.isInsecure("registry.lan"), "another port is another registry");
    }

    @Test
    void aBlockedNameIsRefusedNamingTheTableAndItsFile() throws IOException {
        RegistriesConfig conf = parse("""
                [[registry]]
                prefix = "registry.example.com/forbidden"
                location = "registry.example.com/forbidden"
                blocked = true
                """);

        BlockedRegistryException e = assertThrows(BlockedRegistryException.class,
                () -> conf.checkNotBlocked("registry.example.com/forbidden/app:1"));
        assertEquals("registry.example.com/forbidden/app:1 is blocked: " + dir.resolve("registries.conf")
                + " marks \"registry.example.com/forbidden\" blocked = true, so Stowage does not contact it", e.getMessage());
        assertEquals("registry.example.com", e.registry());
        conf.checkNotBlocked("registry.example.com/allowed/app:1");
    }

    @Test
    void mirrorByDigestOnlyAppliesToEveryMirror() throws IOException {
        RegistriesConfig conf = parse("""
                [[registry]]
                location = "docker.io"
                mirror-by-digest-only = true
                [[registry.mirror]]
                location = "mirror.lan/hub"
                """);

        assertEquals("digest-only", conf.find("docker.io/library/nginx").orElseThrow().mirrors().get(0).pullFromMirror());
    }

    @Test
    void versionOneListsAreReadAsTables() throws IOException {
        RegistriesConfig conf = parse("""
                [registries.search]
                registries = ["docker.io"]
                [registries.insecure]
                registries = ["registry.lan:5000"]
                [registries.block]
                registries = ["bad.example.com", "registry.lan:5000"]
                """);

        assertTrue(conf.isInsecure("registry.lan:5000"));
        assertTrue(conf.find("registry.lan:5000/app").orElseThrow().blocked());
        assertThrows(BlockedRegistryException.class, () -> conf.checkNotBlocked("bad.example.com/app"));
        assertFalse(conf.isInsecure("docker.io"));
    }

    @Test
    void aPullReadsTheMirrorsInOrderThenTheLocationWithThePrefixReplaced() throws IOException {
        RegistriesConfig conf = parse("""
                [[registry]]
                prefix = "example.com/foo"
                location = "internal.example.net/bar"
                [[registry.mirror]]
                location = "mirror-0.local/mirror-for-foo"
                [[registry.mirror]]
                location = "mirror-1.local/mirrors/foo"
                """);

        assertEquals(List.of("mirror-0.local/mirror-for-foo/image:latest", "mirror-1.local/mirrors/foo/image:latest",
                "internal.example.net/bar/image:latest"), names(conf.pullSources(ref("example.com/foo/image:latest"))));
        assertEquals(List.of("other.example.com/image:1"), names(conf.pullSources(ref("other.example.com/image:1"))));
    }

    @Test
    void dockerHubsMirrorServesItsShortNames() throws IOException {
        RegistriesConfig conf = parse("[[registry]]\nlocation = \"docker.io\"\n[[registry.mirror]]\nlocation = \"mirror.lan:5000\"\n");

        assertEquals(List.of("mirror.lan:5000/library/nginx:1.25", "docker.io/library/nginx:1.25"),
                names(conf.pullSources(ref("nginx:1.25"))));
    }

    @Test
    void aDigestOnlyMirrorServesPullsByDigestAndATagOnlyOnePullsByTag() throws IOException {
        String digest = "sha256:" + "a".repeat(64);
        RegistriesConfig conf = parse("""
                [[registry]]
                location = "registry.example.com"
                [[registry.mirror]]
                location = "by-digest.local"
                pull-from-mirror = "digest-only"
                [[registry.mirror]]
                location = "by-tag.local"
                pull-from-mirror = "tag-only"
                """);

        assertEquals(List.of("by-tag.local/app:1", "registry.example.com/app:1"),
                names(conf.pullSources(ref("registry.example.com/app:1"))));
        assertEquals(List.of("by-digest.local/app@" + digest, "registry.example.com/app@" + digest),
                names(conf.pullSources(ref("registry.example.com/app@" + digest))));
    }

    @Test
    void aBlockedOrWildcardTableSendsThePullNowhereElse() throws IOException {
        RegistriesConfig conf = parse("""
                [[registry]]
                location = "blocked.example.com"
                blocked = true
                [[registry.mirror]]
                location = "mirror.local"
                [[registry]]
                prefix = "*.lan"
                [[registry.mirror]]
                location = "mirror.local"
                """);

        assertEquals(List.of("blocked.example.com/app:1"), names(conf.pullSources(ref("blocked.example.com/app:1"))));
        assertEquals(List.of("registry.lan/app:1"), names(conf.pullSources(ref("registry.lan/app:1"))));
    }

    private static dev.stowage.core.reference.ImageReference ref(String reference) {
        return dev.stowage.core.reference.ImageReference.parse(reference);
    }

    private static List<String> names(List<dev.stowage.core.reference.ImageReference> references) {
        return references.stream().map(Object::toString).toList();
    }

    @Test
    void aMissingFileIsNoSettings() {
        RegistriesConfig conf = RegistriesConfig.load(dir.resolve("absent.conf"));

        assertEquals(List.of(), conf.entries());
        assertEquals(List.of(), conf.files());
    }

    @Test
    void theEnvironmentVariableNamesTheFileAndDropInsAddAndReplaceTablesInNameOrder() throws IOException {
        Path named = write("named.conf", "[[registry]]\nlocation = \"a.example\"\n[[registry]]\nlocation = \"b.example\"\n");
        Path system = write("etc/registries.conf", "[[registry]]\nlocation = \"system.example\"\nblocked = true\n");
        write("etc/registries.conf.d/20-b.conf", "[[registry]]\nlocation = \"b.example\"\nblocked = true\n");
        write("etc/registries.conf.d/10-c.conf", "[[registry]]\nlocation = \"c.example\"\ninsecure = true\n");
        write("etc/registries.conf.d/ignored.txt", "not read");
        write("home/.config/containers/registries.conf.d/30-b.conf", "[[registry]]\nlocation = \"b.example\"\ninsecure = true\n");

        RegistriesConfig conf = RegistriesConfig.fromEnvironment(Map.of("CONTAINERS_REGISTRIES_CONF", named.toString(),
                "HOME", dir.resolve("home").toString()), system, dir.resolve("etc/registries.conf.d"));

        assertEquals(List.of("a.example", "c.example", "b.example"), conf.entries().stream().map(RegistryEntry::prefix).toList());
        RegistryEntry b = conf.find("b.example").orElseThrow();
        assertTrue(b.insecure() && !b.blocked(), "the user's drop-in, read last, replaced the table");
        assertEquals(Optional.empty(), conf.find("system.example/app"), "the named file replaces the system one");
    }

    @Test
    void theUsersOwnFileReplacesTheSystemFileAndItsDropIns() throws IOException {
        Path system = write("etc/registries.conf", "[[registry]]\nlocation = \"system.example\"\n");
        write("etc/registries.conf.d/10.conf", "[[registry]]\nlocation = \"dropin.example\"\n");
        write("home/.config/containers/registries.conf", "[[registry]]\nlocation = \"user.example\"\n");

        RegistriesConfig conf = RegistriesConfig.fromEnvironment(Map.of("HOME", dir.resolve("home").toString()), system,
                dir.resolve("etc/registries.conf.d"));

        assertEquals(List.of("user.example"), conf.entries().stream().map(RegistryEntry::prefix).toList());
    }

    @Test
    void withoutAUserFileTheSystemFileAndItsDropInsAreRead() throws IOException {
        Path system = write("etc/registries.conf", "[[registry]]\nlocation = \"system.example\"\n");
        write("etc/registries.conf.d/10.conf", "[[registry]]\nlocation = \"dropin.example\"\n");

        RegistriesConfig conf = RegistriesConfig.fromEnvironment(Map.of("HOME", dir.resolve("home").toString()), system,
                dir.resolve("etc/registries.conf.d"));

        assertEquals(List.of("system.example", "dropin.example"), conf.entries().stream().map(RegistryEntry::prefix).toList());
    }

    @Test
    void badFilesAreRefusedNamingTheFileAndTheProblem() {
        assertRefused("[[registry]\nlocation = \"x\"", "is not valid TOML");
        assertRefused("[[registry]]\nlocation = \"https://x.example\"", "URI schemes are not supported");
        assertRefused("[[registry]]\ninsecure = true", "needs a location");
        assertRefused("[[registry]]\nlocation = \"x.example\"\n[[registry]]\nprefix = \"x.example\"\nlocation = \"y.example\"",
                "defined more than once");
        assertRefused("[[registry]]\nlocation = \"x.example\"\ninsecure = \"yes\"", "insecure in [[registry]] must be true or false");
        assertRefused("[[registry]]\nprefix = \"*.x.example/team\"", "a wildcard must be *.domain");
        assertRefused("[[registry]]\nlocation = \"x.example\"\n[[registry.mirror]]\nlocation = \"m.example\"\n"
                + "pull-from-mirror = \"sometimes\"", "must be all, digest-only or tag-only");
        assertRefused("[[registry]]\nlocation = \"x.example\"\nmirror-by-digest-only = true\n[[registry.mirror]]\n"
                + "location = \"m.example\"\npull-from-mirror = \"all\"", "set one of them");
        assertRefused("[registries.insecure]\nregistries = [\"a.example\"]\n[[registry]]\nlocation = \"b.example\"",
                "cannot be mixed");
    }

    private void assertRefused(String toml, String why) {
        RegistriesConfigException e = assertThrows(RegistriesConfigException.class, () -> parse(toml));
        assertTrue(e.getMessage().contains(dir.resolve("registries.conf").toString()) && e.getMessage().contains(why),
                e.getMessage());
    }
}
