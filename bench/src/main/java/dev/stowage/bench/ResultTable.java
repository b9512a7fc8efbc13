package dev.stowage.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.ToLongFunction;

/**
 * The benchmark's one markdown table: per operation and tool, the median wall time and its
 * range, peak RSS, body bytes up and down, requests, and the ratio of the tool's median to the
 * operation's baseline's (skopeo's, or Distribution's for the test-kit row).
 */
final class ResultTable {
    private record Key(String operation, String tool) {
    }

    private final Map<Key, List<Sample>> samples = new LinkedHashMap<>();
    private final Map<String, String> baselines = new LinkedHashMap<>();

    /** @param baseline whether {@code tool} is the one the operation's other tools are compared with */
    void add(String operation, String tool, Sample sample, boolean baseline) {
        samples.computeIfAbsent(new Key(operation, tool), k -> new ArrayList<>()).add(sample);
        if (baseline) {
            baselines.put(operation, tool);
        }
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append("| operation | tool | median | min–max | peak RSS | bytes up / down | requests | ÷ baseline |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        samples.forEach((key, list) -> {
            long median = median(list, Sample::nanos);
            long up = median(list, Sample::bytesUp);
            long down = median(list, Sample::bytesDown);
            long min = list.stream().mapToLong(Sample::nanos).min().orElseThrow();
            long max = list.stream().mapToLong(Sample::nanos).max().orElseThrow();
            OptionalLong rss = list.stream().map(Sample::peakRssKb).filter(OptionalLong::isPresent)
                    .mapToLong(OptionalLong::getAsLong).max();
            out.append("| ").append(key.operation())
                    .append(" | ").append(key.tool())
                    .append(" | ").append(seconds(median)).append(throughput(up + down, median))
                    .append(" | ").append(seconds(min)).append("–").append(seconds(max))
                    .append(" | ").append(rss.isPresent() ? bytes(rss.getAsLong() * 1024) : "— (in the bench JVM)")
                    .append(" | ").append(bytes(up)).append(" / ").append(bytes(down))
                    .append(" | ").append(median(list, s -> s.requests()))
                    .append(" | ").append(ratio(key, median))
                    .append(" |\n");
        });
        return out.toString();
    }

    /** One bar of the chart: a tool's median over its operation's baseline's (the baseline itself 1.0). */
    record Ratio(String operation, String tool, double ratio, boolean baseline) {
    }

    /** Every tool's ratio, in the table's order; operations without a baseline are left out. */
    List<Ratio> ratios() {
        List<Ratio> ratios = new ArrayList<>();
        samples.forEach((key, list) -> {
            String baseline = baselines.get(key.operation());
            if (baseline != null) {
                double base = median(samples.get(new Key(key.operation(), baseline)), Sample::nanos);
                ratios.add(new Ratio(key.operation(), key.tool(), median(list, Sample::nanos) / base,
                        baseline.equals(key.tool())));
            }
        });
        return ratios;
    }

    /** A baseline's median run: its time and the body bytes it moved, up and down. */
    record BaselineRun(long nanos, long bytes) {
    }

    /** The operation's baseline's median run, when it has one. */
    Optional<BaselineRun> baselineRun(String operation) {
        String baseline = baselines.get(operation);
        List<Sample> list = baseline == null ? null : samples.get(new Key(operation, baseline));
        if (list == null) {
            return Optional.empty();
        }
        return Optional.of(new BaselineRun(median(list, Sample::nanos),
                median(list, Sample::bytesUp) + median(list, Sample::bytesDown)));
    }

    private String ratio(Key key, long median) {
        String baseline = baselines.get(key.operation());
        if (baseline == null || baseline.equals(key.tool())) {
            return "";
        }
        List<Sample> base = samples.get(new Key(key.operation(), baseline));
        return String.format(Locale.ROOT, "%.2f×", (double) median / median(base, Sample::nanos));
    }

    private static long median(List<Sample> list, ToLongFunction<Sample> value) {
        long[] v = list.stream().mapToLong(value).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static String seconds(long nanos) {
        double s = nanos / 1e9;
        return String.format(Locale.ROOT, s < 10 ? "%.3f s" : "%.1f s", s);
    }

    /** MB/s when the operation moved enough bytes for a rate to mean something. */
    private static String throughput(long bytes, long nanos) {
        return bytes < 50_000_000 ? "" : String.format(Locale.ROOT, " (%.0f MB/s)", bytes / 1e6 / (nanos / 1e9));
    }

    /** Decimal units, as docker and skopeo print sizes. */
    static String bytes(long n) {
        if (n < 1000) {
            return n + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = n;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.2f %s" : v < 100 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }
}
