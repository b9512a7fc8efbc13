package dev.stowage.core.build.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code EXPOSE} port specifications as docker reads them: {@code port}, {@code port/proto}, a
 * range {@code from-to[/proto]} (one port each), proto {@code tcp} (default), {@code udp} or
 * {@code sctp}; an {@code [ip:]hostPort:} prefix is accepted and ignored, as docker does.
 */
final class PortSpec {
    private PortSpec() {
    }

    /**
     * The ports as the config keys them: {@code 8080/tcp}.
     *
     * @throws IllegalArgumentException naming the bad spec
     */
    static List<String> parse(String raw) {
        String container = raw.substring(raw.lastIndexOf(':') + 1);
        int slash = container.indexOf('/');
        String ports = slash < 0 ? container : container.substring(0, slash);
        String proto = slash < 0 ? "tcp" : container.substring(slash + 1).toLowerCase(Locale.ROOT);
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("invalid port \"" + raw + "\": no port specified");
        }
        if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
            throw new IllegalArgumentException("invalid port \"" + raw + "\": invalid proto: " + proto);
        }
        int dash = ports.indexOf('-');
        int start = number(dash < 0 ? ports : ports.substring(0, dash), raw);
        int end = dash < 0 ? start : number(ports.substring(dash + 1), raw);
        if (end < start) {
            throw new IllegalArgumentException("invalid port \"" + raw + "\": invalid port range: " + ports);
        }
        List<String> out = new ArrayList<>();
        for (int p = start; p <= end; p++) {
            out.add(p + "/" + proto);
        }
        return out;
    }

    private static int number(String text, String raw) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("invalid port \"" + raw + "\": \"" + text + "\" is not a port number");
        }
        int port = Integer.parseInt(text);
        if (port > 65535) {
            throw new IllegalArgumentException("invalid port \"" + raw + "\": value out of range (0-65535)");
        }
        return port;
    }
}
