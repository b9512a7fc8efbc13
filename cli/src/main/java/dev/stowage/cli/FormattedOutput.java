package dev.stowage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints rows with docker's {@code --format} rules: {@code table} (the command's default
 * columns), {@code table TEMPLATE} (a header row, columns aligned as Go's tabwriter aligns them:
 * at least 10 wide, 3 spaces of padding), {@code json} (one JSON object per line) or a bare
 * template (one line per row). {@code \t} and {@code \n} written literally in a format are
 * turned into tab and newline, as docker does.
 */
final class FormattedOutput {
    private static final int MIN_WIDTH = 10;
    private static final int PADDING = 3;

    private final String template;
    private final boolean table;

    private FormattedOutput(String template, boolean table) {
        this.template = template;
        this.table = table;
    }

    /**
     * @param format what the user gave with {@code --format}, or null
     * @param defaultTable the command's table template, used for {@code table} and no format
     */
    static FormattedOutput of(String format, String defaultTable) {
        String f = format == null || format.isEmpty() || format.equals("table") ? "table " + defaultTable : format;
        boolean table = f.startsWith("table");
        String template = table ? f.substring("table".length()) : f.equals("json") ? "{{json .}}" : f;
        template = strip(template).replace("\\t", "\t").replace("\\n", "\n");
        return new FormattedOutput(template, table);
    }

    private static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == ' ') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(start, end);
    }

    /**
     * @param headers field name to column title, used to render the header row of a table
     * @throws IllegalArgumentException if the template is invalid or names a field rows do not have
     */
    void print(PrintWriter out, List<? extends JsonNode> rows, ObjectNode headers) {
        GoTemplate parsed = GoTemplate.parse(template);
        StringBuilder text = new StringBuilder();
        for (JsonNode row : rows) {
            text.append(parsed.render(row)).append('\n');
        }
        if (table) {
            out.print(align(parsed.render(headers) + "\n" + text));
        } else {
            out.print(text);
        }
        out.flush();
    }

    /** Go's {@code tabwriter} with minwidth 10, tabwidth 1, padding 3, padding with spaces. */
    static String align(String text) {
        List<String[]> lines = new ArrayList<>();
        String[] split = text.split("\n", -1);
        for (int i = 0; i < split.length; i++) {
            if (i == split.length - 1 && split[i].isEmpty()) {
                break; // the text ended with a newline
            }
            lines.add(split[i].split("\t", -1));
        }
        int[][] widths = new int[lines.size()][];
        for (int i = 0; i < lines.size(); i++) {
            widths[i] = new int[Math.max(0, lines.get(i).length - 1)];
        }
        int columns = lines.stream().mapToInt(l -> l.length - 1).max().orElse(0);
        for (int col = 0; col < columns; col++) {
            int start = 0;
            while (start < lines.size()) {
                if (lines.get(start).length - 1 <= col) {
                    start++;
                    continue;
                }
                int end = start;
                int width = MIN_WIDTH;
                while (end < lines.size() && lines.get(end).length - 1 > col) {
                    width = Math.max(width, length(lines.get(end)[col]) + PADDING);
                    end++;
                }
                for (int i = start; i < end; i++) {
                    widths[i][col] = width;
                }
                start = end;
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String[] cells = lines.get(i);
            for (int col = 0; col < cells.length; col++) {
                out.append(cells[col]);
                if (col < cells.length - 1) {
                    out.append(" ".repeat(widths[i][col] - length(cells[col])));
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static int length(String cell) {
        return cell.codePointCount(0, cell.length());
    }
}
