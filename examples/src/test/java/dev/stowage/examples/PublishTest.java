package dev.stowage.examples;

// README begin: the test kit's first example, shown in README.md exactly as it compiles and runs here
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stowage.core.ImageManager;
import dev.stowage.core.PushResult;
import dev.stowage.core.build.ImageBuilder;
import dev.stowage.store.InMemoryImageStore;
import dev.stowage.testkit.RegistryExtension;
import dev.stowage.testkit.registry.RequestKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PublishTest {
    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.inProcess();  // served by this JVM: nothing to install

    @Test
    void builtImageIsPushedToTheRegistry() {
        try (ImageManager images = ImageManager.builder().store(InMemoryImageStore.create()).build()) {
            String app = registry.host() + "/team/app:1";                 // 127.0.0.1:PORT/team/app:1
            ImageBuilder.fromScratch(images).layer(l -> l.file("app/hello.txt", "hello".getBytes(UTF_8)))
                    .build(app);

            PushResult pushed = images.push(app).call();

            assertEquals(2, pushed.blobsUploaded());                       // the layer and the config
            assertEquals(1, registry.requests(RequestKind.MANIFEST_PUT).size());
        }
    }
}
// README end
