package dev.stowage.core.image;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelFilterTest {
    private static final Map<String, String> LABELS = Map.of("team", "web", "empty", "");

    @Test
    void keyMatchesWhenTheLabelIsSetWhateverItsValue() {
        assertTrue(LabelFilter.parse("team").matches(LABELS));
        assertTrue(LabelFilter.parse("empty").matches(LABELS));
        assertFalse(LabelFilter.parse("owner").matches(LABELS));
    }

    @Test
    void keyEqualsValueMatchesOnlyThatValue() {
        assertTrue(LabelFilter.parse("team=web").matches(LABELS));
        assertFalse(LabelFilter.parse("team=db").matches(LABELS));
        assertTrue(LabelFilter.parse("empty=").matches(LABELS));
    }

    @Test
    void valueMayContainEqualsSigns() {
        assertTrue(LabelFilter.parse("q=a=b").matches(Map.of("q", "a=b")));
    }

    @Test
    void filterWithoutKeyIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> LabelFilter.parse(""));
        assertThrows(IllegalArgumentException.class, () -> LabelFilter.parse("=web"));
    }
}
