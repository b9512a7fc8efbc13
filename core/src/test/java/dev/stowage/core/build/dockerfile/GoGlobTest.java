package dev.stowage.core.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** COPY source patterns: cases from Go's path/filepath Match tests. */
class GoGlobTest {
    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "abc|abc|true",
            "*|abc|true",
            "*c|abc|true",
            "a*|a|true",
            "a*|abc|true",
            "a*/b|abc/b|true",
            "a*/b|a/c/b|false",
            "a*b*c*d*e*/f|axbxcxdxe/f|true",
            "a*b*c*d*e*/f|axbxcxdxe/xxx/f|false",
            "ab[c]|abc|true",
            "ab[b-d]|abc|true",
            "ab[e-g]|abc|false",
            "ab[^c]|abc|false",
            "ab[^b-d]|abc|false",
            "ab[^e-g]|abc|true",
            "a\\*b|a*b|true",
            "a\\*b|ab|false",
            "a?b|a☺b|true",
            "a[^a]b|a☺b|true",
            "a???b|a☺b|false",
            "[a-ζ]*|α|true",
            "*[a-ζ]|A|false",
            "a?b|a/b|false",
            "*.jar|app.jar|true",
    })
    void matchesAsGo(String pattern, String name, boolean matches) {
        assertEquals(matches, GoGlob.compile(pattern).matcher(name).matches());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[", "[^", "a[", "\\"})
    void refusesMalformedPatterns(String pattern) {
        assertThrows(IllegalArgumentException.class, () -> GoGlob.compile(pattern));
    }
}
