package dev.stowage.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MediaTypesTest {

    @Test
    void indexTypesAreTheOciIndexAndTheDockerManifestList() {
        assertTrue(MediaTypes.isIndex(MediaTypes.OCI_INDEX));
        assertTrue(MediaTypes.isIndex(MediaTypes.DOCKER_MANIFEST_LIST));
        assertFalse(MediaTypes.isIndex(MediaTypes.OCI_MANIFEST));
        assertFalse(MediaTypes.isIndex(null));
    }

    @Test
    void manifestTypesAreTheOciManifestAndDockerSchema2() {
        assertTrue(MediaTypes.isManifest(MediaTypes.OCI_MANIFEST));
        assertTrue(MediaTypes.isManifest(MediaTypes.DOCKER_MANIFEST));
        assertFalse(MediaTypes.isManifest(MediaTypes.DOCKER_SCHEMA1_MANIFEST));
        assertFalse(MediaTypes.isManifest(MediaTypes.OCI_CONFIG));
    }

    @Test
    void questionsIgnoreParametersAndCase() {
        assertTrue(MediaTypes.isManifest("Application/VND.oci.image.manifest.v1+json; charset=utf-8"));
        assertTrue(MediaTypes.isIndex(" application/vnd.oci.image.index.v1+json "));
    }

    @Test
    void schema1IsRecognisedByName() {
        assertTrue(MediaTypes.isSchema1("application/vnd.docker.distribution.manifest.v1+json"));
        assertTrue(MediaTypes.isSchema1("application/vnd.docker.distribution.manifest.v1+prettyjws"));
        assertFalse(MediaTypes.isSchema1(MediaTypes.DOCKER_MANIFEST));
    }

    @Test
    void layersAreTheOciAndDockerFilesystemTypes() {
        for (String layer : List.of(MediaTypes.OCI_LAYER_TAR, MediaTypes.OCI_LAYER_TAR_GZIP,
                MediaTypes.OCI_LAYER_TAR_ZSTD, MediaTypes.OCI_LAYER_NONDISTRIBUTABLE_TAR_GZIP,
                MediaTypes.DOCKER_LAYER_TAR, MediaTypes.DOCKER_LAYER_TAR_GZIP, MediaTypes.DOCKER_FOREIGN_LAYER_TAR_GZIP)) {
            assertTrue(MediaTypes.isLayer(layer), layer);
        }
        assertFalse(MediaTypes.isLayer(MediaTypes.OCI_CONFIG));
        assertFalse(MediaTypes.isLayer("application/vnd.example+type"));
    }

    @Test
    void nonDistributableLayersAreOciNonDistributableAndDockerForeign() {
        assertTrue(MediaTypes.isNonDistributable(MediaTypes.OCI_LAYER_NONDISTRIBUTABLE_TAR));
        assertTrue(MediaTypes.isNonDistributable(MediaTypes.OCI_LAYER_NONDISTRIBUTABLE_TAR_ZSTD));
        assertTrue(MediaTypes.isNonDistributable(MediaTypes.DOCKER_FOREIGN_LAYER_TAR_GZIP));
        assertFalse(MediaTypes.isNonDistributable(MediaTypes.OCI_LAYER_TAR_GZIP));
    }

    @Test
    void dockerTypesAreTheVndDockerOnes() {
        assertTrue(MediaTypes.isDocker(MediaTypes.DOCKER_CONFIG));
        assertFalse(MediaTypes.isDocker(MediaTypes.OCI_CONFIG));
    }

    @Test
    void acceptHeaderOffersEveryReadableManifestTypeIndexesFirst() {
        assertEquals(List.of(MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.OCI_MANIFEST,
                MediaTypes.DOCKER_MANIFEST), MediaTypes.ACCEPT_ALL_MANIFESTS);
    }

    @Test
    void constantsHaveTheirRegisteredValues() {
        assertEquals("application/vnd.oci.empty.v1+json", MediaTypes.OCI_EMPTY);
        assertEquals("application/vnd.oci.image.layer.v1.tar+zstd", MediaTypes.OCI_LAYER_TAR_ZSTD);
        assertEquals("application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
                MediaTypes.DOCKER_FOREIGN_LAYER_TAR_GZIP);
        assertEquals("application/vnd.docker.container.image.v1+json", MediaTypes.DOCKER_CONFIG);
    }
}
