package dev.stowage.core.reference;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Facts about registry hosts that connecting code needs: where Docker Hub's API really lives,
 * and whether a host is this machine (where plain HTTP is acceptable). Only names under
 * {@code .localhost} are looked up.
 *
 * <pre>{@code
 * RegistryHosts.apiHost("docker.io");          // registry-1.docker.io
 * RegistryHosts.isLoopback("127.0.0.1:5000");  // true
 * }</pre>
 */
public final class RegistryHosts {
    /** Docker Hub's registry name in normalised references. */
    public static final String DOCKER_HUB = "docker.io";

    private static final String DOCKER_HUB_API = "registry-1.docker.io";
    private static final String LEGACY_DOCKER_HUB = "index.docker.io";

    /** Looks a host name up: {@link InetAddress#getAllByName}, or a stand-in in tests. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private RegistryHosts() {
    }

    /**
     * The host that serves the registry API for {@code registry}: {@code registry-1.docker.io}
     * for Docker Hub ({@code docker.io}, or its legacy name {@code index.docker.io}), otherwise
     * {@code registry} unchanged.
     *
     * @throws IllegalArgumentException if {@code registry} is null
     */
    public static String apiHost(String registry) {
        if (registry == null) {
            throw new IllegalArgumentException("registry is null");
        }
        return registry.equals(DOCKER_HUB) || registry.equals(LEGACY_DOCKER_HUB) ? DOCKER_HUB_API : registry;
    }

    /**
     * Whether {@code hostOrHostPort} names this machine by a loopback name or address:
     * {@code localhost}, any {@code 127.x.y.z}, and the IPv6 loopback ({@code ::1}, {@code [::1]},
     * or written out in full), each with or without a {@code :port}, decided from the text alone;
     * and a name under {@code .localhost} when every address it resolves to is a loopback one
     * (RFC 6761 reserves these names for loopback, but a resolver may not honour that, and plain
     * HTTP to such a name must not leave the machine). Null, malformed input and a name under
     * {@code .localhost} that does not resolve are not loopback.
     */
    public static boolean isLoopback(String hostOrHostPort) {
        return isLoopback(hostOrHostPort, InetAddress::getAllByName);
    }

    static boolean isLoopback(String hostOrHostPort, Resolver resolver) {
        if (hostOrHostPort == null || hostOrHostPort.isEmpty()) {
            return false;
        }
        if (hostOrHostPort.startsWith("[")) {
            int close = hostOrHostPort.indexOf(']');
            if (close < 0 || !isPortSuffix(hostOrHostPort.substring(close + 1))) {
                return false;
            }
            return isIpv6Loopback(hostOrHostPort.substring(1, close));
        }
        int colon = hostOrHostPort.indexOf(':');
        if (colon >= 0 && hostOrHostPort.indexOf(':', colon + 1) >= 0) {
            return isIpv6Loopback(hostOrHostPort); // several colons and no brackets: a bare IPv6 address
        }
        String host = colon < 0 ? hostOrHostPort : hostOrHostPort.substring(0, colon);
        if (colon >= 0 && !isPortSuffix(hostOrHostPort.substring(colon))) {
            return false;
        }
        if (isIpv4Loopback(host)) {
            return true;
        }
        return isLocalhostName(host) && (isLocalhost(host) || resolvesToLoopback(host, resolver));
    }

    private static boolean isLocalhost(String name) {
        return name.equalsIgnoreCase("localhost") || name.equalsIgnoreCase("localhost.");
    }

    private static boolean resolvesToLoopback(String name, Resolver resolver) {
        try {
            InetAddress[] addresses = resolver.resolve(name);
            return addresses.length > 0 && Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }

    private static boolean isPortSuffix(String s) {
        if (s.isEmpty()) {
            return true;
        }
        if (s.length() < 2 || s.length() > 6 || s.charAt(0) != ':') {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return Integer.parseInt(s.substring(1)) <= 65535;
    }

    private static boolean isLocalhostName(String host) {
        // Host-name characters only, and ASCII: Unicode case folding would make "localhoſt" match.
        if (!host.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.')) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.equals("localhost")
                || (h.endsWith(".localhost") && !h.startsWith(".") && !h.contains(".."));
    }

    private static boolean isIpv4Loopback(String host) {
        String[] octets = host.split("\\.", -1);
        if (octets.length != 4 || !octets[0].equals("127")) {
            return false;
        }
        for (String octet : octets) {
            if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    // ::1 in any textual form: seven zero groups and a final 1, "::" standing for zero groups.
    private static boolean isIpv6Loopback(String address) {
        int gap = address.indexOf("::");
        if (gap >= 0 && address.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        int[] head = gap < 0 ? hexGroups(address) : hexGroups(address.substring(0, gap));
        int[] tail = gap < 0 ? new int[0] : hexGroups(address.substring(gap + 2));
        if (head == null || tail == null) {
            return false;
        }
        int written = head.length + tail.length;
        if (gap < 0 ? written != 8 : written > 7) {
            return false;
        }
        int[] all = new int[8];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, 8 - tail.length, tail.length);
        for (int i = 0; i < 7; i++) {
            if (all[i] != 0) {
                return false;
            }
        }
        return all[7] == 1;
    }

    /** The colon-separated groups of 1 to 4 ASCII hex digits in {@code s}, or null if malformed. */
    private static int[] hexGroups(String s) {
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] groups = s.split(":", -1);
        int[] values = new int[groups.length];
        for (int i = 0; i < groups.length; i++) {
            String g = groups[i];
            if (g.isEmpty() || g.length() > 4) {
                return null;
            }
            int value = 0;
            for (int j = 0; j < g.length(); j++) {
                int digit = hexDigit(g.charAt(j));
                if (digit < 0) {
                    return null;
                }
                value = value * 16 + digit;
            }
            values[i] = value;
        }
        return values;
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
