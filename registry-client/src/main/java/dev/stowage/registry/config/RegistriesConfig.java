package dev.stowage.registry.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.stowage.core.BlockedRegistryException;
import dev.stowage.core.reference.ImageReference;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The registry settings of containers-registries.conf(5), as podman, skopeo and buildah read
 * them: {@code [[registry]]} tables (version 2; the version 1 {@code [registries.insecure]} and
 * {@code [registries.block]} lists are read as their version 2 equivalents) with {@code prefix},
 * {@code location}, {@code insecure}, {@code blocked}, {@code mirror-by-digest-only} and
 * {@code [[registry.mirror]]} ({@code location}, {@code insecure}, {@code pull-from-mirror}).
 * Other settings (short names, search registries, credential helpers) do not concern Stowage,
 * which resolves short names as docker does, and are ignored.
 *
 * <p>A name is governed by the table with the longest matching prefix ({@code example.com/foo}
 * matches {@code example.com/foo/app} and {@code example.com/foo:1}, {@code *.example.com} every
 * host under {@code example.com}). {@code insecure} is decided per host, as TLS is: a table that
 * allows it for any name on a host allows it for the host, and for its location's host; a mirror's
 * {@code insecure} for the mirror's host.
 *
 * <pre>{@code
 * RegistriesConfig conf = RegistriesConfig.fromEnvironment();
 * conf.isInsecure("registry.lan:5000");
 * conf.find("registry.lan:5000/team/app").map(RegistryEntry::blocked);
 * }</pre>
 */
public final class RegistriesConfig {
    /** Names the one file to read instead of the system's and the user's, as for podman and skopeo. */
    public static final String ENVIRONMENT_VARIABLE = "CONTAINERS_REGISTRIES_CONF";
    static final Path SYSTEM_FILE = Path.of("/etc/containers/registries.conf");
    static final Path SYSTEM_DROP_INS = Path.of("/etc/containers/registries.conf.d");
    private static final String USER_FILE = ".config/containers/registries.conf";
    private static final String USER_DROP_INS = ".config/containers/registries.conf.d";
    private static final Set<String> PULL_FROM_MIRROR = Set.of("", "all", "digest-only", "tag-only");
    private static final TomlMapper TOML = new TomlMapper();

    private final List<RegistryEntry> entries;
    private final List<Path> files;

    private RegistriesConfig(List<RegistryEntry> entries, List<Path> files) {
        this.entries = List.copyOf(entries);
        this.files = List.copyOf(files);
    }

    /** No settings: every registry as docker treats it. */
    public static RegistriesConfig empty() {
        return new RegistriesConfig(List.of(), List.of());
    }

    /**
     * The settings of {@code file} alone (no drop-in directory); none if it does not exist.
     *
     * @throws RegistriesConfigException if it cannot be read or breaks containers-registries.conf(5)
     */
    public static RegistriesConfig load(Path file) {
        Builder builder = new Builder();
        builder.read(file);
        return builder.build();
    }

    /**
     * The settings containers/image reads: the file {@code $CONTAINERS_REGISTRIES_CONF} names,
     * else {@code $HOME/.config/containers/registries.conf} if it exists, else
     * {@code /etc/containers/registries.conf}; then the {@code *.conf} files of
     * {@code /etc/containers/registries.conf.d} (not when the user's file is used) and of
     * {@code $HOME/.config/containers/registries.conf.d}, in name order, each replacing the
     * tables with the same prefix.
     *
     * @throws RegistriesConfigException if a file cannot be read or breaks containers-registries.conf(5)
     */
    public static RegistriesConfig fromEnvironment() {
        return fromEnvironment(System.getenv(), SYSTEM_FILE, SYSTEM_DROP_INS);
    }

    static RegistriesConfig fromEnvironment(Map<String, String> env, Path systemFile, Path systemDropIns) {
        String home = env.getOrDefault("HOME", "");
        Path userHome = Path.of(home.isEmpty() ? System.getProperty("user.home") : home);
        Path userFile = userHome.resolve(USER_FILE);
        String named = env.getOrDefault(ENVIRONMENT_VARIABLE, "");
        List<Path> dropIns = new ArrayList<>();
        Path main;
        if (!named.isEmpty()) {
            main = Path.of(named);
            dropIns.add(systemDropIns);
        } else if (Files.isRegularFile(userFile)) {
            main = userFile;
        } else {
            main = systemFile;
            dropIns.add(systemDropIns);
        }
        dropIns.add(userHome.resolve(USER_DROP_INS));
        Builder builder = new Builder();
        builder.read(main);
        for (Path dir : dropIns) {
            dropInFiles(dir).forEach(builder::read);
        }
        return builder.build();
    }

    /** The files the settings came from, in reading order. */
    public List<Path> files() {
        return files;
    }

    /** Every table, in the order the files define them. */
    public List<RegistryEntry> entries() {
        return entries;
    }

    /**
     * The table governing {@code name} ({@code host[:port]}, or a repository name
     * {@code host[:port]/path}, optionally with {@code :tag} or {@code @digest}): the one with
     * the longest matching prefix.
     */
    public Optional<RegistryEntry> find(String name) {
        RegistryEntry best = null;
        int bestLength = -1;
        for (RegistryEntry e : entries) {
            int length = matchingPrefix(name, e.prefix());
            if (length > bestLength) {
                best = e;
                bestLength = length;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Whether {@code host} ({@code host[:port]}) may be reached over plain HTTP or unverified TLS. */
    public boolean isInsecure(String host) {
        if (find(host).map(RegistryEntry::insecure).orElse(false)) {
            return true;
        }
        for (RegistryEntry e : entries) {
            if (e.insecure() && (!e.isWildcard() && hostOf(e.prefix()).equals(host) || hostOf(e.location()).equals(host))) {
                return true;
            }
            for (RegistryEntry.Mirror m : e.mirrors()) {
                if (m.insecure() && hostOf(m.location()).equals(host)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Refuses a name a {@code blocked = true} table governs.
     *
     * @param name as for {@link #find}
     * @throws BlockedRegistryException naming the table's prefix and file
     */
    public void checkNotBlocked(String name) {
        Optional<RegistryEntry> entry = find(name);
        if (entry.isPresent() && entry.get().blocked()) {
            throw new BlockedRegistryException(name + " is blocked: " + entry.get().source() + " marks \""
                    + entry.get().prefix() + "\" blocked = true, so Stowage does not contact it", hostOf(name));
        }
    }

    /**
     * Where a pull of {@code reference} reads it, in the order to try, as containers/image
     * builds its pull sources: the governing table's mirrors that serve this kind of pull
     * ({@code pull-from-mirror}, {@code mirror-by-digest-only}: a mirror may serve only pulls by
     * digest, or only by tag), then its {@code location}; each with the prefix of the name
     * replaced and the tag or digest kept. A name no table governs, a wildcard table, and a
     * blocked one (refused when read) give the reference alone.
     *
     * @throws RegistriesConfigException if a mirror or location with the rest of the name is not a valid reference
     */
    public List<ImageReference> pullSources(ImageReference reference) {
        Optional<RegistryEntry> entry = find(reference.name());
        if (entry.isEmpty() || entry.get().blocked() || entry.get().isWildcard()) {
            return List.of(reference);
        }
        RegistryEntry e = entry.get();
        String rest = reference.name().substring(e.prefix().length());
        boolean byDigest = reference.digest().isPresent();
        List<ImageReference> sources = new ArrayList<>();
        for (RegistryEntry.Mirror m : e.mirrors()) {
            boolean serves = switch (m.pullFromMirror()) {
                case "digest-only" -> byDigest;
                case "tag-only" -> !byDigest;
                default -> true;
            };
            if (serves) {
                sources.add(rewritten(e, m.location(), rest, reference));
            }
        }
        sources.add(e.location().equals(e.prefix()) ? reference : rewritten(e, e.location(), rest, reference));
        return List.copyOf(sources);
    }

    private static ImageReference rewritten(RegistryEntry entry, String location, String rest, ImageReference reference) {
        String name = location + rest;
        try {
            ImageReference rewritten = ImageReference.parse(name);
            if (reference.digest().isPresent()) {
                rewritten = rewritten.withDigest(reference.digest().get());
            }
            return reference.tag().isPresent() ? rewritten.withTag(reference.tag().get()) : rewritten;
        } catch (IllegalArgumentException e) {
            throw new RegistriesConfigException("invalid " + entry.source() + ": \"" + location + "\" for \"" + entry.prefix()
                    + "\" makes " + reference + " the invalid reference \"" + name + "\"", e);
        }
    }

    /** The host part of a location or name: up to the first {@code /}. */
    static String hostOf(String name) {
        int slash = name.indexOf('/');
        return slash < 0 ? name : name.substring(0, slash);
    }

    /**
     * The length of {@code prefix} if it matches {@code name}, else -1; containers/image's rule:
     * the whole name, or the name up to a {@code /}, {@code :} or {@code @}; a wildcard
     * {@code *.domain} matches a host ending in {@code .domain}, by the length of the host.
     */
    static int matchingPrefix(String name, String prefix) {
        if (prefix.startsWith("*.")) {
            String host = hostOf(name);
            int colon = host.lastIndexOf(':');
            String bare = colon < 0 ? host : host.substring(0, colon);
            return bare.endsWith(prefix.substring(1)) ? host.length() : -1;
        }
        if (!name.startsWith(prefix)) {
            return -1;
        }
        if (name.length() == prefix.length()) {
            return prefix.length();
        }
        char next = name.charAt(prefix.length());
        return next == '/' || next == ':' || next == '@' ? prefix.length() : -1;
    }

    private static List<Path> dropInFiles(Path dir) {
        Set<Path> found = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.conf")) {
            for (Path f : files) {
                if (!Files.isDirectory(f)) {
                    found.add(f);
                }
            }
        } catch (NoSuchFileException e) {
            // most systems have no drop-in directory
        } catch (IOException e) {
            throw new RegistriesConfigException("cannot read registries.conf.d " + dir + ": " + e.getMessage(), e);
        }
        return List.copyOf(found);
    }

    /** Reads files in order; a later table replaces an earlier one with the same prefix. */
    private static final class Builder {
        private final Map<String, RegistryEntry> byPrefix = new LinkedHashMap<>();
        private final List<Path> files = new ArrayList<>();
        private Path versionOneFile;
        private Path versionTwoFile;

        void read(Path file) {
            JsonNode root;
            try {
                if (!Files.isRegularFile(file)) {
                    return;
                }
                root = TOML.readTree(Files.readString(file));
            } catch (JacksonException e) {
                throw new RegistriesConfigException(file + " is not valid TOML: " + e.getOriginalMessage(), e);
            } catch (IOException e) {
                throw new RegistriesConfigException("cannot read " + file + ": " + e.getMessage(), e);
            }
            files.add(file);
            if (root == null || !root.isObject()) {
                return;
            }
            List<RegistryEntry> found = new ArrayList<>();
            JsonNode v1 = root.get("registries");
            if (v1 != null) {
                versionOneFile = file;
                found.addAll(versionOne(file, v1));
            }
            JsonNode v2 = root.get("registry");
            if (v2 != null) {
                versionTwoFile = file;
                if (!v2.isArray()) {
                    throw invalid(file, "[[registry]] must be an array of tables");
                }
                Map<String, RegistryEntry> inFile = new LinkedHashMap<>();
                for (JsonNode table : v2) {
                    RegistryEntry entry = entry(file, table);
                    if (inFile.put(entry.prefix(), entry) != null) {
                        throw invalid(file, "registry with prefix \"" + entry.prefix() + "\" is defined more than once");
                    }
                }
                found.addAll(inFile.values());
            }
            if (versionOneFile != null && versionTwoFile != null) {
                throw new RegistriesConfigException("registries.conf version 1 ([registries.*] in " + versionOneFile
                        + ") and version 2 ([[registry]] in " + versionTwoFile + ") cannot be mixed");
            }
            for (RegistryEntry e : found) {
                byPrefix.remove(e.prefix()); // replaced, and moved to the end as the newer definition
                byPrefix.put(e.prefix(), e);
            }
        }

        RegistriesConfig build() {
            return new RegistriesConfig(List.copyOf(byPrefix.values()), files);
        }

        private static RegistryEntry entry(Path file, JsonNode table) {
            if (!table.isObject()) {
                throw invalid(file, "each [[registry]] must be a table");
            }
            String prefix = string(file, table, "prefix", "registry");
            String location = string(file, table, "location", "registry");
            boolean insecure = bool(file, table, "insecure", "registry");
            boolean blocked = bool(file, table, "blocked", "registry");
            boolean byDigestOnly = bool(file, table, "mirror-by-digest-only", "registry");
            if (!prefix.isEmpty() && prefix.startsWith("*.")) {
                if (prefix.indexOf('*', 1) >= 0 || prefix.contains("/") || prefix.length() == 2) {
                    throw invalid(file, "prefix \"" + prefix + "\": a wildcard must be *.domain, without a path");
                }
                location = location.isEmpty() ? "" : location(file, location);
            } else {
                if (location.isEmpty() && prefix.isEmpty()) {
                    throw invalid(file, "a [[registry]] needs a location (or a wildcard prefix)");
                }
                location = location.isEmpty() ? location(file, prefix) : location(file, location);
                prefix = prefix.isEmpty() ? location : location(file, prefix);
            }
            List<RegistryEntry.Mirror> mirrors = new ArrayList<>();
            JsonNode mirrorTables = table.get("mirror");
            if (mirrorTables != null) {
                if (!mirrorTables.isArray()) {
                    throw invalid(file, "[[registry.mirror]] of \"" + prefix + "\" must be an array of tables");
                }
                for (JsonNode m : mirrorTables) {
                    if (!m.isObject()) {
                        throw invalid(file, "each [[registry.mirror]] of \"" + prefix + "\" must be a table");
                    }
                    String mirrorLocation = location(file, string(file, m, "location", "registry.mirror"));
                    String pull = string(file, m, "pull-from-mirror", "registry.mirror");
                    if (!PULL_FROM_MIRROR.contains(pull)) {
                        throw invalid(file, "pull-from-mirror \"" + pull + "\" of mirror " + mirrorLocation
                                + " must be all, digest-only or tag-only");
                    }
                    if (byDigestOnly && !pull.isEmpty() && !pull.equals("digest-only")) {
                        throw invalid(file, "\"" + prefix + "\" sets mirror-by-digest-only and its mirror " + mirrorLocation
                                + " pull-from-mirror = \"" + pull + "\"; set one of them");
                    }
                    String effective = byDigestOnly ? "digest-only" : pull.isEmpty() ? "all" : pull;
                    mirrors.add(new RegistryEntry.Mirror(mirrorLocation, bool(file, m, "insecure", "registry.mirror"),
                            effective));
                }
            }
            return new RegistryEntry(prefix, location, insecure, blocked, byDigestOnly, mirrors, file);
        }

        private static List<RegistryEntry> versionOne(Path file, JsonNode registries) {
            Map<String, boolean[]> hosts = new LinkedHashMap<>(); // host -> {insecure, blocked}
            for (Iterator<Map.Entry<String, JsonNode>> it = registries.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> list = it.next();
                int flag = switch (list.getKey()) {
                    case "insecure" -> 0;
                    case "block" -> 1;
                    default -> -1; // [registries.search]: short names are docker's here
                };
                if (flag < 0) {
                    continue;
                }
                JsonNode names = list.getValue().path("registries");
                if (!names.isArray() && !names.isMissingNode()) {
                    throw invalid(file, "[registries." + list.getKey() + "] registries must be a list of strings");
                }
                for (JsonNode n : names) {
                    if (!n.isTextual()) {
                        throw invalid(file, "[registries." + list.getKey() + "] registries must be a list of strings");
                    }
                    hosts.computeIfAbsent(location(file, n.asText()), h -> new boolean[2])[flag] = true;
                }
            }
            List<RegistryEntry> entries = new ArrayList<>();
            hosts.forEach((host, flags) -> entries.add(new RegistryEntry(host, host, flags[0], flags[1], false, List.of(),
                    file)));
            return entries;
        }

        /** containers/image's location rule: no URL scheme, trailing slashes dropped, not empty. */
        private static String location(Path file, String value) {
            String trimmed = value.replaceAll("/+$", "");
            if (trimmed.isEmpty()) {
                throw invalid(file, "invalid location \"" + value + "\": it cannot be empty");
            }
            String lower = trimmed.toLowerCase(Locale.ROOT);
            if (lower.startsWith("http://") || lower.startsWith("https://")) {
                throw invalid(file, "invalid location \"" + value + "\": URI schemes are not supported; write host[:port][/path]");
            }
            return trimmed;
        }

        private static String string(Path file, JsonNode table, String key, String where) {
            JsonNode v = table.get(key);
            if (v == null) {
                return "";
            }
            if (!v.isTextual()) {
                throw invalid(file, key + " in [[" + where + "]] must be a string");
            }
            return v.asText();
        }

        private static boolean bool(Path file, JsonNode table, String key, String where) {
            JsonNode v = table.get(key);
            if (v == null) {
                return false;
            }
            if (!v.isBoolean()) {
                throw invalid(file, key + " in [[" + where + "]] must be true or false");
            }
            return v.asBoolean();
        }

        private static RegistriesConfigException invalid(Path file, String what) {
            return new RegistriesConfigException("invalid " + file + ": " + what);
        }
    }
}
