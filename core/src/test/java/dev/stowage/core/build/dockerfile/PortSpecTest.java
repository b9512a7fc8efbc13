package dev.stowage.core.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** EXPOSE specs as BuildKit reads them. */
class PortSpecTest {
    @Test
    void aBarePortIsTcp() {
        assertEquals(List.of("80/tcp"), PortSpec.parse("80"));
    }

    @Test
    void theProtocolIsLowerCased() {
        assertEquals(List.of("53/udp"), PortSpec.parse("53/UDP"));
    }

    @Test
    void aRangeGivesEachPort() {
        assertEquals(List.of("8000/tcp", "8001/tcp", "8002/tcp"), PortSpec.parse("8000-8002"));
    }

    @Test
    void aHostPartIsIgnored() {
        assertEquals(List.of("80/tcp"), PortSpec.parse("127.0.0.1:8080:80"));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "http", "70000", "80/icmp", "9-3", "/tcp"})
    void refusesBadSpecs(String spec) {
        assertThrows(IllegalArgumentException.class, () -> PortSpec.parse(spec));
    }
}
