package dev.stowage.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ResultChartTest {
    private static final long SECOND = 1_000_000_000L;

    private static ResultTable table() {
        ResultTable table = new ResultTable();
        table.add("start-up", "stowage (CLI)", new Sample(SECOND / 10, OptionalLong.of(60_000), 0, 0, 0), false);
        table.add("start-up", "skopeo", new Sample(SECOND / 100, OptionalLong.of(20_000), 0, 0, 0), true);
        table.add("pull big", "stowage (CLI)", new Sample(3 * SECOND, OptionalLong.of(90_000), 0, 1_000_000_000, 5), false);
        table.add("pull big", "stowage (in-process)", new Sample(2 * SECOND, OptionalLong.empty(), 0, 1_000_000_000, 5), false);
        table.add("pull big", "skopeo", new Sample(4 * SECOND, OptionalLong.of(30_000), 0, 1_000_000_000, 5), true);
        return table;
    }

    private static int count(String svg, String regex) {
        return (int) Pattern.compile(regex).matcher(svg).results().count();
    }

    @Test
    void drawsOneBarPerToolAndOperationTheBaselineAtOne() {
        String svg = ResultChart.svg("title", table(), List.of());

        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), svg);
        assertEquals(5, count(svg, "<rect [^>]*><title>"), svg);
        assertEquals(2, count(svg, "<title>skopeo: 1\\.00×</title>"), svg);
        assertTrue(svg.contains("<title>stowage (CLI): 10.0×</title>"), svg);
        assertTrue(svg.contains("<title>stowage (in-process): 0.50×</title>"), svg);
    }

    @Test
    void marksCeilingsOnlyOnOperationsMovingBulkData() {
        // 1 GB at 500 MB/s is 2 s, half of skopeo's 4 s
        String svg = ResultChart.svg("title", table(), List.of(new ResultChart.Ceiling("SHA-256", 500)));

        assertEquals(1, count(svg, "<line [^>]*><title>SHA-256: 0\\.50×</title>"), svg);
        assertTrue(svg.contains("ceiling: SHA-256, 500 MB/s"), svg);
    }

    @Test
    void escapesTextFromOperationNames() {
        ResultTable table = new ResultTable();
        table.add("a <b> & c", "x", new Sample(SECOND, OptionalLong.empty(), 0, 0, 0), true);

        String svg = ResultChart.svg("t", table, List.of());

        assertTrue(svg.contains("a &lt;b&gt; &amp; c"), svg);
        assertFalse(svg.contains("<b>"), svg);
    }
}
