package dev.stowage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtpasswdModeTest {

    @Test
    void writesTheUserWithA2yBcryptHashOfThePassword(@TempDir Path dir) throws Exception {
        ConfigTree config = new ConfigTree();
        RegistryMode.htpasswd("alice", "s3cret").configure(config, dir);

        String line = Files.readString(dir.resolve("htpasswd")).strip();
        assertTrue(line.startsWith("alice:$2y$"), line);
        assertTrue(OpenBSDBCrypt.checkPassword(line.substring("alice:".length()), "s3cret".toCharArray()));
        assertEquals(dir.resolve("htpasswd").toString(), ((java.util.Map<?, ?>) ((java.util.Map<?, ?>) config.asMap()
                .get("auth")).get("htpasswd")).get("path"));
    }

    @Test
    void toStringNamesTheUserButNotThePassword() {
        String text = RegistryMode.htpasswd("alice", "s3cret").toString();

        assertTrue(text.contains("alice"));
        assertFalse(text.contains("s3cret"));
    }

    @Test
    void aUserNameWithAColonIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RegistryMode.htpasswd("a:b", "pw"));
    }
}
