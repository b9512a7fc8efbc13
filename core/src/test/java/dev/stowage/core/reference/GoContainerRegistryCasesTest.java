package dev.stowage.core.reference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Test tables ported from github.com/google/go-containerregistry {@code pkg/name}
 * ({@code tag_test.go}, {@code digest_test.go}, {@code repository_test.go},
 * {@code registry_test.go}). Where go-containerregistry and docker normalise differently
 * (it writes Docker Hub as {@code index.docker.io} and always adds {@code latest}), the expected
 * values here are docker's.
 */
class GoContainerRegistryCasesTest {
    static final String VALID_DIGEST = "sha256:deadb33fdeadb33fdeadb33fdeadb33fdeadb33fdeadb33fdeadb33fdeadb33f";

    // Strict names carry an explicit registry and full path, so they are already fully qualified.
    @ParameterizedTest
    @ValueSource(strings = {
        // tag_test.go goodStrictValidationTagNames
        "gcr.io/g-convoy/hello-world:latest", "gcr.io/google.com/g-convoy/hello-world:latest",
        "gcr.io/project-id/with-nums:v2", "us.gcr.io/project-id/image:with.period.in.tag",
        "gcr.io/project-id/image:w1th-alpha_num3ric.PLUScaps", "domain.with.port:9001/image:latest",
        // digest_test.go goodStrictValidationDigestNames and goodStrictValidationTagDigestNames
        "gcr.io/g-convoy/hello-world@" + VALID_DIGEST, "gcr.io/google.com/project-id/hello-world@" + VALID_DIGEST,
        "us.gcr.io/project-id/sub-repo@" + VALID_DIGEST, "example.text/foo/bar@" + VALID_DIGEST,
        "example.text/foo/bar:latest@" + VALID_DIGEST, "example.text:8443/foo/bar:latest@" + VALID_DIGEST,
        "example.text/foo/bar:v1.0.0-alpine@" + VALID_DIGEST,
        // repository_test.go goodStrictValidationRepositoryNames (index.docker.io below)
        "gcr.io/g-convoy/hello-world", "gcr.io/google.com/project-id/hello-world", "us.gcr.io/project-id/sub-repo",
        "example.text/foo/bar", "mirror.gcr.io/ubuntu", "example.com/a", "example.com/a/b", "localhost/testimage"})
    void strictNamesAreTheirOwnFullyQualifiedForm(String input) {
        assertEquals(input, ImageReference.parse(input).toString());
    }

    static Stream<Arguments> weakNames() {
        return Stream.of(
                // tag_test.go goodWeakValidationTagNames
                arguments("namespace/pathcomponent/image", "docker.io/namespace/pathcomponent/image"),
                arguments("library/ubuntu", "docker.io/library/ubuntu"),
                arguments("gcr.io/project-id/implicit-latest", "gcr.io/project-id/implicit-latest"),
                arguments("www.example.test:12345/repo/path", "www.example.test:12345/repo/path"),
                // digest_test.go goodWeakValidationDigestNames and goodWeakValidationTagDigestNames
                arguments("namespace/pathcomponent/image@" + VALID_DIGEST, "docker.io/namespace/pathcomponent/image@" + VALID_DIGEST),
                arguments("library/ubuntu@" + VALID_DIGEST, "docker.io/library/ubuntu@" + VALID_DIGEST),
                arguments("nginx:latest@" + VALID_DIGEST, "docker.io/library/nginx:latest@" + VALID_DIGEST),
                arguments("library/nginx:latest@" + VALID_DIGEST, "docker.io/library/nginx:latest@" + VALID_DIGEST),
                // repository_test.go goodWeakValidationRepositoryNames, and index.docker.io
                arguments("ubuntu", "docker.io/library/ubuntu"),
                arguments("a", "docker.io/library/a"),
                arguments("0", "docker.io/library/0"),
                arguments("index.docker.io/library/ubuntu", "docker.io/library/ubuntu"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("weakNames")
    void weakNamesNormaliseLikeDocker(String input, String fullyQualified) {
        assertEquals(fullyQualified, ImageReference.parse(input).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // tag_test.go badTagNames
        "gcr.io/project-id/bad_chars:c@n'tuse", "gcr.io/project-id/wrong-length:white space",
        "gcr.io/project-id/too-many-chars:thisisthetagthatneverendsitgoesonandonmyfriendsomepeoplestartedtaggingitnotknowingwhatitwasandtheyllcontinuetaggingitforeverjustbecausethisisthetagthatneverends",
        // digest_test.go badDigestNames
        "gcr.io/project-id/unknown-alg@unknown:abc123", "gcr.io/project-id/wrong-length@sha256:d34db33fd34db33f",
        "gcr.io/project-id/missing-digest@",
        // repository_test.go badRepositoryNames
        "white space", "b@char/image", "",
        // registry_test.go badRegistryNames, as the registry of a reference
        "white space/foo", "gcr?com/foo"})
    void badNamesAreRefused(String input) {
        assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(input));
    }

    // digest_test.go badDigestNames added for go-containerregistry issue 1394, and tag_test.go's
    // empty tag: a digest of colons or of non-hex, two digests, an empty tag before a digest.
    @ParameterizedTest
    @ValueSource(strings = {
        "repo@sha256:" + "::::::::::::::::::::::::::::::::::::::::::::::::::::::::::::::::",
        "repo@sha256:shshshshshshshshshshshshshshshshshshshshshshshshshshshshshshshshsh",
        "repo@sha256:" + VALID_DIGEST + "@" + VALID_DIGEST,
        "library/nginx:@" + VALID_DIGEST,
        "library/ubuntu:"})
    void malformedDigestsAndEmptyTagsAreRefused(String input) {
        assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(input));
    }

    // repository_test.go TestRepositoryBadDefaulting: go-containerregistry's strict mode refuses
    // "index.docker.io/foo" because it lacks "library/"; docker normalises it, and so does Stowage.
    @Test
    void legacyDockerHubNameWithOneComponentGetsTheLibraryNamespace() {
        ImageReference ref = ImageReference.parse("index.docker.io/foo");
        assertEquals("docker.io/library/foo", ref.toString());
        assertEquals("foo", ref.familiar());
    }

    // ref_test.go: MustParseReference accepts nested paths built from constants.
    @ParameterizedTest
    @ValueSource(strings = {"valid/string", "valid/prefix/valid/string"})
    void nestedDockerHubPathsParse(String input) {
        assertEquals("docker.io/" + input, ImageReference.parse(input).toString());
        assertEquals(input, ImageReference.parse(input).familiar());
    }

    // registry_test.go goodStrictValidationRegistryNames, as the registry of a reference.
    static Stream<Arguments> registries() {
        return Stream.of(
                arguments("gcr.io", "gcr.io"), arguments("gcr.io:9001", "gcr.io:9001"),
                arguments("index.docker.io", "docker.io"), arguments("us.gcr.io", "us.gcr.io"),
                arguments("example.text", "example.text"), arguments("localhost", "localhost"),
                arguments("localhost:9090", "localhost:9090"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("registries")
    void registryNames(String registry, String normalised) {
        assertEquals(normalised, ImageReference.parse(registry + "/foo/bar").registry());
    }

    // tag_test.go TestTagComponents
    @Test
    void tagComponents() {
        ImageReference ref = ImageReference.parse("gcr.io/project-id/image:latest");
        assertEquals("gcr.io", ref.registry());
        assertEquals("project-id/image", ref.repository());
        assertEquals("latest", ref.tag().orElseThrow());
        assertEquals("gcr.io/project-id/image", ref.name());
        assertEquals("gcr.io/project-id/image:latest", ref.toString());
    }

    // digest_test.go TestDigestComponents
    @Test
    void digestComponents() {
        ImageReference ref = ImageReference.parse("gcr.io/project-id/image@" + VALID_DIGEST);
        assertEquals("gcr.io", ref.registry());
        assertEquals("project-id/image", ref.repository());
        assertEquals(VALID_DIGEST, ref.digest().orElseThrow().toString());
        assertEquals("gcr.io/project-id/image", ref.name());
        assertEquals("gcr.io/project-id/image@" + VALID_DIGEST, ref.toString());
    }

    // tag_test.go TestAllDefaults, with docker's spelling of Docker Hub.
    @Test
    void allDefaults() {
        assertEquals("docker.io/library/ubuntu:latest", ImageReference.parse("ubuntu").withDefaultTag().toString());
    }

    // digest_test.go TestTagRetrieval: tag and digest are both kept, in name:tag@digest order.
    @ParameterizedTest
    @ValueSource(strings = {
        "example.text/foo/bar:latest@" + VALID_DIGEST, "example.text:8443/foo/bar:latest@" + VALID_DIGEST,
        "example.text/foo/bar:v1.0.0-alpine@" + VALID_DIGEST})
    void tagRetrievalFromTaggedDigest(String input) {
        ImageReference ref = ImageReference.parse(input);
        assertEquals(input, ref.name() + ":" + ref.tag().orElseThrow() + "@" + ref.digest().orElseThrow());
    }
}
