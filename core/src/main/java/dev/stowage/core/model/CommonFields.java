package dev.stowage.core.model;

import java.util.Map;
import java.util.Optional;

/** What every manifest document has: its bytes as received, their digest, and the shared fields. */
record CommonFields(byte[] raw, Digest digest, String mediaType, Map<String, String> annotations,
        Optional<String> artifactType, Optional<Descriptor> subject) {
}
