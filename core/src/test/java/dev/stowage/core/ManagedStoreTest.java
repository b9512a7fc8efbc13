package dev.stowage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stowage.core.spi.ImageStore;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManagedStoreTest {

    /**
     * A method the wrapper does not declare falls to the interface's default, which for
     * {@code removeUnreferenced} silently does nothing: a failed load then kept what it wrote.
     */
    @Test
    void managedStoreForwardsEveryMethodOfTheStoreInterfaceItselfNotTheirDefaults() {
        List<String> inherited = Arrays.stream(ImageStore.class.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .filter(m -> declared(m) == null)
                .map(Method::getName)
                .toList();
        assertEquals(List.of(), inherited, "ImageStore methods ManagedStore leaves to the interface");
    }

    private static Method declared(Method m) {
        try {
            return ManagedStore.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
