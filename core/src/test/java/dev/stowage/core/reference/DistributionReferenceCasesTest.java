package dev.stowage.core.reference;

import dev.stowage.core.model.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Test tables ported from github.com/distribution/reference ({@code reference_test.go},
 * {@code normalize_test.go}, {@code regexp_test.go}). Their {@code Parse} cases are restated
 * for {@code ParseNormalizedNamed}, which is what {@link ImageReference#parse} implements:
 * e.g. {@code test_com} becomes {@code docker.io/library/test_com}.
 */
class DistributionReferenceCasesTest {
    static final String F64 = "sha256:" + "f".repeat(64);
    static final String F128 = "sha512:" + "f".repeat(128);
    static final String BE178 = "sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912";
    static final String DBCC = "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c";
    static final String E669 = "sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582";
    static final String SERIAL = "sha256:1234567890098765432112345667890098765432112345667890098765432112";

    /** A successful parse: expected registry, repository, tag (or null) and digest (or null). */
    static Arguments ok(String input, String registry, String repository, String tag, String digest) {
        return arguments(input, registry, repository, tag, digest);
    }

    static void assertParses(String input, String registry, String repository, String tag, String digest) {
        ImageReference ref = ImageReference.parse(input);
        assertEquals(registry, ref.registry(), "registry of " + input);
        assertEquals(repository, ref.repository(), "repository of " + input);
        assertEquals(tag, ref.tag().orElse(null), "tag of " + input);
        assertEquals(digest, ref.digest().map(Digest::toString).orElse(null), "digest of " + input);
        String expected = registry + "/" + repository + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
        assertEquals(expected, ref.toString());
        assertEquals(ref, ImageReference.parse(ref.toString()), "fully qualified form parses back");
    }

    static void assertRefused(String input, String messagePart) {
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(input));
        assertTrue(e.getMessage().startsWith("invalid reference \""), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), () -> "message \"" + e.getMessage() + "\" lacks \"" + messagePart + "\"");
    }

    // reference_test.go TestReferenceParse (successes), normalised.
    static Stream<Arguments> referenceParseAccepted() {
        return Stream.of(
                ok("test_com", "docker.io", "library/test_com", null, null),
                ok("test.com:tag", "docker.io", "library/test.com", "tag", null),
                ok("test.com:5000", "docker.io", "library/test.com", "5000", null),
                ok("test.com/repo:tag", "test.com", "repo", "tag", null),
                ok("test:5000/repo", "test:5000", "repo", null, null),
                ok("test:5000/repo:tag", "test:5000", "repo", "tag", null),
                ok("test:5000/repo@" + F64, "test:5000", "repo", null, F64),
                ok("test:5000/repo:tag@" + F64, "test:5000", "repo", "tag", F64),
                ok("lowercase:Uppercase", "docker.io", "library/lowercase", "Uppercase", null),
                ok("a/".repeat(127) + "a:tag-puts-this-over-max", "docker.io", "a/".repeat(127) + "a", "tag-puts-this-over-max", null),
                ok("sub-dom1.foo.com/bar/baz/quux", "sub-dom1.foo.com", "bar/baz/quux", null, null),
                ok("sub-dom1.foo.com/bar/baz/quux:some-long-tag", "sub-dom1.foo.com", "bar/baz/quux", "some-long-tag", null),
                ok("b.gcr.io/test.example.com/my-app:test.example.com", "b.gcr.io", "test.example.com/my-app", "test.example.com", null),
                ok("xn--n3h.com/myimage:xn--n3h.com", "xn--n3h.com", "myimage", "xn--n3h.com", null),
                ok("xn--7o8h.com/myimage:xn--7o8h.com@" + F128, "xn--7o8h.com", "myimage", "xn--7o8h.com", F128),
                ok("foo_bar.com:8080", "docker.io", "library/foo_bar.com", "8080", null),
                ok("foo/foo_bar.com:8080", "docker.io", "foo/foo_bar.com", "8080", null),
                ok("192.168.1.1", "docker.io", "library/192.168.1.1", null, null),
                ok("192.168.1.1:tag", "docker.io", "library/192.168.1.1", "tag", null),
                ok("192.168.1.1:5000", "docker.io", "library/192.168.1.1", "5000", null),
                ok("192.168.1.1/repo", "192.168.1.1", "repo", null, null),
                ok("192.168.1.1:5000/repo", "192.168.1.1:5000", "repo", null, null),
                ok("192.168.1.1:5000/repo:5050", "192.168.1.1:5000", "repo", "5050", null),
                ok("[2001:db8::1]/repo", "[2001:db8::1]", "repo", null, null),
                ok("[2001:db8:1:2:3:4:5:6]/repo:tag", "[2001:db8:1:2:3:4:5:6]", "repo", "tag", null),
                ok("[2001:db8::1]:5000/repo", "[2001:db8::1]:5000", "repo", null, null),
                ok("[2001:db8::1]:5000/repo:tag", "[2001:db8::1]:5000", "repo", "tag", null),
                ok("[2001:db8::1]:5000/repo@" + F64, "[2001:db8::1]:5000", "repo", null, F64),
                ok("[2001:db8::1]:5000/repo:tag@" + F64, "[2001:db8::1]:5000", "repo", "tag", F64),
                ok("[2001:db8::]:5000/repo", "[2001:db8::]:5000", "repo", null, null),
                ok("[::1]:5000/repo", "[::1]:5000", "repo", null, null),
                // the current rule limits the repository path, not the whole name, to 255
                ok("example.com/" + "a".repeat(255) + ":tag", "example.com", "a".repeat(255), "tag", null));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("referenceParseAccepted")
    void referenceParseAccepted(String input, String registry, String repository, String tag, String digest) {
        assertParses(input, registry, repository, tag, digest);
    }

    // reference_test.go TestReferenceParse (errors): input and a part of the expected message.
    static Stream<Arguments> referenceParseRefused() {
        return Stream.of(
                arguments("", "reference is empty"),
                arguments(":justtag", "empty component"),
                arguments("@" + F64, "empty component"),
                arguments("repo@sha256:" + "f".repeat(34), "invalid digest"),
                arguments("validname@invaliddigest:" + "f".repeat(64), "unsupported digest algorithm"),
                arguments("Uppercase:tag", "repository name must be lowercase"),
                arguments("test:5000/Uppercase/lowercase:tag", "repository name must be lowercase"),
                arguments("domain/" + "a".repeat(256) + ":tag", "repository name must not be more than 255 characters"),
                arguments("a/".repeat(128) + "a:tag", "repository name must not be more than 255 characters"),
                arguments("aa/asdf$$^/aa", "asdf$$^"),
                arguments("[2001:db8::1]", "component \"[2001\""),
                arguments("[2001:db8::1]:5000", "component \"[2001\""),
                arguments("[2001:db8::1]:tag", "component \"[2001\""),
                arguments("[fe80::1%eth0]:5000/repo", "invalid domain"),
                arguments("[fe80::1%@invalidzone]:5000/repo", "invalid domain"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("referenceParseRefused")
    void referenceParseRefused(String input, String messagePart) {
        assertRefused(input, messagePart);
    }

    // reference_test.go TestDomainAndPath and normalize_test.go TestNormalizedSplitHostname.
    static Stream<Arguments> domainAndPath() {
        return Stream.of(
                arguments("test.com/foo", "test.com", "foo"),
                arguments("test_com/foo", "docker.io", "test_com/foo"),
                arguments("docker/migrator", "docker.io", "docker/migrator"),
                arguments("test:8080/foo", "test:8080", "foo"),
                arguments("test.com:8080/foo", "test.com:8080", "foo"),
                arguments("test-com:8080/foo", "test-com:8080", "foo"),
                arguments("foo", "docker.io", "library/foo"),
                arguments("xn--n3h.com/foo", "xn--n3h.com", "foo"),
                arguments("xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo"),
                arguments("docker.io/foo", "docker.io", "library/foo"),
                arguments("docker.io/library/foo", "docker.io", "library/foo"),
                arguments("docker.io/library/foo/bar", "docker.io", "library/foo/bar"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("domainAndPath")
    void domainAndPath(String input, String registry, String repository) {
        assertParses(input, registry, repository, null, null);
    }

    // reference_test.go TestParseNamed: canonical input is exactly its own fully qualified form.
    static Stream<Arguments> canonicalForms() {
        return Stream.of(
                arguments("test.com/foo", true),
                arguments("test:8080/foo", true),
                arguments("test_com/foo", false),
                arguments("test.com", false),
                arguments("foo", false),
                arguments("library/foo", false),
                arguments("docker.io/library/foo", true),
                arguments("docker.io/foo", false));
    }

    @ParameterizedTest(name = "[{index}] {0} canonical={1}")
    @MethodSource("canonicalForms")
    void canonicalFormIsItsOwnFullyQualifiedForm(String input, boolean canonical) {
        assertEquals(canonical, ImageReference.parse(input).toString().equals(input));
    }

    // reference_test.go TestWithTag (digests lengthened to a full sha256, which Digest requires).
    static Stream<Arguments> withTag() {
        return Stream.of(
                arguments("test.com/foo", null, "tag", "test.com/foo:tag"),
                arguments("foo", null, "tag2", "docker.io/library/foo:tag2"),
                arguments("test.com:8000/foo", null, "tag4", "test.com:8000/foo:tag4"),
                arguments("test.com:8000/foo", null, "TAG5", "test.com:8000/foo:TAG5"),
                arguments("test.com:8000/foo", SERIAL, "TAG5", "test.com:8000/foo:TAG5@" + SERIAL));
    }

    @ParameterizedTest(name = "[{index}] {3}")
    @MethodSource("withTag")
    void withTagCombinesNameDigestAndTag(String name, String digest, String tag, String combined) {
        ImageReference ref = ImageReference.parse(name);
        if (digest != null) {
            ref = ref.withDigest(Digest.parse(digest));
        }
        assertEquals(combined, ref.withTag(tag).toString());
    }

    // reference_test.go TestWithDigest.
    static Stream<Arguments> withDigest() {
        return Stream.of(
                arguments("test.com/foo", SERIAL, null, "test.com/foo@" + SERIAL),
                arguments("foo", SERIAL, null, "docker.io/library/foo@" + SERIAL),
                arguments("test.com:8000/foo", SERIAL, null, "test.com:8000/foo@" + SERIAL),
                arguments("test.com:8000/foo", SERIAL, "latest", "test.com:8000/foo:latest@" + SERIAL));
    }

    @ParameterizedTest(name = "[{index}] {3}")
    @MethodSource("withDigest")
    void withDigestCombinesNameTagAndDigest(String name, String digest, String tag, String combined) {
        ImageReference ref = ImageReference.parse(name);
        if (tag != null) {
            ref = ref.withTag(tag);
        }
        assertEquals(combined, ref.withDigest(Digest.parse(digest)).toString());
    }

    // reference_test.go TestSerialization: the text form survives a round trip.
    @ParameterizedTest
    @ValueSource(strings = {"example.com:8000/named", "example.com:8000/named:tagged", "other.com/named@" + SERIAL})
    void serializedFormRoundTrips(String input) {
        ImageReference ref = ImageReference.parse(input);
        assertEquals(input, ref.toString());
        assertEquals(ref, ImageReference.parse(ref.toString()));
    }

    // normalize_test.go TestValidateReferenceName.
    @ParameterizedTest
    @ValueSource(strings = {
        "docker/docker", "library/debian", "debian", "docker.io/docker/docker", "docker.io/library/debian",
        "docker.io/debian", "index.docker.io/docker/docker", "index.docker.io/library/debian", "index.docker.io/debian",
        "127.0.0.1:5000/docker/docker", "127.0.0.1:5000/library/debian", "127.0.0.1:5000/debian", "192.168.0.1",
        "192.168.0.1:80", "192.168.0.1:8/debian", "192.168.0.2:25000/debian",
        "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev", "[fc00::1]:5000/docker",
        "[fc00::1]:5000/docker/docker", "[fc00:1:2:3:4:5:6:7]:5000/library/debian",
        "docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a", "Docker/docker", "DOCKER/docker"})
    void validReferenceNames(String input) {
        ImageReference ref = ImageReference.parse(input);
        assertEquals(ref, ImageReference.parse(ref.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://github.com/docker/docker", "docker/Docker", "-docker", "-docker/docker", "-docker.io/docker/docker",
        "docker///docker", "docker.io/docker/Docker", "docker.io/docker///docker", "[fc00::1]", "[fc00::1]:5000",
        "fc00::1:5000/debian", "[fe80::1%eth0]:5000/debian", "[2001:db8:3:4::192.0.2.33]:5000/debian",
        "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a"})
    void invalidReferenceNames(String input) {
        assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(input));
    }

    // normalize_test.go TestValidateRemoteName.
    @ParameterizedTest
    @ValueSource(strings = {
        "docker/docker", "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev", "docker-rules/docker",
        "docker---rules/docker", "doc/docker", "d/docker", "jess/t", "dock__er/docker"})
    void validRemoteNames(String input) {
        assertEquals("docker.io", ImageReference.parse(input).registry());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "docker/Docker", "docker///docker", "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
        "-docker/docker", "docker-/docker", "-docker-/docker", "____/____", "_docker/_docker", "dock..er/docker",
        "dock_.er/docker", "dock-.er/docker", "docker/",
        "this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255/docker"})
    void invalidRemoteNames(String input) {
        assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(input));
    }

    // normalize_test.go TestParseRepositoryInfo: each spelling gives the same four facts.
    static Stream<Arguments> repositoryInfo() {
        String[][] rows = {
            // remote name, familiar name, full name, ambiguous name, domain
            {"fooo/bar", "fooo/bar", "docker.io/fooo/bar", "index.docker.io/fooo/bar", "docker.io"},
            {"library/ubuntu", "ubuntu", "docker.io/library/ubuntu", "library/ubuntu", "docker.io"},
            {"nonlibrary/ubuntu", "nonlibrary/ubuntu", "docker.io/nonlibrary/ubuntu", "", "docker.io"},
            {"other/library", "other/library", "docker.io/other/library", "", "docker.io"},
            {"private/moonbase", "127.0.0.1:8000/private/moonbase", "127.0.0.1:8000/private/moonbase", "", "127.0.0.1:8000"},
            {"privatebase", "127.0.0.1:8000/privatebase", "127.0.0.1:8000/privatebase", "", "127.0.0.1:8000"},
            {"private/moonbase", "example.com/private/moonbase", "example.com/private/moonbase", "", "example.com"},
            {"privatebase", "example.com/privatebase", "example.com/privatebase", "", "example.com"},
            {"private/moonbase", "example.com:8000/private/moonbase", "example.com:8000/private/moonbase", "", "example.com:8000"},
            {"privatebasee", "example.com:8000/privatebasee", "example.com:8000/privatebasee", "", "example.com:8000"},
            {"library/ubuntu-12.04-base", "ubuntu-12.04-base", "docker.io/library/ubuntu-12.04-base",
                "index.docker.io/library/ubuntu-12.04-base", "docker.io"},
            {"library/foo", "foo", "docker.io/library/foo", "docker.io/foo", "docker.io"},
            {"library/foo/bar", "library/foo/bar", "docker.io/library/foo/bar", "", "docker.io"},
            {"store/foo/bar", "store/foo/bar", "docker.io/store/foo/bar", "", "docker.io"},
            {"bar", "Foo/bar", "Foo/bar", "", "Foo"},
            {"bar", "FOO/bar", "FOO/bar", "", "FOO"},
        };
        List<Arguments> cases = new ArrayList<>();
        for (String[] row : rows) {
            for (String spelling : new String[] {row[1], row[2], row[3]}) {
                if (!spelling.isEmpty()) {
                    cases.add(arguments(spelling, row[0], row[1], row[2], row[4]));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("repositoryInfo")
    void repositoryInfo(String spelling, String remoteName, String familiarName, String fullName, String domain) {
        ImageReference ref = ImageReference.parse(spelling);
        assertEquals(remoteName, ref.repository());
        assertEquals(familiarName, ref.familiarName());
        assertEquals(fullName, ref.toString());
        assertEquals(domain, ref.registry());
    }

    // normalize_test.go TestParseReferenceWithTagAndDigest.
    @Test
    void referenceWithTagAndDigestKeepsBoth() {
        String shortRef = "busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa";
        ImageReference ref = ImageReference.parse(shortRef);
        assertEquals("docker.io/library/" + shortRef, ref.toString());
        assertEquals("latest", ref.tag().orElseThrow());
        assertEquals("sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa", ref.digest().orElseThrow().toString());
        assertEquals(shortRef, ref.familiar());
    }

    // normalize_test.go TestInvalidReferenceComponents.
    @Test
    void invalidComponentsAreRefused() {
        assertThrows(InvalidReferenceException.class, () -> ImageReference.parse("-foo"));
        ImageReference busybox = ImageReference.parse("busybox");
        assertThrows(InvalidReferenceException.class, () -> busybox.withTag("-foo"));
        assertThrows(InvalidReferenceException.class, () -> busybox.withDigest(Digest.parse("foo:" + "a".repeat(32))));
    }

    // normalize_test.go TestParseAnyReference, the cases ParseNormalizedNamed also accepts.
    static Stream<Arguments> anyReference() {
        return Stream.of(
                arguments("redis", "docker.io/library/redis"),
                arguments("redis:latest", "docker.io/library/redis:latest"),
                arguments("docker.io/library/redis:latest", "docker.io/library/redis:latest"),
                arguments("redis@" + DBCC, "docker.io/library/redis@" + DBCC),
                arguments("docker.io/library/redis@" + DBCC, "docker.io/library/redis@" + DBCC),
                arguments("dmcgowan/myapp", "docker.io/dmcgowan/myapp"),
                arguments("dmcgowan/myapp:latest", "docker.io/dmcgowan/myapp:latest"),
                arguments("docker.io/mcgowan/myapp:latest", "docker.io/mcgowan/myapp:latest"),
                arguments("dmcgowan/myapp@" + DBCC, "docker.io/dmcgowan/myapp@" + DBCC),
                arguments("docker.io/dmcgowan/myapp@" + DBCC, "docker.io/dmcgowan/myapp@" + DBCC),
                // ParseAnyReference reads this as a digest; ParseNormalizedNamed as repository "sha256" and a tag
                arguments(DBCC, "docker.io/library/" + DBCC),
                arguments("dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9",
                        "docker.io/library/dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9"),
                arguments("dbcc1", "docker.io/library/dbcc1"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("anyReference")
    void anyReferenceNormalisesLikeDocker(String input, String equivalent) {
        assertEquals(equivalent, ImageReference.parse(input).toString());
        assertEquals(ImageReference.parse(equivalent), ImageReference.parse(input));
    }

    @Test
    void bareImageIdIsNotARepositoryName() {
        assertRefused(DBCC.substring("sha256:".length()), "image ID");
    }

    // normalize_test.go TestParseDockerRef, for the part withDefaultTag covers (no tag is dropped).
    static Stream<Arguments> defaultTag() {
        return Stream.of(
                arguments("busybox", "docker.io/library/busybox:latest"),
                arguments("busybox:latest", "docker.io/library/busybox:latest"),
                arguments("busybox@" + E669, "docker.io/library/busybox@" + E669),
                arguments("library/busybox", "docker.io/library/busybox:latest"),
                arguments("docker.io/busybox", "docker.io/library/busybox:latest"),
                arguments("docker.io/library/busybox", "docker.io/library/busybox:latest"),
                arguments("docker.io/busybox:latest", "docker.io/library/busybox:latest"),
                arguments("library/busybox:latest", "docker.io/library/busybox:latest"),
                arguments("docker.io/library/busybox:latest", "docker.io/library/busybox:latest"),
                arguments("gcr.io/library/busybox", "gcr.io/library/busybox:latest"),
                arguments("gcr.io/library/busybox:latest@" + E669, "gcr.io/library/busybox:latest@" + E669));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("defaultTag")
    void withDefaultTagMatchesDockerRef(String input, String expected) {
        assertEquals(expected, ImageReference.parse(input).withDefaultTag().toString());
    }

    // regexp_test.go TestDomainRegexp, for domains normalisation treats as a registry ("a" is a path).
    static Stream<Arguments> domains() {
        return Stream.of(
                arguments("test.com", true), arguments("test.com:10304", true), arguments("test.com:http", false),
                arguments("localhost", true), arguments("localhost:8080", true), arguments("a.b", true),
                arguments("ab.cd.com", true), arguments("a-b.com", true), arguments("-ab.com", false),
                arguments("ab-.com", false), arguments("ab.c-om", true), arguments("ab.-com", false),
                arguments("ab.com-", false), arguments("0101.com", true), arguments("001a.com", true),
                arguments("b.gbc.io:443", true), arguments("b.gbc.io", true), arguments("xn--n3h.com", true),
                arguments("Asdf.com", true), arguments("192.168.1.1:75050", true), arguments("192.168.1.1:750050", true),
                arguments("[fd00:1:2::3]:75050", true), arguments("[fd00:1:2::3]75050", false),
                arguments("[fd00:1:2::3]::75050", false), arguments("[fd00:1:2::3%eth0]:75050", false),
                arguments("[fd00123123123]:75050", true),
                arguments("[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:75050", true),
                arguments("[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:750505", true),
                arguments("fd00:1:2::3:75050", false));
    }

    @ParameterizedTest(name = "[{index}] {0} valid={1}")
    @MethodSource("domains")
    void domainGrammar(String domain, boolean valid) {
        String input = domain + "/foo";
        if (valid) {
            assertParses(input, domain, "foo", null, null);
        } else {
            assertRefused(input, "invalid domain");
        }
    }

    // regexp_test.go TestFullNameRegexp (matches), normalised.
    static Stream<Arguments> fullNames() {
        return Stream.of(
                arguments("short", "docker.io", "library/short"),
                arguments("simple/name", "docker.io", "simple/name"),
                arguments("library/ubuntu", "docker.io", "library/ubuntu"),
                arguments("docker/stevvooe/app", "docker.io", "docker/stevvooe/app"),
                arguments("aa/aa/aa/aa/aa/aa/aa/aa/aa/bb/bb/bb/bb/bb/bb", "docker.io", "aa/aa/aa/aa/aa/aa/aa/aa/aa/bb/bb/bb/bb/bb/bb"),
                arguments("aa/aa/bb/bb/bb", "docker.io", "aa/aa/bb/bb/bb"),
                arguments("a/a/a/a", "docker.io", "a/a/a/a"),
                arguments("a", "docker.io", "library/a"),
                arguments("a/aa", "docker.io", "a/aa"),
                arguments("a/aa/a", "docker.io", "a/aa/a"),
                arguments("foo.com", "docker.io", "library/foo.com"),
                arguments("foo.com:8080/bar", "foo.com:8080", "bar"),
                arguments("foo.com/bar", "foo.com", "bar"),
                arguments("foo.com/bar/baz", "foo.com", "bar/baz"),
                arguments("localhost:8080/bar", "localhost:8080", "bar"),
                arguments("sub-dom1.foo.com/bar/baz/quux", "sub-dom1.foo.com", "bar/baz/quux"),
                arguments("blog.foo.com/bar/baz", "blog.foo.com", "bar/baz"),
                arguments("aa-a/a", "docker.io", "aa-a/a"),
                arguments("foo_bar", "docker.io", "library/foo_bar"),
                arguments("foo_bar.com", "docker.io", "library/foo_bar.com"),
                arguments("foo.com/foo_bar", "foo.com", "foo_bar"),
                arguments("b.gcr.io/test.example.com/my-app", "b.gcr.io", "test.example.com/my-app"),
                arguments("xn--n3h.com/myimage", "xn--n3h.com", "myimage"),
                arguments("xn--7o8h.com/myimage", "xn--7o8h.com", "myimage"),
                arguments("example.com/xn--7o8h.com/myimage", "example.com", "xn--7o8h.com/myimage"),
                arguments("example.com/some_separator__underscore/myimage", "example.com", "some_separator__underscore/myimage"),
                arguments("do__cker/docker", "docker.io", "do__cker/docker"),
                arguments("registry.io/foo/project--id.module--name.ver---sion--name", "registry.io",
                        "foo/project--id.module--name.ver---sion--name"),
                arguments("Asdf.com/foo/bar", "Asdf.com", "foo/bar"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("fullNames")
    void fullNameGrammarAccepts(String input, String registry, String repository) {
        assertParses(input, registry, repository, null, null);
    }

    // regexp_test.go TestFullNameRegexp (non-matches). The 257-character "a/a/…/a" matches the bare
    // name grammar with "a" as its domain, but normalised it is a 257-character Docker Hub path.
    @ParameterizedTest
    @ValueSource(strings = {
        "a/a/a/a/", "a//a/a", "foo.com/", "foo.com:http/bar", "a^a", "aa/asdf$$^/aa", "asdf$$^/aa", "a-/a/a/a",
        "foo.com/a-/a/a", "-foo/bar", "foo/bar-", "foo-/bar", "foo/-bar", "_foo/bar", "foo_bar.com:8080/app",
        "____/____", "_docker/_docker", "docker_/docker_", "example.com/__underscore/myimage",
        "example.com/..dots/myimage", "example.com/.dots/myimage", "example.com/nodouble..dots/myimage",
        "docker./docker", ".docker/docker", "docker-/docker", "-docker/docker", "do..cker/docker",
        "do__cker:8080/docker", "Foo/FarB"})
    void fullNameGrammarRefuses(String input) {
        assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(input));
    }

    @Test
    void twoHundredFiftySevenCharacterDockerHubPathIsTooLong() {
        assertRefused("a/".repeat(128) + "a", "must not be more than 255 characters");
    }

    // regexp_test.go TestReferenceRegexp, normalised.
    static Stream<Arguments> referenceGrammarAccepts() {
        return Stream.of(
                ok("registry.com:8080/myapp:tag", "registry.com:8080", "myapp", "tag", null),
                ok("registry.com:8080/myapp@" + BE178, "registry.com:8080", "myapp", null, BE178),
                ok("registry.com:8080/myapp:tag2@" + BE178, "registry.com:8080", "myapp", "tag2", BE178),
                ok("localhost:8080@" + BE178, "docker.io", "library/localhost", "8080", BE178),
                ok("localhost:8080/name@" + BE178, "localhost:8080", "name", null, BE178),
                ok("localhost@" + BE178, "docker.io", "library/localhost", null, BE178));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("referenceGrammarAccepts")
    void referenceGrammarAccepts(String input, String registry, String repository, String tag, String digest) {
        assertParses(input, registry, repository, tag, digest);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "registry.com:8080/myapp@sha256:badbadbadbad", "registry.com:8080/myapp:invalid~tag",
        "bad_hostname.com:8080/myapp:tag", "localhost:http/name@" + BE178, "registry.com:8080/myapp@bad",
        "registry.com:8080/myapp@2bad"})
    void referenceGrammarRefuses(String input) {
        assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(input));
    }

    // regexp_test.go TestIdentifierRegexp: only exactly 64 lower-case hex digits is an image ID.
    @Test
    void identifierLookalikesAreRepositoryNames() {
        assertRefused("da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf9821", "image ID");
        assertRefused("7EC43B381E5AEFE6E04EFB0B3F0693FF2A4A50652D64AEC573905F2DB5889A1C", "must be lowercase");
        assertParses("da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf", "docker.io",
                "library/da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf", null, null);
        assertParses("da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf98218482", "docker.io",
                "library/da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf98218482", null, null);
    }
}
