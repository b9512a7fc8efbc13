package dev.stowage.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class LinkHeaderTest {
    @Test
    void quotedNextRelationGivesTheTarget() {
        assertEquals(Optional.of("/v2/app/tags/list?n=1&last=a"),
                LinkHeader.next("</v2/app/tags/list?n=1&last=a>; rel=\"next\""));
    }

    @Test
    void unquotedRelationAndAnyCaseAreRecognised() {
        assertEquals(Optional.of("/next"), LinkHeader.next("</next>;REL=Next"));
    }

    @Test
    void nextAmongOtherLinksAndRelationsIsFound() {
        assertEquals(Optional.of("/b"), LinkHeader.next("</a>; rel=\"prev\", </b>; title=\"x, y\"; rel=\"last next\""));
    }

    @Test
    void commaInsideAQuotedParameterDoesNotEndTheLink() {
        assertEquals(Optional.empty(), LinkHeader.next("</a>; title=\"a, rel=next\""));
    }

    @Test
    void emptyTargetIsSkipped() {
        assertEquals(Optional.of("/b"), LinkHeader.next("<>; rel=next, </b>; rel=next"));
    }

    @Test
    void headerWithoutNextOrUnterminatedGivesNothing() {
        assertEquals(Optional.empty(), LinkHeader.next("</a>; rel=\"prev\""));
        assertEquals(Optional.empty(), LinkHeader.next("</a; rel=\"next\""));
        assertEquals(Optional.empty(), LinkHeader.next(""));
    }
}
