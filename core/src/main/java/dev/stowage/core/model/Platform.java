package dev.stowage.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The platform an image runs on, as an image index states it: operating system, CPU
 * architecture and optional CPU variant, OS version and OS features.
 *
 * <p>A platform read from a document keeps its values exactly as written; {@link #toString()}
 * is {@code os/architecture[/variant]} from those values. Comparison goes through
 * {@link #matches(Platform)}, which applies the normalisation and compatibility rules of
 * containerd's {@code platforms.Only} (what docker and podman use to choose from an index).
 *
 * <pre>{@code
 * Platform wanted = Platform.parse("linux/arm64");
 * index.manifests().stream()
 *      .filter(d -> d.platform().map(p -> p.matches(wanted)).orElse(false))
 * }</pre>
 */
public record Platform(String os, String architecture, Optional<String> variant, Optional<String> osVersion,
        List<String> osFeatures) {
    private static final Pattern SPECIFIER_PART = Pattern.compile("[A-Za-z0-9_.-]+");

    public Platform {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(osVersion, "osVersion");
        osFeatures = List.copyOf(Objects.requireNonNull(osFeatures, "osFeatures"));
        if (os.isEmpty() || architecture.isEmpty()) {
            throw new IllegalArgumentException("a platform needs a non-empty os and architecture");
        }
    }

    /** {@code os/architecture} without variant. */
    public static Platform of(String os, String architecture) {
        return new Platform(os, architecture, Optional.empty(), Optional.empty(), List.of());
    }

    /** {@code os/architecture/variant}. */
    public static Platform of(String os, String architecture, String variant) {
        return new Platform(os, architecture, Optional.of(variant), Optional.empty(), List.of());
    }

    /**
     * Parses a platform specifier as docker's {@code --platform} takes it: {@code os/arch},
     * {@code os/arch/variant}, or a single OS or architecture ({@code linux} → this machine's
     * architecture; {@code arm64} → {@code linux/arm64}). Aliases are normalised like containerd
     * does ({@code x86_64} → {@code amd64}, {@code aarch64} → {@code arm64}, {@code armhf} →
     * {@code arm/v7}, {@code macos} → {@code darwin}); a variant given explicitly is kept
     * ({@code linux/arm64/v8} stays {@code linux/arm64/v8}).
     *
     * @throws InvalidPlatformException naming what is wrong with the specifier
     */
    public static Platform parse(String specifier) {
        if (specifier == null || specifier.isBlank()) {
            throw new InvalidPlatformException("invalid platform \"" + specifier
                    + "\": expected os/architecture[/variant], e.g. linux/amd64");
        }
        String[] parts = specifier.split("/", -1);
        if (parts.length > 3) {
            throw new InvalidPlatformException("invalid platform \"" + specifier
                    + "\": expected at most three parts, os/architecture/variant");
        }
        for (String part : parts) {
            if (!SPECIFIER_PART.matcher(part).matches()) {
                throw new InvalidPlatformException("invalid platform \"" + specifier + "\": part \"" + part
                        + "\" must be non-empty letters, digits, '_', '.' or '-'");
            }
        }
        if (parts.length == 1) {
            return parseSingle(specifier, parts[0]);
        }
        String os = PlatformNormalization.os(parts[0]);
        PlatformNormalization.Arch arch =
                PlatformNormalization.architecture(parts[1], parts.length == 3 ? parts[2] : "");
        String variant = arch.variant();
        if (parts.length == 2 && arch.name().equals("arm") && variant.equals("v7")) {
            variant = ""; // the default arm variant stays implicit, as the user wrote it
        } else if (parts.length == 3 && arch.name().equals("arm64") && variant.isEmpty()) {
            variant = "v8"; // the user named the variant; keep it visible
        }
        return new Platform(os, arch.name(), optional(variant), Optional.empty(), List.of());
    }

    private static Platform parseSingle(String specifier, String part) {
        String os = PlatformNormalization.os(part);
        if (PlatformNormalization.isKnownOs(os)) {
            Platform host = host();
            return new Platform(os, host.architecture, host.variant, Optional.empty(), List.of());
        }
        PlatformNormalization.Arch arch = PlatformNormalization.architecture(part, "");
        if (PlatformNormalization.isKnownArchitecture(arch.name())) {
            String variant = arch.name().equals("arm") && arch.variant().equals("v7") ? "" : arch.variant();
            // Images are Linux images, whatever the machine that handles them runs.
            return new Platform("linux", arch.name(), optional(variant), Optional.empty(), List.of());
        }
        throw new InvalidPlatformException("invalid platform \"" + specifier
                + "\": not a known operating system or architecture; use os/architecture, e.g. linux/amd64");
    }

    private static Optional<String> optional(String variant) {
        return variant.isEmpty() ? Optional.empty() : Optional.of(variant);
    }

    /**
     * The platform of the running JVM in OCI names ({@code os.name} Linux → {@code linux}, Mac →
     * {@code darwin}, Windows → {@code windows}; {@code os.arch} x86_64 → {@code amd64}, aarch64 →
     * {@code arm64}, …). Unknown values are passed on lower-cased.
     */
    public static Platform host() {
        String os = hostOs(System.getProperty("os.name", ""));
        String arch = hostArchitecture(System.getProperty("os.arch", ""));
        return arch.equals("arm") ? of(os, arch, "v7") : of(os, arch);
    }

    /**
     * This machine's architecture (and variant) with os {@code linux}: what to take from an index
     * or build for when no platform is given. Images are Linux images wherever they are handled,
     * as docker assumes: on an arm64 Mac this is {@code linux/arm64}, not {@code darwin/arm64}.
     */
    public static Platform hostLinux() {
        Platform host = host();
        return new Platform("linux", host.architecture, host.variant, Optional.empty(), List.of());
    }

    static String hostOs(String osName) {
        String name = osName.toLowerCase(Locale.ROOT);
        if (name.startsWith("linux")) {
            return "linux";
        } else if (name.startsWith("mac") || name.startsWith("darwin")) {
            return "darwin";
        } else if (name.startsWith("windows")) {
            return "windows";
        }
        return name.replace(' ', '-');
    }

    static String hostArchitecture(String osArch) {
        String arch = osArch.toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64", "x86-64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i486", "i586", "i686" -> "386";
            case "arm", "arm32", "armv7l", "armhf" -> "arm";
            case "mips64el" -> "mips64le";
            case "loongarch64" -> "loong64";
            default -> arch; // ppc64le, s390x, riscv64 are already OCI names
        };
    }

    /**
     * Whether an image for this platform can run where {@code wanted} is asked for, by
     * containerd's rules: operating system and architecture equal after normalisation
     * ({@code x86_64} ≡ {@code amd64}, {@code aarch64} ≡ {@code arm64}), and the variant equal
     * after normalisation ({@code arm64} ≡ {@code arm64/v8}, {@code arm} ≡ {@code arm/v7},
     * {@code amd64} ≡ {@code amd64/v1}) or an older one the wanted CPU also runs ({@code arm/v7}
     * runs {@code arm/v6} and {@code arm/v5}; {@code amd64/v3} runs {@code amd64/v2};
     * {@code arm64} runs {@code arm/v8} … {@code arm/v5}; {@code amd64} runs {@code 386}).
     * OS version and features are not compared.
     */
    public boolean matches(Platform wanted) {
        return compatibilityRank(wanted) >= 0;
    }

    /**
     * How well this platform serves {@code wanted}: 0 for an exact match after normalisation,
     * higher for fallbacks further away, -1 for no match. Used to pick the best entry of an index.
     */
    int compatibilityRank(Platform wanted) {
        return PlatformNormalization.compatible(wanted).indexOf(PlatformNormalization.normalized(this));
    }

    /** {@code os/architecture[/variant]} exactly as written. */
    @Override
    public String toString() {
        return os + "/" + architecture + variant.map(v -> "/" + v).orElse("");
    }

    static Platform read(JsonNode node, String path, FieldReader fields) {
        fields.object(node, path);
        String architecture = fields.nonEmptyString(fields.required(node, path, "architecture"),
                FieldReader.child(path, "architecture"));
        String os = fields.nonEmptyString(fields.required(node, path, "os"), FieldReader.child(path, "os"));
        Optional<String> osVersion = fields.optionalString(node, path, "os.version");
        List<String> osFeatures = fields.stringList(node, path, "os.features");
        Optional<String> variant = fields.optionalString(node, path, "variant");
        // Docker manifest lists carry CPU features; checked for shape, not kept.
        fields.stringList(node, path, "features");
        return new Platform(os, architecture, variant, osVersion, osFeatures);
    }

    /** The platform object in image-spec field order. */
    ObjectNode toJson() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("architecture", architecture);
        node.put("os", os);
        osVersion.ifPresent(v -> node.put("os.version", v));
        if (!osFeatures.isEmpty()) {
            osFeatures.forEach(node.putArray("os.features")::add);
        }
        variant.ifPresent(v -> node.put("variant", v));
        return node;
    }
}
