package dev.stowage.core.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A bounded, repeatable fuzz run (fixed seeds) over the parsers the acceptance cases exercise:
 * whatever the input, only the declared exception types come out, and what parses is
 * consistent (a document's digest and size are those of its bytes; a digest parses back from
 * its own text). References have their own such run in {@code ImageReferenceRobustnessTest}.
 */
class ModelFuzzTest {
    private static final int DOCUMENT_RUNS = 20_000;
    private static final int STRING_RUNS = 20_000;
    private static final List<String> CONTENT_TYPES = Arrays.asList(null, MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX,
            MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.DOCKER_SCHEMA1_SIGNED_MANIFEST,
            "application/json", "text/html", "", ";", "application/vnd.oci.image.manifest.v1+json; charset=utf-8");
    /** Tokens that tend to break parsers: wrong types, extremes, separators, Unicode. */
    private static final String[] TOKENS = {"null", "\"\"", "-1", "0", "1.5", "1e309", "9223372036854775808", "[]", "{}",
        "true", "\"a/b\"", "\"sha256:\"", "\"\\u0000\"", "\"\\ud800\"", "\"ſ\"", ":", ",", "\"", "{", "}", "[", "]",
        "\"" + "a".repeat(300) + "\"", "\"sha512:" + "0".repeat(128) + "\"", "\"blake3:" + "0".repeat(64) + "\"",
        "\"schemaVersion\"", "\"mediaType\"", "\"manifests\"", "\"layers\"", "\"config\"", "\"data\"", "\"e30=\"",
        "\"platform\"", "\"urls\"", "\"created\"", "\"rootfs\"", "\"diff_ids\""};
    private static final Pattern VALID_MANIFEST_OR_INDEX =
            Pattern.compile("(docker-manifest(-list)?|oci-manifest|oci-index)-valid-\\d+\\.json");
    private static List<byte[]> documents;
    private static List<byte[]> validManifestsAndIndexes;

    @BeforeAll
    static void readDocuments() throws IOException, URISyntaxException {
        Path dir = Path.of(ModelFuzzTest.class.getResource("/oci-documents").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> paths = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            documents = new ArrayList<>();
            validManifestsAndIndexes = new ArrayList<>();
            for (Path p : paths) {
                byte[] document = Files.readAllBytes(p);
                documents.add(document);
                if (VALID_MANIFEST_OR_INDEX.matcher(p.getFileName().toString()).matches()) {
                    validManifestsAndIndexes.add(document);
                }
            }
        }
        assertEquals(86, documents.size());
        assertEquals(27, validManifestsAndIndexes.size());
    }

    @Test
    void mutatedDocumentsParseConsistentlyOrFailWithInvalidManifestException() {
        Random random = new Random(0x5709A6E);
        int parsed = 0;
        for (int run = 0; run < DOCUMENT_RUNS; run++) {
            byte[] input = mutate(random, documents.get(random.nextInt(documents.size())));
            String contentType = CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size()));
            parsed += expectOnly(InvalidManifestException.class, input, () -> {
                ManifestDocument doc = ManifestDocument.parse(input, contentType);
                assertEquals(Digest.sha256(input), doc.digest(), () -> describe(input));
                assertEquals(input.length, doc.size(), () -> describe(input));
                assertEquals(doc.digest(), Digest.sha256(doc.raw()), () -> describe(input));
            });
            expectOnly(InvalidManifestException.class, input, () -> Descriptor.parse(input));
            expectOnly(InvalidManifestException.class, input, () -> {
                ImageConfig config = ImageConfig.parse(input);
                assertEquals(Digest.sha256(input), config.digest(), () -> describe(input));
            });
        }
        assertTrue(parsed >= 50, "the consistency checks ran on " + parsed + " parsed documents");
    }

    @Test
    void unmutatedValidDocumentsKeepTheDigestOfTheirBytes() {
        for (byte[] document : validManifestsAndIndexes) {
            assertEquals(Digest.sha256(document), ManifestDocument.parse(document, null).digest());
        }
    }

    @Test
    void randomDigestsParseBackToThemselvesOrFailWithInvalidDigestException() {
        Random random = new Random(0xD16E57);
        String[] seeds = {"sha256:" + "0".repeat(64), "sha512:" + "f".repeat(128), "blake3:" + "1".repeat(64),
            "multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8", "sha384:" + "2".repeat(96)};
        String alphabet = "sha256blake3:+._-=ABCdef0 \u0000";
        int parsed = 0;
        int refused = 0;
        for (int run = 0; run < STRING_RUNS; run++) {
            String input = random.nextBoolean()
                    ? mutate(random, seeds[random.nextInt(seeds.length)], alphabet)
                    : randomString(random, alphabet, random.nextInt(140));
            Digest d;
            try {
                d = Digest.parse(input);
            } catch (InvalidDigestException expected) {
                refused++;
                continue;
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("Digest.parse(\"" + escape(input) + "\") threw " + e, e);
            }
            parsed++;
            // Outside the try: a round trip that fails, even with the declared exception, fails the test.
            assertEquals(input, d.toString());
            assertEquals(d, assertDoesNotThrow(() -> Digest.parse(d.toString()), () -> "parsing back " + escape(input)));
        }
        // Both paths ran: a parser refusing everything (or nothing) would not pass.
        assertTrue(parsed >= 1000 && refused >= 1000, parsed + " parsed, " + refused + " refused");
    }

    @Test
    void randomPlatformSpecifiersParseOrFailWithInvalidPlatformException() {
        Random random = new Random(0x91A7F0);
        String alphabet = "linuxamd64rm/v78_.-: \u0000";
        for (int run = 0; run < STRING_RUNS; run++) {
            String input = randomString(random, alphabet, random.nextInt(30));
            try {
                Platform.parse(input);
            } catch (InvalidPlatformException expected) {
                // declared
            } catch (RuntimeException e) {
                fail("Platform.parse(\"" + escape(input) + "\") threw " + e, e);
            }
        }
    }

    private interface Check {
        void run();
    }

    /** Runs {@code check}; 1 if it ran through, 0 if it threw {@code declared}; fails on anything else. */
    private static int expectOnly(Class<? extends RuntimeException> declared, byte[] input, Check check) {
        try {
            check.run();
            return 1;
        } catch (RuntimeException e) {
            if (!declared.isInstance(e)) {
                fail("undeclared " + e + " for " + describe(input), e);
            }
            return 0;
        } catch (StackOverflowError e) {
            throw new AssertionError("stack overflow for " + describe(input), e);
        }
    }

    private static byte[] mutate(Random random, byte[] original) {
        byte[] out = original.clone();
        int rounds = 1 + random.nextInt(4);
        for (int i = 0; i < rounds; i++) {
            out = switch (random.nextInt(7)) {
                case 0 -> flipByte(random, out);
                case 1 -> deleteRange(random, out);
                case 2 -> insert(random, out, TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
                case 3 -> replaceValue(random, out);
                case 4 -> insert(random, out, slice(random, out));
                case 5 -> insert(random, out, slice(random, documents.get(random.nextInt(documents.size()))));
                default -> Arrays.copyOf(out, random.nextInt(out.length + 1));
            };
        }
        return out;
    }

    private static byte[] flipByte(Random random, byte[] in) {
        if (in.length == 0) {
            return in;
        }
        byte[] out = in.clone();
        out[random.nextInt(out.length)] = (byte) random.nextInt(256);
        return out;
    }

    private static byte[] deleteRange(Random random, byte[] in) {
        if (in.length == 0) {
            return in;
        }
        int from = random.nextInt(in.length);
        int to = Math.min(in.length, from + 1 + random.nextInt(16));
        byte[] out = new byte[in.length - (to - from)];
        System.arraycopy(in, 0, out, 0, from);
        System.arraycopy(in, to, out, from, in.length - to);
        return out;
    }

    private static byte[] insert(Random random, byte[] in, byte[] piece) {
        int at = random.nextInt(in.length + 1);
        byte[] out = new byte[in.length + piece.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(piece, 0, out, at, piece.length);
        System.arraycopy(in, at, out, at + piece.length, in.length - at);
        return out;
    }

    /** Replaces the value after a random {@code ":"} with a token, keeping the JSON mostly well formed. */
    private static byte[] replaceValue(Random random, byte[] in) {
        String text = new String(in, StandardCharsets.UTF_8);
        int colon = text.indexOf("\": ", random.nextInt(text.length() + 1));
        if (colon < 0) {
            return in;
        }
        int start = colon + 3;
        int end = start;
        while (end < text.length() && ",}]\n".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        String replaced = text.substring(0, start) + TOKENS[random.nextInt(TOKENS.length)] + text.substring(end);
        return replaced.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] slice(Random random, byte[] in) {
        if (in.length == 0) {
            return in;
        }
        int from = random.nextInt(in.length);
        return Arrays.copyOfRange(in, from, Math.min(in.length, from + 1 + random.nextInt(64)));
    }

    private static String mutate(Random random, String seed, String alphabet) {
        StringBuilder s = new StringBuilder(seed);
        int rounds = 1 + random.nextInt(3);
        for (int i = 0; i < rounds; i++) {
            int at = random.nextInt(s.length() + 1);
            switch (random.nextInt(3)) {
                case 0 -> s.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                case 1 -> {
                    if (at < s.length()) {
                        s.deleteCharAt(at);
                    }
                }
                default -> {
                    if (at < s.length()) {
                        s.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                }
            }
        }
        return s.toString();
    }

    private static String randomString(Random random, String alphabet, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private static String describe(byte[] input) {
        return "input (hex) " + HexFormat.of().formatHex(input);
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }
}
