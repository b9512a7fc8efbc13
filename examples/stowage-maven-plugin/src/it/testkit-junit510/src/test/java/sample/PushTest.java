package sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stowage.core.ImageManager;
import dev.stowage.core.PushResult;
import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.store.InMemoryImageStore;
import dev.stowage.testkit.RegistryExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PushTest {
    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.inProcess();

    @Test
    void pushes() {
        try (ImageManager images = ImageManager.builder().store(InMemoryImageStore.create())
                .credentials(CredentialProvider.anonymous()).build()) {
            String app = registry.host() + "/sample/app:1";
            ImageBuilder.fromScratch(images).layer(l -> l.file("hello.txt", new byte[] {1})).build(app);

            PushResult pushed = images.push(app).call();

            assertEquals(2, pushed.blobsUploaded());
        }
    }
}
