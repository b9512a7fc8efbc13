package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class GoTemplateTest {
    private static final JsonNode DATA = read("{\"Repository\":\"127.0.0.1:5000/app\",\"Tag\":\"1\",\"Digest\":\"<none>\","
            + "\"Config\":{\"Env\":[\"A=1\",\"B=2\"],\"Labels\":{\"z\":\"last\",\"a\":\"first\"},\"Volumes\":null},"
            + "\"Size\":1234,\"Empty\":\"\"}");
    /** Text with control characters in a field, a list, a map key and value. */
    private static final JsonNode HOSTILE = read("{\"Tag\":\"1\\u001b[2J\\r\\nstowage: fake\","
            + "\"Tags\":[\"a\\u009b\",\"b\\u202e\"],\"Labels\":{\"k\\u001b\":\"v\\n\"}}");

    private static JsonNode read(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String render(String template) {
        return GoTemplate.parse(template).render(DATA);
    }

    @Test
    void fieldsAndText() {
        assertEquals("127.0.0.1:5000/app:1", render("{{.Repository}}:{{.Tag}}"));
    }

    @Test
    void nestedFieldsPrintListsAndMapsAsGoDoes() {
        assertEquals("[A=1 B=2]", render("{{.Config.Env}}"));
        assertEquals("map[a:first z:last]", render("{{.Config.Labels}}"));
        assertEquals("1234", render("{{.Size}}"));
        assertEquals("<no value>", render("{{.Config.Volumes}}"));
    }

    @Test
    void jsonIsCompactAndEscapesAngleBrackets() {
        assertEquals("[\"A=1\",\"B=2\"]", render("{{json .Config.Env}}"));
        assertEquals("\"\\u003cnone\\u003e\"", render("{{json .Digest}}"));
    }

    @Test
    void pipelinesPassTheValueOn() {
        assertEquals("[\"A=1\",\"B=2\"]", render("{{.Config.Env | json}}"));
        assertEquals("127.0.0.1:5000/APP", render("{{.Repository | upper}}"));
    }

    @Test
    void functions() {
        assertEquals("A=1,B=2", render("{{join .Config.Env \",\"}}"));
        assertEquals("first", render("{{index .Config.Labels \"a\"}}"));
        assertEquals("2", render("{{len .Config.Env}}"));
        assertEquals("Hello World", render("{{title \"hello world\"}}"));
    }

    @Test
    void ifElseAndComparisons() {
        assertEquals("N/A", render("{{if .Empty}}{{.Empty}}{{else}}N/A{{end}}"));
        assertEquals("one", render("{{if eq .Tag \"1\"}}one{{else}}other{{end}}"));
        assertEquals("yes", render("{{if not .Empty}}yes{{end}}"));
    }

    @Test
    void rangeIteratesListsAndMapsInKeyOrder() {
        assertEquals("A=1;B=2;", render("{{range .Config.Env}}{{.}};{{end}}"));
        assertEquals("first last ", render("{{range .Config.Labels}}{{.}} {{end}}"));
    }

    @Test
    void withChangesDot() {
        assertEquals("[A=1 B=2]", render("{{with .Config}}{{.Env}}{{end}}"));
    }

    @Test
    void trimMarkersRemoveSurroundingWhitespace() {
        assertEquals("1|2", render("{{.Tag}} \n {{- \"|\" -}} \n 2"));
    }

    @Test
    void unknownFieldIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> render("{{.Nope}}"));
        assertEquals(true, e.getMessage().contains("Nope"), e.getMessage());
    }

    @Test
    void malformedTemplatesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> GoTemplate.parse("{{.Tag"));
        assertThrows(IllegalArgumentException.class, () -> GoTemplate.parse("{{if .Tag}}x"));
        assertThrows(IllegalArgumentException.class, () -> GoTemplate.parse("{{end}}"));
        assertThrows(IllegalArgumentException.class, () -> render("{{nofunc .Tag}}"));
    }

    // ---- text from the data is escaped; the template's own text is not

    private static String renderHostile(String template) {
        return GoTemplate.parse(template).render(HOSTILE);
    }

    @Test
    void aFieldsControlCharactersAreEscaped() {
        assertEquals("1\\u001b[2J\\u000d\\u000astowage: fake", renderHostile("{{.Tag}}"));
    }

    @Test
    void listItemsAndMapKeysAndValuesAreEscaped() {
        assertEquals("[a\\u009b b\\u202e]", renderHostile("{{.Tags}}"));
        assertEquals("map[k\\u001b:v\\u000a]", renderHostile("{{.Labels}}"));
    }

    @Test
    void theTemplatesOwnTextAndLiteralsAreWrittenAsGiven() {
        assertEquals("a\\u009b\nb\\u202e\n", renderHostile("{{join .Tags \"\\n\"}}\n"));
        assertEquals("x\ty\n", renderHostile("{{\"x\\ty\"}}{{println}}"));
    }

    @Test
    void printlnKeepsItsNewlineButEscapesItsArguments() {
        assertEquals("1\\u001b[2J\\u000d\\u000astowage: fake\n", renderHostile("{{println .Tag}}"));
    }

    @Test
    void jsonEscapesWhatJsonLeavesRawAndStaysTheSameValue() {
        String json = renderHostile("{{json .Tags}}");

        assertEquals("[\"a\\u009b\",\"b\\u202e\"]", json);
        assertEquals(HOSTILE.get("Tags"), read(json));
    }

    @Test
    void functionsOfTheDataStayEscaped() {
        assertEquals("1\\u001b[2J\\u000d\\u000aSTOWAGE: FAKE", renderHostile("{{upper .Tag}}"));
        assertEquals("a\\u009b", renderHostile("{{index .Tags 0}}"));
    }

    @Test
    void blocksNestUpToTheLimit() {
        String nested = "{{if .}}".repeat(GoTemplate.MAX_NESTING) + "x" + "{{end}}".repeat(GoTemplate.MAX_NESTING);
        assertEquals("x", render(nested));
    }

    @Test
    void blocksNestedBeyondTheLimitAreAParseErrorNamingIt() {
        String nested = "{{if .}}".repeat(6000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoTemplate.parse(nested));
        assertEquals("template parsing error: {{if}} blocks nested more than 100 deep (the limit) in \""
                + "{{if .}}".repeat(25) + "...(47800 more characters)\"", e.getMessage());
    }
}
