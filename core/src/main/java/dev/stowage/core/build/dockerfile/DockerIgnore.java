package dev.stowage.core.build.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The patterns of a {@code .dockerignore} file and what they exclude from the build context,
 * with the rules of docker's pattern matcher: lines starting with {@code #} are comments;
 * patterns are cleaned paths relative to the context ({@code /a} is {@code a}); {@code *} and
 * {@code ?} match within one path component, {@code **} any number of components; a pattern
 * also excludes everything under a directory it matches; {@code !pattern} re-includes, and the
 * last matching pattern wins.
 */
final class DockerIgnore {
    private static final DockerIgnore NONE = new DockerIgnore(List.of());

    private final List<Rule> rules;
    private final boolean exceptions;

    private DockerIgnore(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        this.exceptions = rules.stream().anyMatch(Rule::exception);
    }

    static DockerIgnore none() {
        return NONE;
    }

    /**
     * @param file the name errors give the file
     * @throws InvalidDockerfileException for a malformed pattern (an unclosed {@code [}, a lone {@code !})
     */
    static DockerIgnore parse(String file, String text) {
        List<Rule> rules = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.startsWith("#")) {
                continue;
            }
            String pattern = line.strip();
            if (pattern.isEmpty()) {
                continue;
            }
            boolean exception = pattern.startsWith("!");
            if (exception) {
                pattern = pattern.substring(1).strip();
                if (pattern.isEmpty()) {
                    throw new InvalidDockerfileException(file, i + 1, line.strip(), "illegal exclusion pattern: \"!\"");
                }
            }
            pattern = GoPath.clean(pattern);
            if (pattern.length() > 1 && pattern.startsWith("/")) {
                pattern = pattern.substring(1);
            }
            try {
                rules.add(new Rule(pattern, exception, compile(pattern)));
            } catch (PatternSyntaxException e) {
                throw new InvalidDockerfileException(file, i + 1, line.strip(), "syntax error in pattern: "
                        + e.getDescription());
            }
        }
        return new DockerIgnore(rules);
    }

    /** Whether any pattern is an exception ({@code !…}), so an excluded directory may hold included files. */
    boolean hasExceptions() {
        return exceptions;
    }

    boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * Whether {@code path} (relative to the context, {@code /}-separated, cleaned) is excluded:
     * the last pattern matching it or one of its parent directories decides.
     */
    boolean excludes(String path) {
        boolean matched = false;
        String parent = GoPath.dir(path);
        for (Rule rule : rules) {
            if (rule.exception() != matched) {
                continue; // only a pattern that could change the answer is tried
            }
            boolean match = rule.regex().matcher(path).matches();
            if (!match && !parent.equals(".")) {
                String[] dirs = parent.split("/");
                StringBuilder prefix = new StringBuilder();
                for (String dir : dirs) {
                    if (prefix.length() > 0) {
                        prefix.append('/');
                    }
                    prefix.append(dir);
                    if (rule.regex().matcher(prefix).matches()) {
                        match = true;
                        break;
                    }
                }
            }
            if (match) {
                matched = !rule.exception();
            }
        }
        return matched;
    }

    private record Rule(String pattern, boolean exception, Pattern regex) {
    }

    /** The pattern as a regular expression over a whole path. */
    private static Pattern compile(String pattern) {
        StringBuilder regex = new StringBuilder("^");
        int[] cps = pattern.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            int ch = cps[i];
            if (ch == '*') {
                if (i + 1 < cps.length && cps[i + 1] == '*') {
                    i++;
                    if (i + 1 < cps.length && cps[i + 1] == '/') {
                        i++; // **/ is ** followed by nothing more to match
                    }
                    regex.append(i + 1 >= cps.length ? ".*" : "(.*/)?");
                } else {
                    regex.append("[^/]*");
                }
            } else if (ch == '?') {
                regex.append("[^/]");
            } else if (ch == '\\') {
                if (i + 1 < cps.length) {
                    regex.append(Pattern.quote(Character.toString(cps[++i])));
                } else {
                    regex.append("\\\\");
                }
            } else if (ch == '[' || ch == ']') {
                regex.appendCodePoint(ch);
            } else {
                regex.append(Pattern.quote(Character.toString(ch)));
            }
        }
        return Pattern.compile(regex.append('$').toString(), Pattern.DOTALL);
    }
}
