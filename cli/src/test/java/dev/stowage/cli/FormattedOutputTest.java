package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormattedOutputTest {

    private static ObjectNode node(String a, String b) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("A", a);
        n.put("B", b);
        return n;
    }

    private static String print(String format) {
        StringWriter s = new StringWriter();
        FormattedOutput.of(format, "{{.A}}\t{{.B}}").print(new PrintWriter(s), List.of(node("x", "1"), node("a-long-value", "2")),
                node("COL A", "COL B"));
        return s.toString();
    }

    @Test
    void tableColumnsAreAtLeastTenWideWithThreeSpacesOfPadding() {
        assertEquals("COL A          COL B\nx              1\na-long-value   2\n", print(null));
    }

    @Test
    void tableKeywordAloneMeansTheDefaultColumns() {
        assertEquals(print(null), print("table"));
    }

    @Test
    void customTableTemplateGetsHeadersFromItsFields() {
        assertEquals("COL B     COL A\n1         x\n2         a-long-value\n", print("table {{.B}}\\t{{.A}}"));
    }

    @Test
    void bareTemplatePrintsOneLinePerRowWithoutHeader() {
        assertEquals("x=1\na-long-value=2\n", print("{{.A}}={{.B}}"));
    }

    @Test
    void jsonPrintsOneObjectPerLine() {
        assertEquals("{\"A\":\"x\",\"B\":\"1\"}\n{\"A\":\"a-long-value\",\"B\":\"2\"}\n", print("json"));
    }

    @Test
    void tableCellsShowControlCharactersEscapedAndAlignedAsShown() {
        StringWriter s = new StringWriter();
        FormattedOutput.of(null, "{{.A}}\t{{.B}}").print(new PrintWriter(s),
                List.of(node("\u001b[2J\tx", "\r\nstowage: fake")), node("COL A", "COL B"));

        assertEquals("COL A              COL B\n\\u001b[2J\\u0009x   \\u000d\\u000astowage: fake\n", s.toString());
    }
}
