package dev.stowage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SkopeoTest {

    @Test
    void describeMasksCredentialValuesGivenAsSeparateArguments() {
        assertEquals("skopeo copy --src-creds *** a b",
                Skopeo.describe(List.of("copy", "--src-creds", "user:secret", "a", "b")));
    }

    @Test
    void describeMasksCredentialValuesGivenWithEquals() {
        assertEquals("skopeo inspect --creds=*** --password=*** x",
                Skopeo.describe(List.of("inspect", "--creds=user:secret", "--password=secret", "x")));
    }

    @Test
    void describeKeepsOtherArguments() {
        assertEquals("skopeo copy --dest-tls-verify=false a b",
                Skopeo.describe(List.of("copy", "--dest-tls-verify=false", "a", "b")));
    }
}
