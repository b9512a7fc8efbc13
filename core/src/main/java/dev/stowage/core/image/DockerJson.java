package dev.stowage.core.image;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes JSON the way the docker CLI prints it (Go's {@code json.MarshalIndent} with four
 * spaces): {@code "key": value}, empty arrays and objects as {@code []} and {@code {}}, and
 * {@code <}, {@code >}, {@code &} escaped as {@code \u003c}, {@code \u003e}, {@code \u0026}.
 */
public final class DockerJson {
    private static final String INDENT = "    ";

    private DockerJson() {
    }

    public static String indented(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out, "");
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out, String indent) {
        if (node.isObject()) {
            if (node.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append("{\n");
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                out.append(indent).append(INDENT).append(quote(field.getKey())).append(": ");
                write(field.getValue(), out, indent + INDENT);
                out.append(fields.hasNext() ? ",\n" : "\n");
            }
            out.append(indent).append('}');
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append("[\n");
            for (int i = 0; i < node.size(); i++) {
                out.append(indent).append(INDENT);
                write(node.get(i), out, indent + INDENT);
                out.append(i + 1 < node.size() ? ",\n" : "\n");
            }
            out.append(indent).append(']');
        } else if (node.isTextual()) {
            out.append(quote(node.asText()));
        } else {
            out.append(node.toString()); // numbers, booleans, null
        }
    }

    public static String quote(String text) {
        String escaped = new String(JsonStringEncoder.getInstance().quoteAsString(text));
        return '"' + escaped.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029") + '"';
    }

    /** Go's RFC3339Nano: fraction without trailing zeros. */
    public static String rfc3339Nano(Instant t) {
        String base = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC).format(t);
        if (t.getNano() == 0) {
            return base + "Z";
        }
        String fraction = String.format("%09d", t.getNano()).replaceAll("0+$", "");
        return base + "." + fraction + "Z";
    }
}
