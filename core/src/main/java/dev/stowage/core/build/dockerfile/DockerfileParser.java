package dev.stowage.core.build.dockerfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Dockerfile text into {@link Instruction}s, following the Dockerfile reference and
 * BuildKit's parser: parser directives at the top ({@code # escape=}, {@code # syntax=} and
 * {@code # check=}), comments, line continuations (comment and blank lines inside a
 * continuation are skipped), {@code --flags}, the argument grammar of each instruction (JSON
 * arrays, shell strings, key=value pairs) and here-documents on {@code COPY}, {@code ADD} and
 * {@code RUN}. Meaning (which flags an instruction takes, argument counts) is checked later,
 * by {@link CommandParser}.
 */
final class DockerfileParser {
    private static final Pattern WHITESPACE = Pattern.compile("[\\t\\x0B\\f\\r ]+");
    private static final Pattern DIRECTIVE = Pattern.compile("^([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.+?)\\s*$");
    private static final Pattern HEREDOC = Pattern.compile("^(\\d*)<<(-?)\\s*([^<]*)$");
    private static final Set<String> HEREDOC_INSTRUCTIONS = Set.of("add", "copy", "run");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final String file;
    private char escape = '\\';
    private Pattern continuation = continuationPattern('\\');
    private boolean directivesDone;
    private final Set<String> directivesSeen = new HashSet<>();
    private final List<String> warnings = new ArrayList<>();

    private DockerfileParser(String file) {
        this.file = file;
    }

    /** The parsed file: its instructions, its escape token and what the parser warns about. */
    record ParsedDockerfile(String file, char escape, List<Instruction> instructions, List<String> warnings) {
        ParsedDockerfile {
            instructions = List.copyOf(instructions);
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * @param file the name errors give the file, e.g. {@code Dockerfile}
     * @throws InvalidDockerfileException for a syntax error, naming its line
     */
    static ParsedDockerfile parse(String file, String text) {
        return new DockerfileParser(file).run(text);
    }

    private ParsedDockerfile run(String text) {
        List<String> lines = lines(text);
        List<Instruction> instructions = new ArrayList<>();
        int current = 0;
        int index = 0;
        while (index < lines.size()) {
            String raw = lines.get(index++);
            if (current == 0 && raw.startsWith("\uFEFF")) {
                raw = raw.substring(1);
            }
            String line = processLine(raw, true, current + 1);
            current++;
            int start = current;
            Trimmed first = trimContinuation(line);
            if (first.ends() && first.text().isEmpty()) {
                continue;
            }
            StringBuilder logical = new StringBuilder(first.text());
            boolean ends = first.ends();
            boolean emptyContinuation = false;
            while (!ends && index < lines.size()) {
                String next = lines.get(index++);
                String processed = processLine(next, false, current + 1);
                current++;
                if (isComment(next)) {
                    continue;
                }
                if (trimLeadingWhitespace(trimNewline(processed)).isEmpty()) {
                    emptyContinuation = true;
                    continue;
                }
                Trimmed t = trimContinuation(processed);
                ends = t.ends();
                logical.append(t.text());
            }
            String joined = logical.toString();
            if (emptyContinuation) {
                warnings.add(file + ":" + current + ": empty continuation line in \"" + joined.strip()
                        + "\"; empty continuation lines will become errors in a future Dockerfile version");
            }
            Instruction instruction;
            try {
                instruction = instruction(joined, start, current);
            } catch (SyntaxError e) {
                throw new InvalidDockerfileException(file, start, joined.strip(), e.getMessage());
            }
            if (canContainHeredoc(instruction) && joined.contains("<<")) {
                List<Heredoc> docs;
                try {
                    docs = heredocsFromLine(joined);
                } catch (SyntaxError | ShellLex.SubstitutionException e) {
                    throw new InvalidDockerfileException(file, start, joined.strip(), e.getMessage());
                }
                List<Heredoc> filled = new ArrayList<>();
                for (Heredoc doc : docs) {
                    StringBuilder content = new StringBuilder();
                    boolean terminated = false;
                    while (index < lines.size()) {
                        String body = lines.get(index++);
                        current++;
                        String candidate = trimNewline(body);
                        if (doc.chomp()) {
                            candidate = candidate.replaceFirst("^\t+", "");
                        }
                        if (candidate.equals(doc.name())) {
                            terminated = true;
                            break;
                        }
                        content.append(body);
                    }
                    if (!terminated) {
                        throw new InvalidDockerfileException(file, start, joined.strip(),
                                "unterminated heredoc: no line " + doc.name() + " ends it");
                    }
                    filled.add(doc.withContent(content.toString()));
                }
                instruction = instruction.withHeredocs(filled, current);
            }
            instructions.add(instruction);
        }
        if (instructions.isEmpty()) {
            throw new InvalidDockerfileException(file, 0, "", "the file has no instructions");
        }
        return new ParsedDockerfile(file, escape, instructions, warnings);
    }

    /** The lines of the text, each with its line end. */
    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl + 1;
            lines.add(text.substring(start, end));
            start = end;
        }
        return lines;
    }

    /** Strips the line end (and, for a first line, leading space), reads a parser directive, and blanks comments. */
    private String processLine(String raw, boolean stripLeft, int lineNumber) {
        String line = trimNewline(raw);
        if (stripLeft) {
            line = trimLeadingWhitespace(line);
        }
        parseDirective(line, lineNumber);
        return isComment(line) ? "" : line;
    }

    private void parseDirective(String line, int lineNumber) {
        if (directivesDone) {
            return;
        }
        if (!line.startsWith("#")) {
            directivesDone = true;
            return;
        }
        Matcher m = DIRECTIVE.matcher(trimLeadingWhitespace(line.substring(1)));
        if (!m.matches()) {
            directivesDone = true;
            return;
        }
        String key = m.group(1).toLowerCase(Locale.ROOT);
        if (!key.equals("escape") && !key.equals("syntax") && !key.equals("check")) {
            directivesDone = true;
            return;
        }
        if (!directivesSeen.add(key)) {
            throw new InvalidDockerfileException(file, lineNumber, line, "only one " + key
                    + " parser directive can be used");
        }
        String value = m.group(2);
        switch (key) {
            case "escape" -> {
                if (!value.equals("`") && !value.equals("\\")) {
                    throw new InvalidDockerfileException(file, lineNumber, line, "invalid escape token '" + value
                            + "' does not match ` or \\");
                }
                escape = value.charAt(0);
                continuation = continuationPattern(escape);
            }
            case "syntax" -> warnings.add(file + ":" + lineNumber + ": the syntax directive (" + value
                    + ") is ignored: Stowage reads Dockerfiles with its own parser, not a frontend image");
            default -> {
                // check= configures BuildKit's linter, which Stowage does not run
            }
        }
    }

    private static Pattern continuationPattern(char escape) {
        String e = escape == '\\' ? "\\\\" : "`";
        // the escape token as the last non-blank character continues the line, unless it is itself escaped
        return Pattern.compile("([^" + e + "])" + e + "[ \\t]*\\z|^" + e + "[ \\t]*\\z");
    }

    private record Trimmed(String text, boolean ends) {
    }

    private Trimmed trimContinuation(String line) {
        Matcher m = continuation.matcher(line);
        if (m.find()) {
            return new Trimmed(m.replaceAll("$1"), false);
        }
        return new Trimmed(line, true);
    }

    private static String trimNewline(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }

    private static String trimLeadingWhitespace(String s) {
        int i = 0;
        while (i < s.length() && isSpace(s.codePointAt(i))) {
            i += Character.charCount(s.codePointAt(i));
        }
        return s.substring(i);
    }

    /** Go's unicode.IsSpace. */
    static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85;
    }

    private static boolean isComment(String line) {
        return trimLeadingWhitespace(line).startsWith("#");
    }

    /** Splits a logical line into keyword, flags and arguments, the arguments by the keyword's grammar. */
    private Instruction instruction(String line, int start, int end) {
        String trimmed = line.strip();
        String[] parts = WHITESPACE.split(trimmed, 2);
        String keyword = parts[0];
        List<String> flags = new ArrayList<>();
        String rest = "";
        if (parts.length == 2) {
            rest = extractFlags(parts[1], flags).strip();
        }
        Args args = switch (keyword.toLowerCase(Locale.ROOT)) {
            case "add", "copy", "volume" -> maybeJsonToList(rest);
            case "arg" -> new Args(parseWords(rest), false);
            case "cmd", "entrypoint", "run", "shell" -> maybeJson(rest);
            case "env" -> nameValues(rest, "ENV");
            case "label" -> nameValues(rest, "LABEL");
            case "expose", "from" -> new Args(whitespaceDelimited(rest), false);
            case "healthcheck" -> healthcheck(rest);
            case "maintainer", "stopsignal", "user", "workdir" -> new Args(rest.isEmpty() ? List.of() : List.of(rest), false);
            case "onbuild" -> {
                if (rest.isEmpty()) {
                    yield new Args(List.of(), false);
                }
                Instruction child = instruction(rest, start, end);
                yield new Args(List.of(), false, Optional.of(child));
            }
            default -> new Args(List.of(), false); // unknown: refused with a suggestion by CommandParser
        };
        return new Instruction(keyword, flags, args.values(), args.json(), List.of(), args.child(), line, start, end);
    }

    private record Args(List<String> values, boolean json, Optional<Instruction> child) {
        Args(List<String> values, boolean json) {
            this(values, json, Optional.empty());
        }
    }

    /** Takes the leading {@code --flag} words off {@code line}, adding them to {@code flags}; returns the rest. */
    private String extractFlags(String line, List<String> flags) {
        final int inSpaces = 0;
        final int inWord = 1;
        final int inQuote = 2;
        int phase = inSpaces;
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean blankOk = false;
        for (int pos = 0; pos <= line.length(); pos++) {
            char ch = pos < line.length() ? line.charAt(pos) : 0;
            if (phase == inSpaces) {
                if (pos == line.length()) {
                    break;
                }
                if (isSpace(ch)) {
                    continue;
                }
                if (ch != '-' || pos + 1 == line.length() || line.charAt(pos + 1) != '-') {
                    return line.substring(pos);
                }
                phase = inWord;
            }
            if (pos == line.length()) {
                String w = word.toString();
                if (!w.equals("--") && (blankOk || !w.isEmpty())) {
                    flags.add(w);
                }
                break;
            }
            if (phase == inWord) {
                if (isSpace(ch)) {
                    String w = word.toString();
                    phase = inSpaces;
                    if (w.equals("--")) {
                        return line.substring(pos);
                    }
                    if (blankOk || !w.isEmpty()) {
                        flags.add(w);
                    }
                    word.setLength(0);
                    blankOk = false;
                    continue;
                }
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                    blankOk = true;
                    phase = inQuote;
                    continue;
                }
                if (ch == escape) {
                    if (pos + 1 == line.length()) {
                        continue;
                    }
                    ch = line.charAt(++pos);
                }
                word.append(ch);
                continue;
            }
            // in quotes
            if (ch == quote) {
                phase = inWord;
                continue;
            }
            if (ch == escape) {
                if (pos + 1 == line.length()) {
                    phase = inWord;
                    continue;
                }
                ch = line.charAt(++pos);
            }
            word.append(ch);
        }
        return "";
    }

    /** Space-separated words, quotes and escapes kept in them (they are processed at expansion). */
    List<String> parseWords(String rest) {
        final int inSpaces = 0;
        final int inWord = 1;
        final int inQuote = 2;
        List<String> words = new ArrayList<>();
        int phase = inSpaces;
        int quote = 0;
        boolean blankOk = false;
        StringBuilder word = new StringBuilder();
        int[] cps = rest.codePoints().toArray();
        for (int pos = 0; pos <= cps.length; pos++) {
            int ch = pos < cps.length ? cps[pos] : 0;
            if (phase == inSpaces) {
                if (pos == cps.length) {
                    break;
                }
                if (isSpace(ch)) {
                    continue;
                }
                phase = inWord;
            }
            if (pos == cps.length) {
                if (blankOk || word.length() > 0) {
                    words.add(word.toString());
                }
                break;
            }
            if (phase == inWord) {
                if (isSpace(ch)) {
                    phase = inSpaces;
                    if (blankOk || word.length() > 0) {
                        words.add(word.toString());
                    }
                    word.setLength(0);
                    blankOk = false;
                    continue;
                }
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                    blankOk = true;
                    phase = inQuote;
                }
                if (ch == escape) {
                    if (pos + 1 == cps.length) {
                        continue;
                    }
                    // outside quotes the escape and the character it escapes are kept, quotes included
                    word.appendCodePoint(ch);
                    ch = cps[++pos];
                }
                word.appendCodePoint(ch);
                continue;
            }
            if (ch == quote) {
                phase = inWord;
            }
            if (ch == escape && quote != '\'') {
                if (pos + 1 == cps.length) {
                    phase = inWord;
                    continue;
                }
                word.appendCodePoint(ch);
                ch = cps[++pos];
            }
            word.appendCodePoint(ch);
        }
        return words;
    }

    /** {@code KEY=value …} as key, value, "=" triples; the legacy {@code KEY value} as key, value, "". */
    private Args nameValues(String rest, String instruction) {
        List<String> words = parseWords(rest);
        if (words.isEmpty()) {
            return new Args(List.of(), false);
        }
        if (!words.get(0).contains("=")) {
            String[] parts = WHITESPACE.split(rest, 2);
            if (parts.length < 2) {
                throw new SyntaxError(instruction + " must have two arguments");
            }
            return new Args(List.of(parts[0], parts[1], ""), false);
        }
        List<String> values = new ArrayList<>();
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq < 0) {
                throw new SyntaxError("Syntax error - can't find = in \"" + word + "\". Must be of the form: name=value");
            }
            values.add(word.substring(0, eq));
            values.add(word.substring(eq + 1));
            values.add("=");
        }
        return new Args(values, false);
    }

    private static List<String> whitespaceDelimited(String rest) {
        return rest.isEmpty() ? List.of() : List.of(WHITESPACE.split(rest, -1));
    }

    /** A JSON array of strings, or empty when the text is not one. */
    private static Optional<List<String>> json(String rest) {
        String text = trimLeadingWhitespace(rest);
        if (!text.startsWith("[")) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException notJson) {
            return Optional.empty();
        }
        if (node == null || !node.isArray()) {
            return Optional.empty();
        }
        List<String> values = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw new SyntaxError("when using JSON array syntax, arrays must be comprised of strings only");
            }
            values.add(element.asText());
        }
        return Optional.of(values);
    }

    private static Args maybeJson(String rest) {
        if (rest.isEmpty()) {
            return new Args(List.of(), false);
        }
        return json(rest).map(v -> new Args(v, true)).orElseGet(() -> new Args(List.of(rest), false));
    }

    private static Args maybeJsonToList(String rest) {
        return json(rest).map(v -> new Args(v, true)).orElseGet(() -> new Args(whitespaceDelimited(rest), false));
    }

    private static Args healthcheck(String rest) {
        int sep = 0;
        while (sep < rest.length() && !isSpace(rest.charAt(sep))) {
            sep++;
        }
        int next = sep;
        while (next < rest.length() && isSpace(rest.charAt(next))) {
            next++;
        }
        if (sep == 0) {
            return new Args(List.of(), false);
        }
        Args command = maybeJson(rest.substring(next));
        List<String> values = new ArrayList<>();
        values.add(rest.substring(0, sep));
        values.addAll(command.values());
        return new Args(values, command.json());
    }

    private static boolean canContainHeredoc(Instruction instruction) {
        Instruction target = instruction.keyword().equalsIgnoreCase("onbuild") && instruction.child().isPresent()
                ? instruction.child().get() : instruction;
        return HEREDOC_INSTRUCTIONS.contains(target.keyword().toLowerCase(Locale.ROOT)) && !target.json();
    }

    /** The here-documents a line opens, from its words of the form {@code [n]<<[-]WORD}. */
    private static List<Heredoc> heredocsFromLine(String line) {
        List<String> words;
        try {
            words = new ShellLex('\\').rawQuotes(true).rawEscapes(true).skipUnsetEnv(true)
                    .processWords(line, name -> Optional.empty());
        } catch (ShellLex.SubstitutionException e) {
            words = List.of(); // a line the lexer cannot split has no here-documents it could name
        }
        List<Heredoc> docs = new ArrayList<>();
        for (String word : words) {
            heredoc(word).ifPresent(docs::add);
        }
        return docs;
    }

    /**
     * The here-document a word opens, if it is one: {@code <<EOF}, {@code <<-EOF}, {@code <<"EOF"}
     * (quoted: the content is not expanded).
     */
    static Optional<Heredoc> heredoc(String word) {
        Matcher m = HEREDOC.matcher(word);
        if (!m.matches() || m.group(3).isEmpty()) {
            return Optional.empty();
        }
        String rest = m.group(3);
        ShellLex lex = new ShellLex('\\').skipUnsetEnv(true);
        List<String> plain = lex.processWords(rest, name -> Optional.empty());
        if (plain.size() != 1) {
            return Optional.empty();
        }
        List<String> raw = lex.rawQuotes(true).processWords(rest, name -> Optional.empty());
        if (raw.size() != plain.size()) {
            throw new SyntaxError("internal lexing of heredoc produced inconsistent results: " + rest);
        }
        String name = plain.get(0);
        boolean expand = quotes(name) == quotes(raw.get(0));
        return Optional.of(new Heredoc(name, "", expand, m.group(2).equals("-")));
    }

    private static long quotes(String s) {
        return s.chars().filter(c -> c == '\'' || c == '"').count();
    }

    /** A syntax error in one instruction; the caller adds the location. */
    private static final class SyntaxError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SyntaxError(String message) {
            super(message);
        }
    }
}
