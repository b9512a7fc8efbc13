package dev.stowage.registry.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {

    @Test
    void bearerChallengeGivesRealmServiceAndScope() {
        List<AuthChallenge> cs = AuthChallenge.parse(List.of(
                "Bearer realm=\"https://auth.example.com/token\",service=\"registry.example.com\",scope=\"repository:app:pull\""));
        assertEquals(1, cs.size());
        AuthChallenge c = cs.get(0);
        assertTrue(c.isBearer());
        assertEquals(Optional.of("https://auth.example.com/token"), c.realm());
        assertEquals(Optional.of("registry.example.com"), c.service());
        assertEquals(Optional.of("repository:app:pull"), c.scope());
    }

    @Test
    void basicChallengeIsRecognisedWhateverItsCase() {
        AuthChallenge c = AuthChallenge.parse(List.of("basic realm=\"Registry Realm\"")).get(0);
        assertTrue(c.isBasic());
        assertEquals(Optional.of("Registry Realm"), c.realm());
    }

    @Test
    void severalChallengesInOneHeaderAreSeparated() {
        List<AuthChallenge> cs = AuthChallenge.parse(List.of(
                "Basic realm=\"a\", Bearer realm=\"https://t/x\", service=\"s\""));
        assertEquals(2, cs.size());
        assertTrue(cs.get(0).isBasic());
        assertEquals(Optional.of("a"), cs.get(0).realm());
        assertTrue(cs.get(1).isBearer());
        assertEquals(Optional.of("s"), cs.get(1).service());
    }

    @Test
    void challengesFromSeveralHeadersAreKeptInOrder() {
        List<AuthChallenge> cs = AuthChallenge.parse(List.of("Bearer realm=\"r1\"", "Basic realm=\"r2\""));
        assertEquals(List.of("Bearer", "Basic"), cs.stream().map(AuthChallenge::scheme).toList());
    }

    @Test
    void quotedStringsKeepEscapedQuotesAndCommas() {
        AuthChallenge c = AuthChallenge.parse(List.of("Bearer realm=\"a \\\"quoted\\\", realm\",service=x")).get(0);
        assertEquals(Optional.of("a \"quoted\", realm"), c.realm());
        assertEquals(Optional.of("x"), c.service());
    }

    @Test
    void parameterNamesAreCaseInsensitive() {
        AuthChallenge c = AuthChallenge.parse(List.of("Bearer Realm=\"r\",SERVICE=\"s\"")).get(0);
        assertEquals(Optional.of("r"), c.realm());
        assertEquals(Optional.of("s"), c.service());
    }

    @Test
    void unterminatedQuoteKeepsEarlierChallengesOnly() {
        List<AuthChallenge> cs = AuthChallenge.parse(List.of("Basic realm=\"ok\", Bearer realm=\"broken"));
        assertEquals(2, cs.size());
        assertEquals(Optional.of("ok"), cs.get(0).realm());
        assertEquals(Optional.empty(), cs.get(1).realm());
    }

    @Test
    void schemeWithoutParametersIsAChallenge() {
        List<AuthChallenge> cs = AuthChallenge.parse(List.of("Negotiate, Basic realm=\"r\""));
        assertEquals(List.of("Negotiate", "Basic"), cs.stream().map(AuthChallenge::scheme).toList());
    }
}
