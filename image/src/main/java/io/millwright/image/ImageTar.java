package io.millwright.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * Reads an OCI image tar (an OCI image layout in a tar: index.json, blobs/sha256/...): its
 * manifest, its configuration and its layers. Used to print what an image is made of, by the tests
 * to check it and unpack its root file system, and by bench/image.sh.
 *
 * <pre>java -cp ... io.millwright.image.ImageTar image/target/millwright-image.tar</pre>
 */
public final class ImageTar implements AutoCloseable {

  /** One layer: its digest, its size in the tar (gzip) and unpacked, and the files it holds. */
  public record Layer(String digest, long compressedSize, long uncompressedSize, long files) {}

  /** One file or directory of a layer; layers are numbered from 0, the bottom one. */
  public record Entry(
      int layer, String path, long size, int mode, int uid, int gid, boolean directory) {}

  /** Receives the entries of a layer with their content. */
  public interface EntryVisitor {
    void visit(Entry entry, InputStream content) throws IOException;
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final TarFile tar;
  private final Map<String, TarArchiveEntry> entries = new HashMap<>();
  private final JsonNode manifest;
  private final JsonNode config;

  private ImageTar(Path file) throws IOException {
    tar = new TarFile(file);
    for (TarArchiveEntry e : tar.getEntries()) {
      entries.put(normalise(e.getName()), e);
    }
    JsonNode index = json("index.json");
    JsonNode manifests = index.path("manifests");
    if (manifests.size() != 1) {
      throw new IOException(
          file + ": expected one manifest in index.json, found " + manifests.size());
    }
    manifest = blob(manifests.get(0).path("digest").asText());
    config = blob(manifest.path("config").path("digest").asText());
  }

  /** Opens an image tar; close it when done. */
  public static ImageTar open(Path file) throws IOException {
    return new ImageTar(file);
  }

  private static String normalise(String name) {
    return name.startsWith("./") ? name.substring(2) : name;
  }

  private JsonNode json(String name) throws IOException {
    TarArchiveEntry e = entries.get(name);
    if (e == null) {
      throw new IOException("no " + name + " in the image tar: not an OCI image layout");
    }
    try (InputStream in = tar.getInputStream(e)) {
      return JSON.readTree(in);
    }
  }

  private JsonNode blob(String digest) throws IOException {
    return json(blobPath(digest));
  }

  private static String blobPath(String digest) {
    return "blobs/" + digest.replace(':', '/');
  }

  /** The image manifest (application/vnd.oci.image.manifest.v1+json). */
  public JsonNode manifest() {
    return manifest;
  }

  /** The image configuration: architecture, os, config (User, Entrypoint, ...), rootfs. */
  public JsonNode config() {
    return config;
  }

  /** The layers, bottom first, with their unpacked sizes (each layer is read once for this). */
  public List<Layer> layers() throws IOException {
    List<Layer> layers = new ArrayList<>();
    for (JsonNode descriptor : manifest.path("layers")) {
      String digest = descriptor.path("digest").asText();
      long[] sizeAndFiles = new long[2];
      long unpacked =
          readLayer(
              layers.size(),
              digest,
              (entry, content) -> {
                sizeAndFiles[0] += entry.size();
                sizeAndFiles[1]++;
              });
      layers.add(new Layer(digest, descriptor.path("size").asLong(), unpacked, sizeAndFiles[1]));
    }
    return layers;
  }

  /** Visits every entry of every layer, bottom layer first. */
  public void forEachEntry(EntryVisitor visitor) throws IOException {
    int layer = 0;
    for (JsonNode descriptor : manifest.path("layers")) {
      readLayer(layer++, descriptor.path("digest").asText(), visitor);
    }
  }

  /**
   * Reads one layer and returns its unpacked size: the bytes of its tar stream, as image tools
   * count it.
   */
  private long readLayer(int index, String digest, EntryVisitor visitor) throws IOException {
    TarArchiveEntry blob = entries.get(blobPath(digest));
    if (blob == null) {
      throw new IOException("layer " + digest + " is missing from the image tar");
    }
    try (InputStream raw = tar.getInputStream(blob);
        CountingInputStream unpacked = new CountingInputStream(new GZIPInputStream(raw));
        TarArchiveInputStream layer = new TarArchiveInputStream(unpacked)) {
      TarArchiveEntry e;
      while ((e = layer.getNextEntry()) != null) {
        Entry entry =
            new Entry(
                index,
                "/" + normalise(e.getName()).replaceAll("/$", ""),
                e.getSize(),
                e.getMode() & 07777,
                (int) e.getLongUserId(),
                (int) e.getLongGroupId(),
                e.isDirectory());
        if (e.isSymbolicLink() || e.isLink()) {
          throw new IOException(
              "layer " + digest + " holds a link, which this reader does not unpack: " + e);
        }
        visitor.visit(entry, layer);
      }
      unpacked.transferTo(OutputStream.nullOutputStream());
      return unpacked.count();
    }
  }

  /**
   * Unpacks every layer into a directory, bottom first, with the files' modes and owners (as 'tar
   * -p' does: setting another owner needs root).
   */
  public void extract(Path root) throws IOException {
    Files.createDirectories(root);
    forEachEntry(
        (entry, content) -> {
          Path target = root.resolve(entry.path().substring(1)).normalize();
          if (!target.startsWith(root)) {
            throw new IOException("layer entry outside the root: " + entry.path());
          }
          if (entry.directory()) {
            Files.createDirectories(target);
          } else {
            Files.createDirectories(target.getParent());
            Files.copy(content, target, StandardCopyOption.REPLACE_EXISTING);
          }
          Files.setPosixFilePermissions(target, permissions(entry.mode()));
          Files.setAttribute(target, "unix:uid", entry.uid());
          Files.setAttribute(target, "unix:gid", entry.gid());
        });
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << i)) != 0) {
        set.add(bits[i]);
      }
    }
    return set;
  }

  @Override
  public void close() throws IOException {
    tar.close();
  }

  /** Prints the image's layers and sizes, as the build and bench/image.sh show them. */
  public static String describe(Path file) throws IOException {
    StringBuilder out = new StringBuilder();
    try (ImageTar image = open(file)) {
      long compressed = 0;
      long unpacked = 0;
      out.append(String.format("image %s: %.1f MB tar%n", file, mb(Files.size(file))));
      int i = 0;
      for (Layer layer : image.layers()) {
        out.append(
            String.format(
                "  layer %d %s: %7.1f MB unpacked, %6.1f MB gzip, %5d files%n",
                i++,
                layer.digest().substring(0, 19),
                mb(layer.uncompressedSize()),
                mb(layer.compressedSize()),
                layer.files()));
        compressed += layer.compressedSize();
        unpacked += layer.uncompressedSize();
      }
      out.append(
          String.format(
              "  total: %.1f MB unpacked (sum of layers), %.1f MB gzip%n",
              mb(unpacked), mb(compressed)));
    }
    return out.toString();
  }

  static double mb(long bytes) {
    return bytes / 1_000_000.0;
  }

  public static void main(String[] args) throws IOException {
    System.out.print(describe(Path.of(args[0])));
  }

  /** Counts the bytes read through it. */
  private static final class CountingInputStream extends java.io.FilterInputStream {
    private long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count += skipped;
      return skipped;
    }

    long count() {
      return count;
    }
  }
}
