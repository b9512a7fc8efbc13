package dev.stowage.core.model;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** {@link ImageConfig#parse} on any bytes: a config whose fields and history can be read, or {@link InvalidManifestException}. */
class ImageConfigFuzzTest {
    @FuzzTest(maxDuration = "5s")
    void parse(byte[] raw) {
        ImageConfig config;
        try {
            config = ImageConfig.parse(raw);
        } catch (InvalidManifestException e) {
            return;
        }
        config.historyWithLayers();
        config.config();
        config.created();
    }
}
