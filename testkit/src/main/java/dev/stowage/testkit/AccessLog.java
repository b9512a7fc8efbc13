package dev.stowage.testkit;

import dev.stowage.testkit.registry.RecordedRequest;
import dev.stowage.testkit.registry.RequestKind;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Distribution's access log lines, Apache's combined format
 * ({@code 127.0.0.1 - - [date] "GET /v2/ HTTP/1.1" 200 2 "" "agent"}), read as recorded requests.
 */
final class AccessLog {
    private static final Pattern LINE =
            Pattern.compile("^\\S+ \\S+ \\S+ \\[[^]]*] \"(\\S+) (\\S+) HTTP/[0-9.]+\" (\\d{3}) (\\d+|-)( .*)?$");

    private AccessLog() {
    }

    /** The request a line records; empty for the registry's other log lines. */
    static Optional<RecordedRequest> parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        String method = m.group(1);
        String target = m.group(2);
        long bytes = m.group(4).equals("-") ? 0 : Long.parseLong(m.group(4));
        return Optional.of(new RecordedRequest(RequestKind.of(method, target), method, target,
                Integer.parseInt(m.group(3)), -1, bytes));
    }
}
