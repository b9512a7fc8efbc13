package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StartupTrainingTest {
    @Test
    void everyTrainingCommandSucceedsAgainstTheStandInRegistry() throws Exception {
        // A failing command would leave its classes out of the launcher's archive, unnoticed.
        assertEquals(0, StartupTraining.train());
    }
}
