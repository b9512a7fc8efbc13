package dev.stowage.core.reference;

import dev.stowage.core.model.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageReferenceTest {
    static final String DIGEST = "sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582";

    static String messageOf(String input) {
        return assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(input)).getMessage();
    }

    @Test
    void parsingNeverInventsATag() {
        ImageReference ref = ImageReference.parse("nginx");
        assertEquals(Optional.empty(), ref.tag());
        assertEquals("docker.io/library/nginx", ref.toString());
    }

    @Test
    void withDefaultTagAddsLatestWhenThereIsNeitherTagNorDigest() {
        assertEquals("docker.io/library/nginx:latest", ImageReference.parse("nginx").withDefaultTag().toString());
    }

    @Test
    void withDefaultTagKeepsAnExistingTag() {
        ImageReference ref = ImageReference.parse("nginx:1.21");
        assertSame(ref, ref.withDefaultTag());
    }

    @Test
    void withDefaultTagDoesNotTagADigestReference() {
        ImageReference ref = ImageReference.parse("nginx@" + DIGEST);
        assertEquals(Optional.empty(), ref.withDefaultTag().tag());
    }

    @Test
    void oneComponentDockerHubNamesGetTheLibraryNamespace() {
        ImageReference ref = ImageReference.parse("docker.io/foo");
        assertEquals("docker.io", ref.registry());
        assertEquals("library/foo", ref.repository());
    }

    @Test
    void legacyIndexDockerIoBecomesDockerIo() {
        assertEquals("docker.io/library/foo:1", ImageReference.parse("index.docker.io/foo:1").toString());
    }

    @ParameterizedTest
    @CsvSource({"localhost/foo, localhost, foo", "example.com/foo, example.com, foo", "localhost:5000/x, localhost:5000, x"})
    void otherRegistriesKeepOneComponentPaths(String input, String registry, String repository) {
        ImageReference ref = ImageReference.parse(input);
        assertEquals(registry, ref.registry());
        assertEquals(repository, ref.repository());
    }

    @Test
    void upperCaseFirstComponentIsARegistryAsInDocker() {
        ImageReference ref = ImageReference.parse("Foo/bar");
        assertEquals("Foo", ref.registry());
        assertEquals("bar", ref.repository());
    }

    @ParameterizedTest
    @ValueSource(strings = {"docker/Docker", "docker.io/docker/Docker", "Ubuntu", "Foo/Bar", "localhost/App:1"})
    void upperCaseInTheRepositoryIsRefused(String input) {
        assertEquals("invalid reference \"" + input + "\": repository name must be lowercase", messageOf(input));
    }

    @Test
    void emptyReferenceIsRefused() {
        assertEquals("invalid reference \"\": reference is empty", messageOf(""));
    }

    @Test
    void nullReferenceIsRefusedAsInvalid() {
        assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(null));
    }

    @Test
    void tagOf128CharactersIsAccepted() {
        String tag = "t".repeat(128);
        assertEquals(tag, ImageReference.parse("nginx:" + tag).tag().orElseThrow());
    }

    @Test
    void tagLongerThan128CharactersIsRefused() {
        String tag = "t".repeat(129);
        assertEquals("invalid reference \"nginx:" + tag + "\": tag \"" + tag + "\" is longer than 128 characters",
                messageOf("nginx:" + tag));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nginx:-x", "nginx:.x", "nginx:a+b", "nginx:a:b", "nginx:é"})
    void tagWithInvalidCharacterIsRefused(String input) {
        assertTrue(messageOf(input).contains("invalid character in tag"));
    }

    @Test
    void emptyTagIsRefused() {
        assertTrue(messageOf("nginx:").endsWith(": tag is empty"));
    }

    @Test
    void repositoryOf255CharactersIsAccepted() {
        String path = "a".repeat(255);
        assertEquals(path, ImageReference.parse("example.com/" + path).repository());
    }

    @Test
    void repositoryLongerThan255CharactersIsRefused() {
        assertTrue(messageOf("example.com/" + "a".repeat(256))
                .endsWith("repository name must not be more than 255 characters (it has 256)"));
    }

    @Test
    void libraryNamespaceCountsTowardsTheRepositoryLength() {
        assertTrue(messageOf("a".repeat(250)).contains("must not be more than 255 characters"));
    }

    @Test
    void bareImageIdIsRefused() {
        assertTrue(messageOf(DIGEST.substring(7)).contains("image ID"));
    }

    @Test
    void tagAndDigestTogetherPrintAsNameTagDigest() {
        ImageReference ref = ImageReference.parse("nginx:1.21@" + DIGEST);
        assertEquals("docker.io/library/nginx:1.21@" + DIGEST, ref.toString());
        assertEquals("nginx:1.21@" + DIGEST, ref.familiar());
        assertEquals(Digest.parse(DIGEST), ref.digest().orElseThrow());
    }

    @Test
    void sha384AndSha512DigestsAreAccepted() {
        assertEquals("sha384", ImageReference.parse("a@sha384:" + "0".repeat(96)).digest().orElseThrow().algorithm());
        assertEquals("sha512", ImageReference.parse("a@sha512:" + "0".repeat(128)).digest().orElseThrow().algorithm());
    }

    @Test
    void digestWithUnknownAlgorithmIsRefused() {
        assertTrue(messageOf("nginx@md5:" + "0".repeat(32)).contains("unsupported digest algorithm \"md5\""));
    }

    @Test
    void digestWithUpperCaseHexIsRefused() {
        assertTrue(messageOf("nginx@" + DIGEST.toUpperCase().replace("SHA256", "sha256")).contains("invalid digest"));
    }

    @Test
    void digestOfWrongLengthIsRefused() {
        assertTrue(messageOf("nginx@sha256:abc").contains("invalid digest \"sha256:abc\""));
    }

    @Test
    void emptyDigestIsRefused() {
        assertTrue(messageOf("nginx@").endsWith(": digest is empty"));
    }

    @Test
    void invalidDomainIsNamed() {
        assertTrue(messageOf("foo_bar.com:8080/app").contains("invalid domain \"foo_bar.com:8080\""));
    }

    @Test
    void invalidPathComponentIsNamed() {
        assertTrue(messageOf("example.com/ok/-bad/x").contains("component \"-bad\""));
    }

    @Test
    void familiarLeavesOutDockerHubAndLibrary() {
        assertEquals("nginx:1.21", ImageReference.parse("docker.io/library/nginx:1.21").familiar());
    }

    @Test
    void familiarKeepsDockerHubNamespaces() {
        assertEquals("foo/bar", ImageReference.parse("docker.io/foo/bar").familiar());
    }

    @Test
    void familiarKeepsLibraryWhenNested() {
        assertEquals("library/foo/bar", ImageReference.parse("library/foo/bar").familiarName());
    }

    @Test
    void familiarKeepsOtherRegistries() {
        assertEquals("localhost:5000/x:1", ImageReference.parse("localhost:5000/x:1").familiar());
    }

    // Docker's FamiliarString has the same blind spot: the short form of a Docker Hub path whose
    // first component looks like a host names that host when parsed again.
    @Test
    void familiarFollowsDockerEvenWhereItDoesNotParseBack() {
        ImageReference ref = ImageReference.parse("docker.io/foo.com/bar");
        assertEquals("foo.com/bar", ref.familiar());
        assertEquals("foo.com", ImageReference.parse(ref.familiar()).registry());
    }

    @Test
    void nameIsRegistryAndRepository() {
        assertEquals("docker.io/library/nginx", ImageReference.parse("nginx:1@" + DIGEST).name());
    }

    @Test
    void familiarNameHasNoTagOrDigest() {
        assertEquals("nginx", ImageReference.parse("nginx:1@" + DIGEST).familiarName());
    }

    @Test
    void withTagReplacesTheTagAndKeepsTheDigest() {
        ImageReference ref = ImageReference.parse("nginx:1@" + DIGEST).withTag("2");
        assertEquals("docker.io/library/nginx:2@" + DIGEST, ref.toString());
    }

    @Test
    void withTagRefusesAnInvalidTag() {
        ImageReference ref = ImageReference.parse("nginx");
        assertEquals("invalid reference \"docker.io/library/nginx:a b\": invalid character in tag \"a b\": "
                + "a tag is letters, digits, '_', '.' and '-', and does not start with '.' or '-'",
                assertThrows(InvalidReferenceException.class, () -> ref.withTag("a b")).getMessage());
    }

    @Test
    void withTagRefusesNull() {
        assertThrows(InvalidReferenceException.class, () -> ImageReference.parse("nginx").withTag(null));
    }

    @Test
    void withDigestPinsAndKeepsTheTag() {
        ImageReference ref = ImageReference.parse("nginx:1").withDigest(Digest.parse(DIGEST));
        assertEquals("docker.io/library/nginx:1@" + DIGEST, ref.toString());
    }

    @Test
    void withDigestRefusesNull() {
        assertThrows(InvalidReferenceException.class, () -> ImageReference.parse("nginx").withDigest(null));
    }

    @Test
    void withDigestRefusesAnUnverifiableAlgorithm() {
        Digest unknown = Digest.parse("blake3:" + "a".repeat(64));
        assertThrows(InvalidReferenceException.class, () -> ImageReference.parse("nginx").withDigest(unknown));
    }

    @Test
    void repoDigestIsTheNamePinnedWithoutTheTag() {
        ImageReference ref = ImageReference.parse("nginx:1@" + DIGEST).repoDigest(Digest.parse(DIGEST));
        assertEquals("docker.io/library/nginx@" + DIGEST, ref.toString());
    }

    @Test
    void repoDigestRefusesAnUnverifiableAlgorithm() {
        Digest unknown = Digest.parse("blake3:" + "a".repeat(64));
        assertThrows(InvalidReferenceException.class, () -> ImageReference.parse("nginx").repoDigest(unknown));
    }

    @Test
    void equalityIsOnTheNormalisedForm() {
        ImageReference shortForm = ImageReference.parse("nginx:1.21");
        ImageReference longForm = ImageReference.parse("index.docker.io/library/nginx:1.21");
        assertEquals(shortForm, longForm);
        assertEquals(shortForm.hashCode(), longForm.hashCode());
    }

    @Test
    void referencesDifferingOnlyInTagAreNotEqual() {
        assertNotEquals(ImageReference.parse("nginx:1"), ImageReference.parse("nginx:2"));
    }

    @Test
    void taggedAndUntaggedReferencesAreNotEqual() {
        assertNotEquals(ImageReference.parse("nginx"), ImageReference.parse("nginx:latest"));
    }

    @Test
    void messageEscapesControlCharacters() {
        String message = messageOf("foo\nbar");
        assertTrue(message.startsWith("invalid reference \"foo\\u000abar\""), message);
        assertTrue(message.indexOf('\n') < 0);
    }

    @Test
    void messageShortensHugeInput() {
        String message = messageOf("A".repeat(1_000_000));
        assertTrue(message.length() < 3000, "message length " + message.length());
        assertTrue(message.contains("more characters"));
    }
}
