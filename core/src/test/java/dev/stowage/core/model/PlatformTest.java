package dev.stowage.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlatformTest {

    @ParameterizedTest
    @CsvSource({
            "linux/amd64, linux/amd64",
            "linux/arm64, linux/arm64",
            "linux/arm64/v8, linux/arm64/v8",
            "linux/arm/v7, linux/arm/v7",
            "linux/arm, linux/arm",
            "linux/arm/7, linux/arm/v7",
            "linux/armhf, linux/arm",
            "linux/armel, linux/arm/v6",
            "linux/x86_64, linux/amd64",
            "linux/x86-64, linux/amd64",
            "linux/aarch64, linux/arm64",
            "linux/aarch64/v8, linux/arm64/v8",
            "linux/i386, linux/386",
            "Linux/AMD64, linux/amd64",
            "macos/arm64, darwin/arm64",
            "linux/amd64/v3, linux/amd64/v3",
            "linux/amd64/v1, linux/amd64",
            "windows/amd64, windows/amd64",
            "linux/ppc64le, linux/ppc64le",
            "arm64, linux/arm64",
            "aarch64, linux/arm64",
            "armhf, linux/arm",
    })
    void parseNormalisesAliasesAsDockerDoes(String specifier, String expected) {
        assertEquals(expected, Platform.parse(specifier).toString());
    }

    @Test
    void parseOfAnOsAloneTakesThisMachinesArchitecture() {
        Platform p = Platform.parse("linux");
        assertEquals("linux", p.os());
        assertEquals(Platform.host().architecture(), p.architecture());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "linux/", "/amd64", "linux//v7", "linux/amd64/v8/extra", "linux/*",
            "linux/amd 64", "nosuchthing"})
    void parseRefusesMalformedSpecifiers(String specifier) {
        assertThrows(InvalidPlatformException.class, () -> Platform.parse(specifier));
    }

    @Test
    void parseOfNullIsRefused() {
        assertThrows(InvalidPlatformException.class, () -> Platform.parse(null));
    }

    @Test
    void invalidPlatformIsAnIllegalArgumentException() {
        assertTrue(IllegalArgumentException.class.isAssignableFrom(InvalidPlatformException.class));
    }

    @Test
    void toStringOfADocumentPlatformIsExactlyAsWritten() {
        String json = "{\"mediaType\":\"a/b\",\"size\":1,"
                + "\"digest\":\"sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270\","
                + "\"platform\":{\"architecture\":\"aarch64\",\"os\":\"Linux\",\"variant\":\"8\"}}";
        Platform p = Descriptor.parse(json.getBytes(StandardCharsets.UTF_8)).platform().orElseThrow();
        assertEquals("Linux/aarch64/8", p.toString());
        assertEquals("aarch64", p.architecture());
        assertEquals(Optional.of("8"), p.variant());
    }

    @ParameterizedTest
    @CsvSource({
            "Linux, linux",
            "Mac OS X, darwin",
            "Windows 11, windows",
            "Windows Server 2022, windows",
            "FreeBSD, freebsd",
    })
    void hostOsIsMappedToOciNames(String osName, String expected) {
        assertEquals(expected, Platform.hostOs(osName));
    }

    @ParameterizedTest
    @CsvSource({
            "amd64, amd64",
            "x86_64, amd64",
            "aarch64, arm64",
            "arm, arm",
            "x86, 386",
            "i386, 386",
            "ppc64le, ppc64le",
            "s390x, s390x",
            "riscv64, riscv64",
    })
    void hostArchitectureIsMappedToOciNames(String osArch, String expected) {
        assertEquals(expected, Platform.hostArchitecture(osArch));
    }

    @Test
    void hostIsThisJvmsPlatform() {
        assertEquals(Platform.parse("linux/arm64"), onJvmReporting("Linux", "aarch64", Platform::host));
        assertEquals(Platform.parse("darwin/amd64"), onJvmReporting("Mac OS X", "x86_64", Platform::host));
        assertEquals(Platform.parse("windows/amd64"), onJvmReporting("Windows 11", "amd64", Platform::host));
        assertEquals(Platform.parse("linux/arm/v7"), onJvmReporting("Linux", "arm", Platform::host));
    }

    @Test
    void hostLinuxIsLinuxWithThisMachinesArchitecture() {
        assertEquals(Platform.parse("linux/arm64"), onJvmReporting("Mac OS X", "aarch64", Platform::hostLinux));
        assertEquals(Platform.parse("linux/amd64"), onJvmReporting("Windows 11", "amd64", Platform::hostLinux));
    }

    /**
     * {@code platform} evaluated while this JVM reports {@code os.name} and {@code os.arch} as given,
     * so that what the host is can be written out rather than derived by the code under test.
     */
    private static Platform onJvmReporting(String osName, String osArch, Supplier<Platform> platform) {
        String name = System.getProperty("os.name");
        String arch = System.getProperty("os.arch");
        System.setProperty("os.name", osName);
        System.setProperty("os.arch", osArch);
        try {
            return platform.get();
        } finally {
            System.setProperty("os.name", name);
            System.setProperty("os.arch", arch);
        }
    }

    /** image platform, wanted platform, whether the image serves what is wanted (containerd's platforms.Only). */
    @ParameterizedTest
    @CsvSource({
            "linux/amd64, linux/amd64, true",
            "linux/amd64, linux/x86_64, true",
            "linux/x86_64, linux/amd64, true",
            "linux/amd64/v1, linux/amd64, true",
            "linux/amd64/v2, linux/amd64, false",
            "linux/amd64/v2, linux/amd64/v3, true",
            "linux/amd64, linux/amd64/v3, true",
            "linux/amd64/v4, linux/amd64/v3, false",
            "linux/386, linux/amd64, true",
            "linux/amd64, linux/386, false",
            "linux/arm64, linux/arm64, true",
            "linux/arm64/v8, linux/arm64, true",
            "linux/arm64, linux/arm64/v8, true",
            "linux/aarch64, linux/arm64, true",
            "linux/arm64/v8.1, linux/arm64, false",
            "linux/arm64/v8, linux/arm64/v8.2, true",
            "linux/arm64/v8.1, linux/arm64/v9, true",
            "linux/arm64/v9, linux/arm64, false",
            "linux/arm/v7, linux/arm64, true",
            "linux/arm/v8, linux/arm64, true",
            "linux/arm64, linux/arm/v7, false",
            "linux/arm, linux/arm/v7, true",
            "linux/arm/v7, linux/arm, true",
            "linux/arm/v6, linux/arm, true",
            "linux/arm/v5, linux/arm/v6, true",
            "linux/arm/v7, linux/arm/v6, false",
            "linux/arm/v6, linux/armel, true",
            "linux/arm/v7, linux/armhf, true",
            "linux/amd64, linux/arm64, false",
            "linux/arm64, linux/amd64, false",
            "windows/amd64, linux/amd64, false",
            "darwin/arm64, macos/arm64, true",
            "linux/ppc64le, linux/ppc64le, true",
            "linux/s390x, linux/ppc64le, false",
            "linux/riscv64, linux/riscv64, true",
    })
    void matchesFollowsContainerdCompatibility(String image, String wanted, boolean expected) {
        assertEquals(expected, platform(image).matches(Platform.parse(wanted)), image + " for " + wanted);
    }

    @Test
    void matchingComparesCaseInsensitively() {
        assertTrue(Platform.of("Linux", "AMD64").matches(Platform.of("linux", "amd64")));
    }

    @Test
    void unknownOsMatchesOnlyItself() {
        assertTrue(Platform.of("sunos", "sun4m").matches(Platform.of("sunos", "sun4m")));
        assertFalse(Platform.of("sunos", "sun4m").matches(Platform.of("linux", "sun4m")));
    }

    @Test
    void manifestForPrefersTheExactPlatformOverACompatibleOne() {
        ImageIndex index = index(List.of("linux/386", "linux/amd64", "linux/arm/v6", "linux/arm/v7", "linux/arm64/v8"));
        assertEquals("linux/amd64", chosen(index, "linux/amd64"));
        assertEquals("linux/arm/v7", chosen(index, "linux/arm"));
        assertEquals("linux/arm/v6", chosen(index, "linux/arm/v6"));
        assertEquals("linux/arm64/v8", chosen(index, "linux/arm64"));
    }

    @Test
    void manifestForFallsBackToTheClosestCompatibleVariant() {
        ImageIndex index = index(List.of("linux/arm/v5", "linux/arm/v6", "linux/386"));
        assertEquals("linux/arm/v6", chosen(index, "linux/arm64"));
        assertEquals("linux/386", chosen(index, "linux/amd64"));
    }

    @Test
    void manifestForTakesTheFirstOfEqualEntries() {
        ImageIndex index = index(List.of("linux/arm64", "linux/arm64/v8"));
        assertEquals(index.manifests().get(0), index.manifestFor(Platform.parse("linux/arm64")).orElseThrow());
    }

    @Test
    void manifestForFindsNothingForAnotherArchitecture() {
        assertTrue(index(List.of("linux/amd64")).manifestFor(Platform.parse("linux/s390x")).isEmpty());
    }

    @Test
    void manifestForSkipsEntriesWithoutPlatform() {
        Descriptor attestation = Descriptor.of(MediaTypes.OCI_MANIFEST, "x".getBytes(StandardCharsets.UTF_8));
        ImageIndex index = ImageIndex.builder().addManifest(attestation).build();
        assertTrue(index.manifestFor(Platform.parse("linux/amd64")).isEmpty());
    }

    @Test
    void platformNeedsOsAndArchitecture() {
        assertThrows(IllegalArgumentException.class, () -> Platform.of("", "amd64"));
        assertThrows(IllegalArgumentException.class, () -> Platform.of("linux", ""));
    }

    static Platform platform(String written) {
        String[] parts = written.split("/");
        return parts.length == 3 ? Platform.of(parts[0], parts[1], parts[2]) : Platform.of(parts[0], parts[1]);
    }

    static ImageIndex index(List<String> platforms) {
        ImageIndex.Builder builder = ImageIndex.builder();
        for (String p : platforms) {
            builder.addManifest(Descriptor.of(MediaTypes.OCI_MANIFEST, p.getBytes(StandardCharsets.UTF_8))
                    .withPlatform(platform(p)));
        }
        return builder.build();
    }

    static String chosen(ImageIndex index, String wanted) {
        return index.manifestFor(Platform.parse(wanted)).orElseThrow().platform().orElseThrow().toString();
    }
}
