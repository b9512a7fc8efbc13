package dev.stowage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Values that carry what a JSON tree loses of the Go struct docker runs its templates on: a nil
 * slice prints {@code []}, a nil map {@code map[]}, a nil pointer {@code <nil>} (JSON has one
 * {@code null} for all three); a Go map answers a missing key with {@code <no value>} where a
 * struct has no such field; and a field JSON omits when empty ({@code omitempty}) is still there
 * for a template, with its zero value, yet left out again by {@code {{json …}}}.
 */
final class GoValues {
    private GoValues() {
    }

    /** Marks a zero value that {@code json} leaves out, as Go's encoder does with {@code omitempty}. */
    interface Omitted {
    }

    /** A nil slice, map or pointer: JSON {@code null}, printed as Go prints that kind of nil. */
    static class Nil extends NullNode {
        private static final long serialVersionUID = 1L;
        private final String printed;

        Nil(String printed) {
            this.printed = printed;
        }

        String printed() {
            return printed;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Nil n && n.printed.equals(printed);
        }

        @Override
        public int hashCode() {
            return printed.hashCode();
        }
    }

    private static final class OmittedNil extends Nil implements Omitted {
        private static final long serialVersionUID = 1L;

        OmittedNil(String printed) {
            super(printed);
        }
    }

    private static final class OmittedText extends TextNode implements Omitted {
        private static final long serialVersionUID = 1L;

        OmittedText() {
            super("");
        }
    }

    private static final class OmittedFalse extends BooleanNode implements Omitted {
        private static final long serialVersionUID = 1L;

        OmittedFalse() {
            super(false);
        }
    }

    /** A Go map: fields are its keys, and a key it lacks is {@code <no value>}, not an error. */
    static final class GoMap extends ObjectNode {
        private static final long serialVersionUID = 1L;

        GoMap(ObjectNode entries) {
            super(JsonNodeFactory.instance);
            setAll(entries);
        }
    }

    static Nil nilSlice() {
        return new Nil("[]");
    }

    static Nil nilMap() {
        return new Nil("map[]");
    }

    /** A nil slice, map or pointer of an {@code omitempty} field. */
    static Nil omittedNil(String printed) {
        return new OmittedNil(printed);
    }

    static JsonNode omittedText() {
        return new OmittedText();
    }

    static JsonNode omittedFalse() {
        return new OmittedFalse();
    }

    /** {@code value} without the fields {@code json} would omit, for Go's encoder. */
    static JsonNode withoutOmitted(JsonNode value) {
        if (value.isObject()) {
            ObjectNode kept = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!(e.getValue() instanceof Omitted)) {
                    kept.set(e.getKey(), withoutOmitted(e.getValue()));
                }
            }
            return kept;
        }
        if (value.isArray()) {
            var kept = JsonNodeFactory.instance.arrayNode();
            value.forEach(v -> kept.add(withoutOmitted(v)));
            return kept;
        }
        return value;
    }
}
