package dev.stowage.registry.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A docker {@code config.json} (or containers {@code auth.json}) as a JSON tree, so that every
 * field Stowage does not know survives a rewrite. Writes replace the file atomically and leave
 * it readable by its owner only.
 */
final class DockerConfigFile {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private DockerConfigFile() {
    }

    /** The file's content, or an empty object when the file does not exist. */
    static ObjectNode read(Path file) {
        if (!Files.exists(file)) {
            return JSON.createObjectNode();
        }
        JsonNode node;
        try {
            node = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new CredentialStoreException("cannot read " + file + ": not valid JSON (line "
                    + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new CredentialStoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (node == null || node.isMissingNode()) {
            return JSON.createObjectNode();
        }
        if (!node.isObject()) {
            throw new CredentialStoreException("cannot read " + file + ": expected a JSON object");
        }
        return (ObjectNode) node;
    }

    /** Replaces {@code file} with {@code content}: written beside it, then moved over it. */
    static void write(Path file, ObjectNode content) {
        try {
            Path target = Files.isSymbolicLink(file) ? file.toRealPath() : file;
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path temp = createOwnerOnly(dir, target.getFileName() + ".");
            try {
                Files.write(temp, JSON.writeValueAsBytes(content));
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new CredentialStoreException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static Path createOwnerOnly(Path dir, String prefix) throws IOException {
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        try {
            return Files.createTempFile(dir, prefix, ".tmp", attrs);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("temporary file name clash in " + dir, e);
        }
    }
}
