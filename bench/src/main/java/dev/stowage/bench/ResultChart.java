package dev.stowage.bench;

import dev.stowage.bench.ResultTable.Ratio;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's table as a picture: per operation, one horizontal bar per tool, its median
 * time over the baseline's (skopeo's or podman's = 1.0) on a logarithmic axis, so "twice as
 * fast" and "twice as slow" look alike in size. Bars left of the 1.0 line are ahead of the
 * baseline. On operations that move enough bytes, a tick marks each of the machine's ceilings:
 * the time those bytes take at that rate, over the baseline's time. Plain SVG, written without a
 * library (a few rectangles and lines need none), readable in any browser and on GitHub.
 */
final class ResultChart {
    /** A ceiling drawn on the operations that move bulk data: its name and rate. */
    record Ceiling(String name, double mbPerSecond) {
    }

    private static final double MIN_RATIO = 0.1;
    private static final double MAX_RATIO = 30;
    private static final int LABEL_WIDTH = 380;
    private static final int PLOT_WIDTH = 520;
    private static final int RIGHT_MARGIN = 70;
    private static final int BAR = 11;
    private static final int BAR_GAP = 2;
    private static final int GROUP_GAP = 12;
    private static final int TOP = 56;
    private static final long BULK_BYTES = 50_000_000;
    private static final String BASELINE_COLOR = "#bdbdbd";
    private static final String[] PALETTE = {"#1f77b4", "#6baed6", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
    private static final String[] CEILING_COLORS = {"#d62728", "#e377c2", "#7f7f7f"};

    private ResultChart() {
    }

    /**
     * @param title the line above the chart (images, runs, versions)
     * @param ceilings the machine's ceilings, marked on operations whose baseline moved bulk data
     */
    static String svg(String title, ResultTable table, List<Ceiling> ceilings) {
        Map<String, List<Ratio>> byOperation = new LinkedHashMap<>();
        for (Ratio r : table.ratios()) {
            byOperation.computeIfAbsent(r.operation(), k -> new ArrayList<>()).add(r);
        }
        Map<String, String> colors = new LinkedHashMap<>();
        int next = 0;
        for (Ratio r : table.ratios()) {
            if (!colors.containsKey(r.tool())) {
                colors.put(r.tool(), r.baseline() ? BASELINE_COLOR : PALETTE[next++ % PALETTE.length]);
            }
        }
        int plotBottom = TOP + byOperation.values().stream().mapToInt(l -> l.size() * (BAR + BAR_GAP) + GROUP_GAP).sum();
        int height = plotBottom + 20 + 16 * (colors.size() + ceilings.size());
        int width = LABEL_WIDTH + PLOT_WIDTH + RIGHT_MARGIN;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">%n", width, height, width, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        svg.append(text(8, 16, "bold", "13", "Time relative to the baseline (skopeo, podman build = 1.0); shorter is faster"));
        svg.append(text(8, 32, "normal", "10", title));
        axis(svg, plotBottom);
        int y = TOP;
        for (Map.Entry<String, List<Ratio>> group : byOperation.entrySet()) {
            int groupTop = y;
            for (Ratio r : group.getValue()) {
                double clamped = Math.max(MIN_RATIO, Math.min(MAX_RATIO, r.ratio()));
                int x0 = x(MIN_RATIO);
                svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%s: %s</title></rect>%n",
                        x0, y, Math.max(1, x(clamped) - x0), BAR, colors.get(r.tool()), escape(r.tool()),
                        ratio(r.ratio())));
                svg.append(text(x(clamped) + 4, y + BAR - 2, "normal", "10", ratio(r.ratio())));
                y += BAR + BAR_GAP;
            }
            svg.append(text(8, groupTop + BAR, "normal", "11", shorten(group.getKey())));
            ceilingTicks(svg, table, group.getKey(), ceilings, groupTop, y - BAR_GAP);
            y += GROUP_GAP;
        }
        y += 8;
        for (Map.Entry<String, String> tool : colors.entrySet()) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"10\" fill=\"%s\"/>%n",
                    LABEL_WIDTH, y, tool.getValue()));
            svg.append(text(LABEL_WIDTH + 18, y + 9, "normal", "11", tool.getKey()));
            y += 16;
        }
        for (int i = 0; i < ceilings.size(); i++) {
            Ceiling c = ceilings.get(i);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                    + "stroke-width=\"2\" stroke-dasharray=\"3,2\"/>%n", LABEL_WIDTH + 6, y, LABEL_WIDTH + 6, y + 10,
                    CEILING_COLORS[i % CEILING_COLORS.length]));
            svg.append(text(LABEL_WIDTH + 18, y + 9, "normal", "11", String.format(Locale.ROOT,
                    "ceiling: %s, %.0f MB/s (the time its bytes take at that rate)", c.name(), c.mbPerSecond())));
            y += 16;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** Grid lines at 0.1, 0.2, 0.5, 1, 2, 5, 10, 20 and the 1.0 line, drawn stronger. */
    private static void axis(StringBuilder svg, int bottom) {
        double[] ticks = {0.1, 0.2, 0.5, 1, 2, 5, 10, 20};
        for (double t : ticks) {
            boolean one = t == 1;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                    + "stroke-width=\"%s\"/>%n", x(t), TOP - 8, x(t), bottom, one ? "#000" : "#ddd",
                    one ? "1.5" : "1"));
            svg.append(text(x(t) - 8, TOP - 12, one ? "bold" : "normal", "10", ratio(t)));
        }
    }

    private static void ceilingTicks(StringBuilder svg, ResultTable table, String operation, List<Ceiling> ceilings,
            int top, int bottom) {
        table.baselineRun(operation).filter(run -> run.bytes() >= BULK_BYTES).ifPresent(run -> {
            for (int i = 0; i < ceilings.size(); i++) {
                double seconds = run.bytes() / 1e6 / ceilings.get(i).mbPerSecond();
                double r = seconds / (run.nanos() / 1e9);
                if (r >= MIN_RATIO && r <= MAX_RATIO) {
                    svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                            + "stroke-width=\"2\" stroke-dasharray=\"3,2\"><title>%s: %s</title></line>%n", x(r),
                            top - 2, x(r), bottom + 2, CEILING_COLORS[i % CEILING_COLORS.length],
                            escape(ceilings.get(i).name()), ratio(r)));
                }
            }
        });
    }

    private static int x(double ratio) {
        return LABEL_WIDTH + (int) Math.round(PLOT_WIDTH * Math.log(ratio / MIN_RATIO) / Math.log(MAX_RATIO / MIN_RATIO));
    }

    private static String ratio(double r) {
        return String.format(Locale.ROOT, r < 10 ? "%.2f×" : "%.1f×", r);
    }

    private static String shorten(String operation) {
        String plain = operation.replace("`", "");
        return plain.length() <= 62 ? plain : plain.substring(0, 60) + "…";
    }

    private static String text(int x, int y, String weight, String size, String content) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"%s\" font-size=\"%s\">%s</text>%n",
                x, y, weight, size, escape(content));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
