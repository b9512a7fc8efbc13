package dev.stowage.registry.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopeTest {

    @Test
    void pushScopeAlsoAsksForPull() {
        assertEquals("repository:team/app:pull,push", Scope.push("team/app").toString());
    }

    @Test
    void parseKeepsColonsInsideTheName() {
        Scope s = Scope.parse("repository:localhost:5000/app:pull");
        assertEquals("localhost:5000/app", s.name());
        assertEquals(Set.of("pull"), s.actions());
    }

    @Test
    void parseRefusesAScopeWithoutActions() {
        assertThrows(IllegalArgumentException.class, () -> Scope.parse("repository:app"));
    }

    @Test
    void mergeWidensActionsOnTheSameRepository() {
        List<Scope> merged = Scope.merge(List.of(Scope.pull("dst"), Scope.push("dst"), Scope.pull("src")));
        assertEquals(List.of("repository:dst:pull,push", "repository:src:pull"),
                merged.stream().map(Scope::toString).toList());
    }
}
