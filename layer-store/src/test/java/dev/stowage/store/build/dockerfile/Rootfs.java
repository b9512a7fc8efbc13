package dev.stowage.store.build.dockerfile;

import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ImageConfig;
import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.ImageStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An image's root filesystem as a container would see it: its layers applied in order, whiteouts
 * honoured; read independently of the builder's code.
 */
final class Rootfs {
    /** One path: its type ({@code d}, {@code f}, {@code l}), mode, owner, and content or link target. */
    record Node(char type, int mode, long uid, long gid, String content) {
        @Override
        public String toString() {
            return type + " " + Integer.toOctalString(mode) + " " + uid + ":" + gid + (content.isEmpty() ? "" : " " + content);
        }
    }

    private Rootfs() {
    }

    static ImageManifest manifest(ImageStore store, ImageReference ref) {
        return (ImageManifest) store.manifest(store.resolve(ref).orElseThrow().digest());
    }

    static ImageConfig config(ImageStore store, ImageReference ref) {
        try (InputStream in = store.openBlob(manifest(store, ref).config().digest())) {
            return ImageConfig.parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Path (without leading slash) → node, for the image {@code ref} names. */
    static Map<String, Node> of(ImageStore store, ImageReference ref) {
        TreeMap<String, Node> nodes = new TreeMap<>();
        for (Descriptor layer : manifest(store, ref).layers()) {
            apply(store, layer.digest(), nodes);
        }
        return nodes;
    }

    private static void apply(ImageStore store, Digest layer, TreeMap<String, Node> nodes) {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(store.openBlob(layer)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = e.getName().replaceFirst("^\\./", "").replaceFirst("/$", "");
                if (name.isEmpty()) {
                    continue;
                }
                String base = name.substring(name.lastIndexOf('/') + 1);
                if (base.startsWith(".wh.")) {
                    String target = name.substring(0, name.length() - base.length()) + base.substring(4);
                    nodes.remove(target);
                    nodes.subMap(target + "/", target + "/\uffff").clear();
                    continue;
                }
                char type = e.isDirectory() ? 'd' : e.isSymbolicLink() ? 'l' : 'f';
                String content = e.isSymbolicLink() ? e.getLinkName()
                        : e.isFile() ? new String(tar.readAllBytes(), StandardCharsets.UTF_8) : "";
                nodes.put(name, new Node(type, e.getMode() & 07777, e.getLongUserId(), e.getLongGroupId(), content));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
