package dev.stowage.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.stowage.core.SafeText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The part of Go's {@code text/template} that docker's {@code --format} is used with, applied to
 * a JSON tree: text; {@code {{.}}}; field paths {@code {{.Config.Env}}}; pipelines
 * {@code {{.RepoTags | json}}}; functions {@code json}, {@code join}, {@code index}, {@code len},
 * {@code upper}, {@code lower}, {@code title}, {@code split}, {@code println}, {@code eq},
 * {@code ne}, {@code not}; {@code if}/{@code else}, {@code range} and {@code with} blocks ending
 * in {@code end}; and {@code {{-}}} / {@code -}}} whitespace trimming. Values print as Go prints
 * them: lists as {@code [a b]}, maps as {@code map[k:v]}, a missing value as {@code <no value>}.
 *
 * <p>What the data holds (tags, labels, history steps, a registry's media types) is written
 * through {@link SafeText#line}, so it cannot act on the terminal or add lines; the template's
 * own text, string literals included ({@code {{join .RepoTags "\n"}}}), is the user's and is
 * written as given. Blocks nest at most {@value #MAX_NESTING} deep.
 *
 * <pre>{@code
 * GoTemplate.parse("{{.Repository}}:{{.Tag}}").render(row)   // "127.0.0.1:5000/app:1"
 * }</pre>
 */
final class GoTemplate {
    /** Far beyond any real format, and far below the depth at which parsing would overflow the stack. */
    static final int MAX_NESTING = 100;
    private static final int QUOTED_SOURCE_LENGTH = 200;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String source;
    private final List<Node> nodes;

    private GoTemplate(String source, List<Node> nodes) {
        this.source = source;
        this.nodes = nodes;
    }

    /** @throws IllegalArgumentException naming the problem if the template cannot be parsed */
    static GoTemplate parse(String source) {
        Parser parser = new Parser(source);
        List<Node> nodes = parser.nodes(false);
        if (parser.pendingKeyword != null) {
            throw parser.error("unexpected {{" + parser.pendingKeyword + "}}");
        }
        return new GoTemplate(source, nodes);
    }

    /** @throws IllegalArgumentException if a field does not exist or a function is misused */
    String render(JsonNode data) {
        StringBuilder out = new StringBuilder();
        for (Node node : nodes) {
            node.render(data, out);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return source;
    }

    /** Go's {@code json.Marshal}: compact, with {@code <}, {@code >}, {@code &} escaped. */
    static String json(JsonNode value) {
        try {
            String json = MAPPER.writeValueAsString(value.isMissingNode() ? NODES.nullNode() : GoValues.withoutOmitted(value));
            return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    /** How a value is written into the output: as {@link #print}, with the data's text escaped. */
    private static String show(JsonNode value) {
        if (value instanceof Literal || value instanceof Printed) {
            return value.asText();
        }
        if (value != null && value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(v -> items.add(show(v)));
            return "[" + String.join(" ", items) + "]";
        }
        if (value != null && value.isObject()) {
            Map<String, String> sorted = new TreeMap<>();
            value.fields().forEachRemaining(e -> sorted.put(e.getKey(), show(e.getValue())));
            List<String> items = new ArrayList<>();
            sorted.forEach((k, v) -> items.add(SafeText.line(k) + ":" + v));
            return "map[" + String.join(" ", items) + "]";
        }
        return SafeText.line(print(value));
    }

    /** How Go's template prints a value. */
    static String print(JsonNode value) {
        if (value instanceof GoValues.Nil nil) {
            return nil.printed();
        }
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "<no value>";
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(v -> items.add(print(v)));
            return "[" + String.join(" ", items) + "]";
        }
        if (value.isObject()) {
            Map<String, String> sorted = new TreeMap<>();
            value.fields().forEachRemaining(e -> sorted.put(e.getKey(), print(e.getValue())));
            List<String> items = new ArrayList<>();
            sorted.forEach((k, v) -> items.add(k + ":" + v));
            return "map[" + String.join(" ", items) + "]";
        }
        return value.asText();
    }

    private static boolean truthy(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isNumber()) {
            return value.asDouble() != 0;
        }
        if (value.isTextual()) {
            return !value.asText().isEmpty();
        }
        return !value.isEmpty();
    }

    // ---- values

    /** A string literal of the template: the user's own text, written as given. */
    private static final class Literal extends TextNode {
        Literal(String text) {
            super(text);
        }
    }

    /** Text a function has already made safe to write ({@code json}, {@code join}, {@code println}). */
    private static final class Printed extends TextNode {
        Printed(String text) {
            super(text);
        }
    }

    // ---- tree

    private interface Node {
        void render(JsonNode dot, StringBuilder out);
    }

    private record Text(String text) implements Node {
        @Override
        public void render(JsonNode dot, StringBuilder out) {
            out.append(text);
        }
    }

    private record Action(Pipeline pipeline) implements Node {
        @Override
        public void render(JsonNode dot, StringBuilder out) {
            out.append(show(pipeline.evaluate(dot)));
        }
    }

    private record Block(String keyword, Pipeline pipeline, List<Node> body, List<Node> otherwise) implements Node {
        @Override
        public void render(JsonNode dot, StringBuilder out) {
            JsonNode value = pipeline.evaluate(dot);
            switch (keyword) {
                case "if" -> renderAll(truthy(value) ? body : otherwise, dot, out);
                case "with" -> {
                    if (truthy(value)) {
                        renderAll(body, value, out);
                    } else {
                        renderAll(otherwise, dot, out);
                    }
                }
                default -> { // range
                    if (!truthy(value)) {
                        renderAll(otherwise, dot, out);
                    } else if (value.isObject()) {
                        Map<String, JsonNode> sorted = new TreeMap<>();
                        value.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
                        sorted.values().forEach(v -> renderAll(body, v, out));
                    } else if (value.isArray()) {
                        value.forEach(v -> renderAll(body, v, out));
                    } else {
                        throw new IllegalArgumentException("template: range can't iterate over " + print(value));
                    }
                }
            }
        }

        private static void renderAll(List<Node> nodes, JsonNode dot, StringBuilder out) {
            nodes.forEach(n -> n.render(dot, out));
        }
    }

    /** Commands separated by {@code |}; each command's value becomes the last argument of the next. */
    private record Pipeline(List<List<Token>> commands) {
        JsonNode evaluate(JsonNode dot) {
            JsonNode piped = null;
            for (List<Token> command : commands) {
                piped = evaluate(command, dot, piped);
            }
            return piped;
        }

        private static JsonNode evaluate(List<Token> command, JsonNode dot, JsonNode piped) {
            Token head = command.get(0);
            if (head.kind() != Kind.IDENTIFIER) {
                if (command.size() > 1 || piped != null) {
                    throw new IllegalArgumentException("template: can't give arguments to non-function " + head.text());
                }
                return head.value(dot);
            }
            List<JsonNode> args = new ArrayList<>();
            command.subList(1, command.size()).forEach(t -> args.add(t.value(dot)));
            if (piped != null) {
                args.add(piped);
            }
            return call(head.text(), args);
        }
    }

    private static JsonNode call(String function, List<JsonNode> args) {
        return switch (function) {
            case "json" -> new Printed(SafeText.line(json(one(function, args))));
            case "upper" -> TextNode.valueOf(print(one(function, args)).toUpperCase(Locale.ROOT));
            case "lower" -> TextNode.valueOf(print(one(function, args)).toLowerCase(Locale.ROOT));
            case "title" -> TextNode.valueOf(title(print(one(function, args))));
            case "len" -> IntNode.valueOf(one(function, args).isTextual() ? one(function, args).asText().length()
                    : one(function, args).size());
            case "not" -> BooleanNode.valueOf(!truthy(one(function, args)));
            case "println" -> new Printed(String.join(" ", args.stream().map(GoTemplate::show).toList()) + "\n");
            case "join" -> {
                arity(function, args, 2);
                List<String> items = new ArrayList<>();
                args.get(0).forEach(v -> items.add(show(v)));
                yield new Printed(String.join(show(args.get(1)), items));
            }
            case "split" -> {
                arity(function, args, 2);
                ArrayNode parts = NODES.arrayNode();
                for (String part : args.get(0).asText().split(java.util.regex.Pattern.quote(args.get(1).asText()), -1)) {
                    parts.add(part);
                }
                yield parts;
            }
            case "index" -> {
                if (args.size() < 2) {
                    throw new IllegalArgumentException("template: index needs a value and at least one key");
                }
                JsonNode value = args.get(0);
                for (JsonNode key : args.subList(1, args.size())) {
                    // a map's missing key is the zero value of its values (docker's maps hold strings)
                    boolean map = value.isObject() || value instanceof GoValues.Nil;
                    value = key.isNumber() ? value.path(key.asInt()) : value.path(key.asText());
                    if (map && value.isMissingNode()) {
                        value = TextNode.valueOf("");
                    }
                }
                yield value;
            }
            case "eq", "ne" -> {
                arity(function, args, 2);
                boolean equal = args.get(0).equals(args.get(1))
                        || args.get(0).isValueNode() && args.get(1).isValueNode() && args.get(0).asText().equals(args.get(1).asText());
                yield BooleanNode.valueOf(function.equals("eq") == equal);
            }
            default -> throw new IllegalArgumentException("template: function \"" + function + "\" not defined");
        };
    }

    private static JsonNode one(String function, List<JsonNode> args) {
        arity(function, args, 1);
        return args.get(0);
    }

    private static void arity(String function, List<JsonNode> args, int n) {
        if (args.size() != n) {
            throw new IllegalArgumentException("template: wrong number of args for " + function + ": want " + n
                    + " got " + args.size());
        }
    }

    private static String title(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean start = true;
        for (char c : text.toCharArray()) {
            out.append(start ? Character.toTitleCase(c) : c);
            start = !Character.isLetterOrDigit(c);
        }
        return out.toString();
    }

    // ---- parsing

    private enum Kind { FIELD, STRING, NUMBER, BOOLEAN, IDENTIFIER }

    private record Token(Kind kind, String text) {
        JsonNode value(JsonNode dot) {
            return switch (kind) {
                case STRING -> new Literal(text);
                case NUMBER -> IntNode.valueOf(Integer.parseInt(text));
                case BOOLEAN -> BooleanNode.valueOf(Boolean.parseBoolean(text));
                case FIELD -> field(dot);
                case IDENTIFIER -> call(text, List.of());
            };
        }

        private JsonNode field(JsonNode dot) {
            JsonNode value = dot;
            if (text.equals(".")) {
                return value;
            }
            for (String name : text.substring(1).split("\\.", -1)) {
                if (value == null || value.isMissingNode() || value.isNull()) {
                    return MissingNode.getInstance();
                }
                if (!value.isObject()) {
                    throw new IllegalArgumentException("template: can't evaluate field " + name + " in " + print(value));
                }
                if (!value.has(name) && value instanceof GoValues.GoMap) {
                    return MissingNode.getInstance(); // a map's missing key, not a struct's missing field
                }
                if (!value.has(name)) {
                    throw new IllegalArgumentException("template: executing \"" + text + "\": no field \"" + name + "\"");
                }
                value = value.get(name);
            }
            return value;
        }
    }

    private static final class Parser {
        private final String source;
        private int pos;
        private boolean trimNextText;
        private int depth;
        String pendingKeyword;

        Parser(String source) {
            this.source = source;
        }

        IllegalArgumentException error(String what) {
            String quoted = source.length() <= QUOTED_SOURCE_LENGTH ? source
                    : source.substring(0, QUOTED_SOURCE_LENGTH) + "...(" + (source.length() - QUOTED_SOURCE_LENGTH)
                    + " more characters)";
            return new IllegalArgumentException("template parsing error: " + what + " in \"" + quoted + "\"");
        }

        /** Nodes up to the end, or up to an {@code else}/{@code end} when inside a block (left in {@link #pendingKeyword}). */
        List<Node> nodes(boolean inBlock) {
            List<Node> nodes = new ArrayList<>();
            while (pos < source.length()) {
                int open = source.indexOf("{{", pos);
                String text = source.substring(pos, open < 0 ? source.length() : open);
                boolean trimBefore = open >= 0 && source.startsWith("{{-", open) && open + 3 < source.length()
                        && Character.isWhitespace(source.charAt(open + 3));
                if (trimNextText) {
                    text = text.stripLeading();
                    trimNextText = false;
                }
                if (trimBefore) {
                    text = text.stripTrailing();
                }
                if (!text.isEmpty()) {
                    nodes.add(new Text(text));
                }
                if (open < 0) {
                    pos = source.length();
                    break;
                }
                int close = closing(open);
                String content = source.substring(open + (trimBefore ? 3 : 2), close);
                if (content.length() >= 2 && content.endsWith("-") && Character.isWhitespace(content.charAt(content.length() - 2))) {
                    content = content.substring(0, content.length() - 1);
                    trimNextText = true;
                }
                pos = close + 2;
                List<Token> tokens = tokenize(content.strip());
                if (tokens.isEmpty()) {
                    throw error("missing value for command");
                }
                String first = tokens.get(0).kind() == Kind.IDENTIFIER ? tokens.get(0).text() : "";
                switch (first) {
                    case "else", "end" -> {
                        if (!inBlock) {
                            throw error("unexpected {{" + first + "}}");
                        }
                        pendingKeyword = first;
                        return nodes;
                    }
                    case "if", "range", "with" -> nodes.add(block(first, tokens.subList(1, tokens.size())));
                    default -> nodes.add(new Action(pipeline(tokens)));
                }
            }
            if (inBlock) {
                throw error("unexpected EOF: a block is missing its {{end}}");
            }
            return nodes;
        }

        private Block block(String keyword, List<Token> tokens) {
            if (++depth > MAX_NESTING) {
                throw error("{{" + keyword + "}} blocks nested more than " + MAX_NESTING + " deep (the limit)");
            }
            Pipeline pipeline = pipeline(tokens);
            List<Node> body = nodes(true);
            List<Node> otherwise = List.of();
            if ("else".equals(pendingKeyword)) {
                pendingKeyword = null;
                otherwise = nodes(true);
            }
            if (!"end".equals(pendingKeyword)) {
                throw error("{{" + keyword + "}} is missing its {{end}}");
            }
            pendingKeyword = null;
            depth--;
            return new Block(keyword, pipeline, body, otherwise);
        }

        private Pipeline pipeline(List<Token> tokens) {
            if (tokens.isEmpty()) {
                throw error("missing value");
            }
            List<List<Token>> commands = new ArrayList<>();
            List<Token> current = new ArrayList<>();
            for (Token t : tokens) {
                if (t.kind() == Kind.IDENTIFIER && t.text().equals("|")) {
                    if (current.isEmpty()) {
                        throw error("missing command before |");
                    }
                    commands.add(current);
                    current = new ArrayList<>();
                } else {
                    current.add(t);
                }
            }
            if (current.isEmpty()) {
                throw error("missing command after |");
            }
            commands.add(current);
            return new Pipeline(commands);
        }

        /** The index of the {@code }}} closing the action opened at {@code open}, skipping string literals. */
        private int closing(int open) {
            int i = open + 2;
            while (i < source.length() - 1) {
                char c = source.charAt(i);
                if (c == '"' || c == '`') {
                    i = endOfString(i);
                } else if (c == '}' && source.charAt(i + 1) == '}') {
                    return i;
                } else {
                    i++;
                }
            }
            throw error("unclosed action");
        }

        private int endOfString(int start) {
            char quote = source.charAt(start);
            int i = start + 1;
            while (i < source.length()) {
                char c = source.charAt(i);
                if (c == '\\' && quote == '"') {
                    i += 2;
                } else if (c == quote) {
                    return i + 1;
                } else {
                    i++;
                }
            }
            throw error("unterminated quoted string");
        }

        private List<Token> tokenize(String action) {
            List<Token> tokens = new ArrayList<>();
            int i = 0;
            while (i < action.length()) {
                char c = action.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '|') {
                    tokens.add(new Token(Kind.IDENTIFIER, "|"));
                    i++;
                } else if (c == '"' || c == '`') {
                    int end = i + 1;
                    StringBuilder text = new StringBuilder();
                    while (end < action.length() && action.charAt(end) != c) {
                        char ch = action.charAt(end);
                        if (ch == '\\' && c == '"' && end + 1 < action.length()) {
                            char next = action.charAt(++end);
                            text.append(switch (next) {
                                case 'n' -> '\n';
                                case 't' -> '\t';
                                default -> next;
                            });
                        } else {
                            text.append(ch);
                        }
                        end++;
                    }
                    if (end >= action.length()) {
                        throw error("unterminated quoted string");
                    }
                    tokens.add(new Token(Kind.STRING, text.toString()));
                    i = end + 1;
                } else {
                    int end = i;
                    while (end < action.length() && !Character.isWhitespace(action.charAt(end)) && action.charAt(end) != '|') {
                        end++;
                    }
                    tokens.add(word(action.substring(i, end)));
                    i = end;
                }
            }
            return tokens;
        }

        private Token word(String word) {
            if (word.startsWith(".")) {
                if (!word.equals(".") && !word.matches("(\\.[A-Za-z_][A-Za-z0-9_]*)+")) {
                    throw error("bad field \"" + word + "\"");
                }
                return new Token(Kind.FIELD, word);
            }
            if (word.matches("-?\\d{1,9}")) {
                return new Token(Kind.NUMBER, word);
            }
            if (word.equals("true") || word.equals("false")) {
                return new Token(Kind.BOOLEAN, word);
            }
            if (word.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                return new Token(Kind.IDENTIFIER, word);
            }
            throw error("unexpected \"" + word + "\"");
        }
    }
}
