package dev.stowage.core.build.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The Dockerfile's word processing, as BuildKit's shell lexer does it: quotes ({@code '…'} taken
 * as is, {@code "…"} with {@code $} expansion and escapes of {@code " $ \}), the escape token
 * ({@code \} or {@code `}), and variable substitution: {@code $VAR}, {@code ${VAR}},
 * {@code ${VAR:-word}}, {@code ${VAR-word}}, {@code ${VAR:+word}}, {@code ${VAR+word}},
 * {@code ${VAR:?message}}, {@code ${VAR?message}}, {@code ${VAR#pattern}} (and {@code ##},
 * {@code %}, {@code %%}) and {@code ${VAR/pattern/replacement}} ({@code //} for every match).
 * Unset variables expand to nothing; positional and special parameters ({@code $1}, {@code $@}…)
 * are never set.
 *
 * <p>Not thread-safe; one lexer per use.
 */
final class ShellLex {
    private static final int EOF = -1;

    private final int escapeToken;
    private boolean rawQuotes;
    private boolean rawEscapes;
    private boolean skipProcessQuotes;
    private boolean skipUnsetEnv;

    private int[] chars;
    private int pos;
    private Function<String, Optional<String>> env;

    ShellLex(char escapeToken) {
        this.escapeToken = escapeToken;
    }

    /** Keeps quote characters in the result (still honouring what they quote). */
    ShellLex rawQuotes(boolean raw) {
        this.rawQuotes = raw;
        return this;
    }

    /** Keeps escape tokens in the result (still honouring what they escape). */
    ShellLex rawEscapes(boolean raw) {
        this.rawEscapes = raw;
        return this;
    }

    /** Treats quotes as ordinary characters (heredoc bodies). */
    ShellLex skipProcessQuotes(boolean skip) {
        this.skipProcessQuotes = skip;
        return this;
    }

    /** Leaves references to unset variables as written instead of expanding them to nothing. */
    ShellLex skipUnsetEnv(boolean skip) {
        this.skipUnsetEnv = skip;
        return this;
    }

    /**
     * The word with quotes processed and variables expanded, spaces kept.
     *
     * @throws SubstitutionException for unbalanced quotes or braces, a bad substitution, or a
     *     {@code ${VAR?message}} whose variable is unset
     */
    String processWord(String word, Function<String, Optional<String>> variables) {
        return process(word, variables).result;
    }

    /** Like {@link #processWord}, then split on unquoted white space (after expansion). */
    List<String> processWords(String word, Function<String, Optional<String>> variables) {
        return process(word, variables).words;
    }

    private record Processed(String result, List<String> words) {
    }

    private Processed process(String word, Function<String, Optional<String>> variables) {
        this.chars = word.codePoints().toArray();
        this.pos = 0;
        this.env = variables;
        try {
            return processStopOn(EOF, rawEscapes);
        } catch (SubstitutionException e) {
            throw new SubstitutionException("failed to process \"" + word + "\": " + e.getMessage());
        }
    }

    private int peek() {
        return pos < chars.length ? chars[pos] : EOF;
    }

    private int next() {
        return pos < chars.length ? chars[pos++] : EOF;
    }

    /** Words being split while the result is built: white space ends a word unless it came quoted or escaped. */
    private static final class Words {
        private final List<String> words = new ArrayList<>();
        private final StringBuilder word = new StringBuilder();
        private boolean inWord;

        void addChar(int ch) {
            if (Character.isWhitespace(ch)) {
                if (inWord && word.length() > 0) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                addRawChar(ch);
            }
        }

        void addRawChar(int ch) {
            word.appendCodePoint(ch);
            inWord = true;
        }

        void addString(String s) {
            s.codePoints().forEach(this::addChar);
        }

        void addRawString(String s) {
            word.append(s);
            inWord = true;
        }

        List<String> finish() {
            if (word.length() > 0) {
                words.add(word.toString());
                word.setLength(0);
                inWord = false;
            }
            return words;
        }
    }

    private Processed processStopOn(int stopChar, boolean escapesRaw) {
        boolean saved = rawEscapes;
        rawEscapes = escapesRaw;
        try {
            StringBuilder result = new StringBuilder();
            Words words = new Words();
            while (peek() != EOF) {
                int ch = peek();
                if (stopChar != EOF && ch == stopChar) {
                    next();
                    return new Processed(result.toString(), words.finish());
                }
                String special = switch (ch) {
                    case '$' -> processDollar();
                    case '<' -> processPossibleHeredoc();
                    case '\'' -> skipProcessQuotes ? null : processSingleQuote();
                    case '"' -> skipProcessQuotes ? null : processDoubleQuote();
                    default -> null;
                };
                if (special != null) {
                    result.append(special);
                    if (ch == '$') {
                        words.addString(special); // an expanded value is split on its spaces
                    } else {
                        words.addRawString(special);
                    }
                    continue;
                }
                ch = next();
                if (ch == escapeToken) {
                    if (rawEscapes) {
                        words.addRawChar(ch);
                        result.appendCodePoint(ch);
                    }
                    ch = next();
                    if (ch == EOF) {
                        break; // an escape token at the end escapes nothing
                    }
                    words.addRawChar(ch);
                } else {
                    words.addChar(ch);
                }
                result.appendCodePoint(ch);
            }
            if (stopChar != EOF) {
                throw new SubstitutionException("unexpected end of statement while looking for matching "
                        + Character.toString(stopChar));
            }
            return new Processed(result.toString(), words.finish());
        } finally {
            rawEscapes = saved;
        }
    }

    private String processSingleQuote() {
        StringBuilder result = new StringBuilder();
        int ch = next();
        if (rawQuotes) {
            result.appendCodePoint(ch);
        }
        while (true) {
            ch = next();
            if (ch == EOF) {
                throw new SubstitutionException("unexpected end of statement while looking for matching single-quote");
            }
            if (ch == '\'') {
                if (rawQuotes) {
                    result.appendCodePoint(ch);
                }
                return result.toString();
            }
            result.appendCodePoint(ch);
        }
    }

    private String processDoubleQuote() {
        StringBuilder result = new StringBuilder();
        int ch = next();
        if (rawQuotes) {
            result.appendCodePoint(ch);
        }
        while (true) {
            int p = peek();
            if (p == EOF) {
                throw new SubstitutionException("unexpected end of statement while looking for matching double-quote");
            }
            if (p == '"') {
                ch = next();
                if (rawQuotes) {
                    result.appendCodePoint(ch);
                }
                return result.toString();
            }
            if (p == '$') {
                result.append(processDollar());
                continue;
            }
            ch = next();
            if (ch == escapeToken) {
                if (rawEscapes) {
                    result.appendCodePoint(ch);
                }
                int after = peek();
                if (after == EOF) {
                    continue; // the loop reports the missing quote
                }
                if (after == '"' || after == '$' || after == escapeToken) {
                    ch = next(); // only these can be escaped inside double quotes; other escapes stay literal
                }
            }
            result.appendCodePoint(ch);
        }
    }

    private String processDollar() {
        next();
        if (peek() != '{') {
            String name = processName();
            if (name.isEmpty()) {
                return "$";
            }
            Optional<String> value = env.apply(name);
            if (value.isEmpty() && skipUnsetEnv) {
                return "$" + name;
            }
            return value.orElse("");
        }
        next();
        int first = peek();
        if (first == EOF) {
            throw new SubstitutionException("syntax error: missing '}'");
        }
        if (first == '{' || first == '}' || first == ':') {
            throw new SubstitutionException("syntax error: bad substitution");
        }
        String name = processName();
        int ch = next();
        String modifier = ch == EOF ? "" : Character.toString(ch);
        boolean nullIsUnset = false;
        switch (ch) {
            case '}' -> {
                Optional<String> value = env.apply(name);
                if (value.isEmpty() && skipUnsetEnv) {
                    return "${" + name + "}";
                }
                return value.orElse("");
            }
            case ':', '+', '-', '?', '#', '%' -> {
                if (ch == ':') {
                    nullIsUnset = true;
                    ch = next();
                    modifier += ch == EOF ? "" : Character.toString(ch);
                }
                boolean patternOperator = ch == '#' || ch == '%';
                if (nullIsUnset && patternOperator) {
                    throw new SubstitutionException("unsupported modifier (" + modifier + ") in substitution");
                }
                String word = wordUpTo('}', patternOperator);
                Optional<String> value = env.apply(name);
                if (value.isEmpty() && skipUnsetEnv) {
                    return "${" + name + modifier + word + "}";
                }
                boolean unset = value.isEmpty() || nullIsUnset && value.get().isEmpty();
                return switch (ch) {
                    case '-' -> unset ? word : value.get();
                    case '+' -> unset ? "" : word;
                    case '?' -> {
                        if (value.isEmpty()) {
                            throw new SubstitutionException(name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
                        }
                        if (nullIsUnset && value.get().isEmpty()) {
                            throw new SubstitutionException(name + ": " + (word.isEmpty() ? "is not allowed to be empty" : word));
                        }
                        yield value.get();
                    }
                    case '%', '#' -> {
                        boolean greedy = !word.isEmpty() && word.codePointAt(0) == ch;
                        String pattern = greedy ? word.substring(1) : word;
                        String v = value.orElse("");
                        yield ch == '%' ? trimSuffix(pattern, v, greedy) : trimPrefix(pattern, v, greedy);
                    }
                    default -> throw new SubstitutionException("unsupported modifier (" + modifier + ") in substitution");
                };
            }
            case '/' -> {
                boolean all = peek() == '/';
                if (all) {
                    next();
                }
                String pattern = wordUpTo('/', true);
                String replacement = wordUpTo('}', true);
                Optional<String> value = env.apply(name);
                if (value.isEmpty() && skipUnsetEnv) {
                    return "${" + name + "/" + pattern + "/" + replacement + "}";
                }
                Pattern regex = shellPattern(pattern, true, false);
                String v = value.orElse("");
                Matcher m = regex.matcher(v);
                if (all) {
                    return m.replaceAll(Matcher.quoteReplacement(replacement));
                }
                return m.find() ? v.substring(0, m.start()) + replacement + v.substring(m.end()) : v;
            }
            default -> throw new SubstitutionException("unsupported modifier (" + modifier + ") in substitution");
        }
    }

    /** The word of a {@code ${…}} modifier, up to {@code stop}. */
    private String wordUpTo(int stop, boolean escapesRaw) {
        try {
            return processStopOn(stop, escapesRaw).result;
        } catch (SubstitutionException e) {
            if (peek() == EOF) {
                throw new SubstitutionException(stop == '}' ? "syntax error: missing '}'" : "syntax error: missing '/' in ${}");
            }
            throw e;
        }
    }

    private String processName() {
        StringBuilder name = new StringBuilder();
        while (peek() != EOF) {
            int ch = peek();
            if (name.length() == 0 && Character.isDigit(ch)) {
                while (peek() != EOF && Character.isDigit(peek())) {
                    name.appendCodePoint(next());
                }
                return name.toString();
            }
            if (name.length() == 0 && isSpecialParameter(ch)) {
                return Character.toString(next());
            }
            if (!Character.isLetter(ch) && !Character.isDigit(ch) && ch != '_') {
                break;
            }
            name.appendCodePoint(next());
        }
        return name.toString();
    }

    private String processPossibleHeredoc() {
        next();
        if (peek() != '<') {
            return "<";
        }
        next();
        StringBuilder space = new StringBuilder();
        while (peek() == ' ' || peek() == '\t') {
            space.appendCodePoint(next());
        }
        return "<<" + space;
    }

    /** POSIX special parameters ({@code $@ $* $# $? $- $$ $! $0}): never set in a Dockerfile. */
    private static boolean isSpecialParameter(int ch) {
        return ch == '@' || ch == '*' || ch == '#' || ch == '?' || ch == '-' || ch == '$' || ch == '!' || ch == '0';
    }

    /**
     * A shell wildcard pattern ({@code ?} one character, {@code *} any string, the shortest
     * unless {@code greedy}; {@code \} escapes) as a regular expression; no bracket expressions.
     */
    static Pattern shellPattern(String pattern, boolean greedy, boolean anchored) {
        StringBuilder out = new StringBuilder(anchored ? "^" : "");
        int[] cps = pattern.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            switch (c) {
                case '*' -> out.append(greedy ? ".*" : ".*?");
                case '?' -> out.append('.');
                case '\\' -> {
                    if (i + 1 < cps.length && (cps[i + 1] == '}' || cps[i + 1] == '/')) {
                        continue; // an escaped } or / of ${…} is not part of the pattern
                    }
                    if (i + 1 >= cps.length || (cps[i + 1] != '*' && cps[i + 1] != '?' && cps[i + 1] != '\\')) {
                        throw new SubstitutionException("invalid pattern (" + pattern + ") in substitution: invalid escape '\\"
                                + (i + 1 < cps.length ? Character.toString(cps[i + 1]) : "") + "'");
                    }
                    out.append('\\').appendCodePoint(cps[++i]);
                }
                default -> out.append(Pattern.quote(Character.toString(c)));
            }
        }
        try {
            return Pattern.compile(out.toString(), Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw new SubstitutionException("invalid pattern (" + pattern + ") in substitution: " + e.getDescription());
        }
    }

    private static String trimPrefix(String pattern, String value, boolean greedy) {
        Matcher m = shellPattern(pattern, greedy, true).matcher(value);
        return m.find() ? value.substring(m.end()) : value;
    }

    /** Removes the shortest (or longest) suffix matching: a leftmost match on the reversed strings. */
    private static String trimSuffix(String pattern, String value, boolean greedy) {
        String trimmed = trimPrefix(reversePattern(pattern), reverse(value), greedy);
        return reverse(trimmed);
    }

    private static String reverse(String s) {
        return new StringBuilder(s).reverse().toString();
    }

    /** Reverses a pattern keeping each escape before the character it escapes ({@code a\*c} → {@code c\*a}). */
    static String reversePattern(String pattern) {
        int[] cps = pattern.codePoints().toArray();
        int[] out = new int[cps.length];
        int last = cps.length - 1;
        for (int i = 0; i <= last; ) {
            int outIdx = last - i;
            if (cps[i] == '\\' && i != last) {
                out[outIdx - 1] = cps[i];
                out[outIdx] = cps[i + 1];
                i += 2;
            } else {
                out[outIdx] = cps[i];
                i++;
            }
        }
        return new String(out, 0, out.length);
    }

    /** A word that cannot be processed; the message says why. */
    static final class SubstitutionException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        SubstitutionException(String message) {
            super(message);
        }
    }
}
