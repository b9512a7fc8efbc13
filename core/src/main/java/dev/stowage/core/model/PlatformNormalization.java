package dev.stowage.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * containerd's platform normalisation and compatibility order (its {@code platforms} package,
 * {@code database.go} and {@code compare.go}), which docker and podman apply when they choose
 * an image from an index. Kept apart from {@link Platform} so that platforms read from
 * documents stay exactly as written.
 */
final class PlatformNormalization {
    private static final Set<String> KNOWN_OS = Set.of("aix", "android", "darwin", "dragonfly", "freebsd",
            "hurd", "illumos", "ios", "js", "linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "wasip1",
            "windows", "zos");
    private static final Set<String> KNOWN_ARCHITECTURES = Set.of("386", "amd64", "amd64p32", "arm", "armbe",
            "arm64", "arm64be", "ppc64", "ppc64le", "loong64", "mips", "mipsle", "mips64", "mips64le", "mips64p32",
            "mips64p32le", "ppc", "riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm");
    private static final Pattern NUMBERED_VARIANT = Pattern.compile("v([0-9]+)");
    private static final Pattern ARM64_VARIANT = Pattern.compile("v([89])(?:\\.([0-9]))?");

    /** An architecture with its variant; the variant is empty when it is the default one. */
    record Arch(String name, String variant) {
    }

    /** Operating system, architecture and variant in normalised form, for comparison. */
    record Key(String os, String architecture, String variant) {
    }

    private PlatformNormalization() {
    }

    static String os(String os) {
        String lower = os.toLowerCase(Locale.ROOT);
        return lower.equals("macos") ? "darwin" : lower;
    }

    static Arch architecture(String architecture, String variant) {
        String arch = architecture.toLowerCase(Locale.ROOT);
        String v = variant.toLowerCase(Locale.ROOT);
        switch (arch) {
            case "i386" -> {
                arch = "386";
                v = "";
            }
            case "x86_64", "x86-64", "amd64" -> {
                arch = "amd64";
                if (v.equals("v1")) {
                    v = "";
                }
            }
            case "aarch64", "arm64" -> {
                arch = "arm64";
                if (v.equals("8") || v.equals("v8") || v.equals("v8.0")) {
                    v = "";
                } else if (v.equals("9") || v.equals("9.0") || v.equals("v9.0")) {
                    v = "v9";
                }
            }
            case "armhf" -> {
                arch = "arm";
                v = "v7";
            }
            case "armel" -> {
                arch = "arm";
                v = "v6";
            }
            case "arm" -> {
                if (v.isEmpty() || v.equals("7")) {
                    v = "v7";
                } else if (v.equals("5") || v.equals("6") || v.equals("8")) {
                    v = "v" + v;
                }
            }
            default -> {
                // other architectures have no variant rules
            }
        }
        return new Arch(arch, v);
    }

    static boolean isKnownOs(String os) {
        return KNOWN_OS.contains(os);
    }

    static boolean isKnownArchitecture(String architecture) {
        return KNOWN_ARCHITECTURES.contains(architecture);
    }

    static Key normalized(Platform platform) {
        return key(platform.os(), platform.architecture(), platform.variant().orElse(""));
    }

    private static Key key(String os, String architecture, String variant) {
        Arch arch = architecture(architecture, variant);
        return new Key(os(os), arch.name(), arch.variant());
    }

    /**
     * The platforms an image may have to run where {@code wanted} is asked for, best first:
     * the wanted platform itself, then the older variants its CPU also runs.
     */
    static List<Key> compatible(Platform wanted) {
        Key w = normalized(wanted);
        List<Key> keys = new ArrayList<>();
        switch (w.architecture()) {
            case "amd64" -> {
                keys.add(w);
                int level = level(w.variant());
                for (int v = level - 1; v >= 1; v--) {
                    keys.add(key(w.os(), "amd64", "v" + v));
                }
                keys.add(key(w.os(), "386", ""));
            }
            case "arm" -> addArm(keys, w.os(), w.variant());
            case "arm64" -> addArm64(keys, w);
            default -> keys.add(w);
        }
        return keys;
    }

    private static void addArm(List<Key> keys, String os, String variant) {
        keys.add(key(os, "arm", variant));
        int level = level(variant);
        for (int v = level - 1; v >= 5; v--) {
            keys.add(key(os, "arm", "v" + v));
        }
    }

    private static void addArm64(List<Key> keys, Key wanted) {
        String variant = wanted.variant().isEmpty() ? "v8" : wanted.variant();
        Matcher m = ARM64_VARIANT.matcher(variant);
        int minor = m.matches() && m.group(2) != null ? Integer.parseInt(m.group(2)) : 0;
        if (!m.matches() || (m.group(1).equals("9") && minor > 7)) {
            // A variant containerd has no table for: only that exact variant will do.
            keys.add(wanted);
            return;
        }
        if (m.group(1).equals("9")) {
            addArm64Versions(keys, wanted.os(), 9, minor);
            addArm64Versions(keys, wanted.os(), 8, Math.min(minor + 5, 9));
        } else {
            addArm64Versions(keys, wanted.os(), 8, minor);
        }
        // Every arm64 CPU also runs 32-bit arm up to v8.
        addArm(keys, wanted.os(), "v8");
    }

    private static void addArm64Versions(List<Key> keys, String os, int major, int fromMinor) {
        for (int minor = fromMinor; minor >= 0; minor--) {
            keys.add(key(os, "arm64", minor == 0 ? "v" + major : "v" + major + "." + minor));
        }
    }

    /** The number of a {@code vN} variant, or 0 when it has none. */
    private static int level(String variant) {
        Matcher m = NUMBERED_VARIANT.matcher(variant);
        if (!m.matches() || m.group(1).length() > 3) {
            return 0;
        }
        return Integer.parseInt(m.group(1));
    }
}
