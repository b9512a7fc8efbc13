package dev.stowage.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DockerJsonTest {

    @Test
    void indentsWithFourSpacesAndGoSeparators() throws Exception {
        String json = DockerJson.indented(new ObjectMapper().readTree("{\"a\":[1,\"x\"],\"b\":{\"c\":true},\"d\":[],\"e\":{}}"));

        assertEquals("{\n"
                + "    \"a\": [\n"
                + "        1,\n"
                + "        \"x\"\n"
                + "    ],\n"
                + "    \"b\": {\n"
                + "        \"c\": true\n"
                + "    },\n"
                + "    \"d\": [],\n"
                + "    \"e\": {}\n"
                + "}", json);
    }

    @Test
    void escapesHtmlCharactersAsGoDoes() {
        assertEquals("\"\\u003cnone\\u003e \\u0026 \\\"q\\\"\"", DockerJson.quote("<none> & \"q\""));
    }

    @Test
    void rfc3339NanoDropsTrailingZeros() {
        assertEquals("2024-01-02T03:04:05Z", DockerJson.rfc3339Nano(Instant.parse("2024-01-02T03:04:05Z")));
        assertEquals("2024-01-02T03:04:05.12Z", DockerJson.rfc3339Nano(Instant.parse("2024-01-02T03:04:05.120Z")));
    }
}
