package dev.stowage.registry.auth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235): a scheme such as {@code Bearer}
 * or {@code Basic} and its parameters, with names lower-cased.
 *
 * <pre>{@code
 * List<AuthChallenge> cs = AuthChallenge.parse(response.headers().allValues("WWW-Authenticate"));
 * // Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:app:pull"
 * }</pre>
 */
public record AuthChallenge(String scheme, Map<String, String> parameters) {

    public AuthChallenge {
        parameters = Map.copyOf(parameters);
    }

    /**
     * Parses every challenge of every header value, in order. A malformed part ends the parse of
     * its header value; challenges before it are kept.
     */
    public static List<AuthChallenge> parse(Collection<String> headerValues) {
        List<AuthChallenge> out = new ArrayList<>();
        for (String value : headerValues) {
            new Parser(value).parseInto(out);
        }
        return out;
    }

    public boolean isBearer() {
        return scheme.equalsIgnoreCase("Bearer");
    }

    public boolean isBasic() {
        return scheme.equalsIgnoreCase("Basic");
    }

    public Optional<String> realm() {
        return parameter("realm");
    }

    public Optional<String> service() {
        return parameter("service");
    }

    /** The space-separated scopes the server asks for, if it says. */
    public Optional<String> scope() {
        return parameter("scope");
    }

    public Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name.toLowerCase(Locale.ROOT)));
    }

    private static final class Parser {
        private static final String TCHAR_SPECIALS = "!#$%&'*+-.^_`|~";
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        void parseInto(List<AuthChallenge> out) {
            while (true) {
                skipWhitespaceAndCommas();
                if (pos >= s.length()) {
                    return;
                }
                String scheme = token();
                if (scheme.isEmpty()) {
                    return;
                }
                Map<String, String> params = new LinkedHashMap<>();
                boolean wellFormed = parameters(params);
                out.add(new AuthChallenge(scheme, params));
                if (!wellFormed) {
                    return;
                }
            }
        }

        /** Reads {@code name=value} pairs; stops before a token that starts the next challenge. */
        private boolean parameters(Map<String, String> params) {
            while (true) {
                int start = pos;
                skipWhitespace();
                String name = token();
                skipWhitespace();
                if (name.isEmpty() || pos >= s.length() || s.charAt(pos) != '=') {
                    pos = start;
                    return true;
                }
                pos++;
                skipWhitespace();
                String value;
                if (pos < s.length() && s.charAt(pos) == '"') {
                    value = quoted();
                    if (value == null) {
                        return false;
                    }
                } else {
                    value = bareValue();
                }
                params.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
                skipWhitespace();
                if (pos >= s.length()) {
                    return true;
                }
                if (s.charAt(pos) != ',') {
                    return false;
                }
                pos++;
            }
        }

        private String token() {
            int start = pos;
            while (pos < s.length() && isTchar(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }

        /** Unquoted values are tokens by the RFC; servers also send URLs bare, so read to a comma. */
        private String bareValue() {
            int start = pos;
            while (pos < s.length() && s.charAt(pos) != ',' && !Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }

        /** A quoted string with backslash escapes; null when the closing quote is missing. */
        private String quoted() {
            StringBuilder b = new StringBuilder();
            pos++;
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    return b.toString();
                }
                if (c == '\\' && pos < s.length()) {
                    c = s.charAt(pos++);
                }
                b.append(c);
            }
            return null;
        }

        private void skipWhitespace() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                pos++;
            }
        }

        private void skipWhitespaceAndCommas() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t' || s.charAt(pos) == ',')) {
                pos++;
            }
        }

        private static boolean isTchar(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || TCHAR_SPECIALS.indexOf(c) >= 0;
        }
    }
}
