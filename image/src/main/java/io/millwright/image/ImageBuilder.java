package io.millwright.image;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Builds the Millwright image as an OCI image tar with Jib, without a Docker daemon or a registry:
 * from scratch, with the Debian root file system and the jlinked runtime that image/build-base.sh
 * made, and the Quarkus fast-jar of the app module.
 *
 * <p>Five layers, from the one that changes least: Debian packages, Java runtime, third-party jars,
 * Millwright's own module jars, and the application (quarkus-run.jar, the generated classes and the
 * app jar). A code change thus re-ships only the top layers. Every file gets the same timestamp and
 * owner, so the same inputs give the same layers (and digests).
 *
 * <pre>
 * ImageBuilder APP_DIR BASE_DIR OUTPUT_TAR IMAGE_NAME VERSION SOURCE LICENSES
 * </pre>
 */
public final class ImageBuilder {

  /** The non-root user and group the image runs as (numeric, for Kubernetes' runAsNonRoot). */
  public static final String USER = "10001:10001";

  public static final String APP = "/opt/millwright";
  public static final String JAVA = "/opt/java";
  public static final String DATA = "/var/lib/millwright";

  public static final List<String> ENTRYPOINT =
      List.of(
          JAVA + "/bin/java",
          // JDK 25 warns on every native library load (DuckDB, RocksDB, Netty) without this.
          "--enable-native-access=ALL-UNNAMED",
          "-jar",
          APP + "/quarkus-run.jar");

  /**
   * ORT_DISABLE_TELEMETRY: ONNX Runtime (1.29, the alarms' anomaly detection) starts a telemetry
   * client when its environment is created, which would upload to Microsoft over HTTPS, write under
   * $HOME/.cache and /tmp, and, in this image (no /etc/machine-id), crash the JVM: it fcloses the
   * file it failed to open. A plant's edge device sends nothing anywhere unasked, so it is off.
   */
  public static final Map<String, String> ENVIRONMENT =
      Map.of(
          "MILLWRIGHT_DATA",
          DATA,
          "JAVA_HOME",
          JAVA,
          "PATH",
          JAVA + "/bin:/usr/bin:/bin",
          "ORT_DISABLE_TELEMETRY",
          "1");

  /** The default command; the operator passes 'run --roles ...' instead. */
  public static final List<String> COMMAND = List.of("run");

  public static final List<Integer> PORTS = List.of(8080, 1883, 8883);

  /** Jib's own fixed time for files: reproducible layers. */
  private static final Instant FILE_TIME = Instant.ofEpochSecond(1);

  private static final String ROOT = "0:0";

  private ImageBuilder() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 7) {
      throw new IllegalArgumentException(
          "usage: ImageBuilder APP_DIR BASE_DIR OUTPUT_TAR IMAGE_NAME VERSION SOURCE LICENSES");
    }
    Path app = Path.of(args[0]).toAbsolutePath().normalize();
    Path base = Path.of(args[1]).toAbsolutePath().normalize();
    Path tar = Path.of(args[2]).toAbsolutePath().normalize();
    String name = args[3];
    String version = args[4];
    if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
      throw new IllegalStateException(
          app + " holds no quarkus-run.jar: build the app module first");
    }
    Path stripped = tar.resolveSibling("stripped-jars");
    Optional<Git> git = Git.of(app);

    JibContainerBuilder image =
        Jib.fromScratch()
            .setFormat(ImageFormat.OCI)
            .addPlatform("amd64", "linux")
            .addFileEntriesLayer(debianLayer(base.resolve("rootfs")))
            .addFileEntriesLayer(directoryLayer("jre", base.resolve("jre"), JAVA))
            .addFileEntriesLayer(jarsLayer("dependencies", app, stripped, false))
            .addFileEntriesLayer(jarsLayer("millwright-modules", app, stripped, true))
            .addFileEntriesLayer(applicationLayer(app))
            .setEntrypoint(ENTRYPOINT)
            .setProgramArguments(COMMAND)
            .setUser(USER)
            .setWorkingDirectory(AbsoluteUnixPath.get(DATA))
            // Sorted: Map.of's order changes from one JVM to the next, the image config must not.
            .setEnvironment(new TreeMap<>(ENVIRONMENT))
            .setExposedPorts(PORTS.stream().map(Port::tcp).toArray(Port[]::new))
            .setCreationTime(git.map(Git::commitTime).orElse(Instant.EPOCH))
            .setLabels(labels(base, version, args[5], args[6], git));

    Files.deleteIfExists(tar);
    image.containerize(
        Containerizer.to(TarImage.at(tar).named(name))
            .setApplicationLayersCache(tar.resolveSibling("jib-cache"))
            .setBaseImageLayersCache(tar.resolveSibling("jib-cache"))
            .setOfflineMode(true)
            .setToolName("jib-core")
            .addEventHandler(
                LogEvent.class,
                e -> {
                  if (e.getLevel().ordinal() <= LogEvent.Level.WARN.ordinal()) {
                    System.err.println("jib: " + e.getMessage());
                  }
                }));
    System.out.print(ImageTar.describe(tar));
  }

  static Map<String, String> labels(
      Path base, String version, String source, String licenses, Optional<Git> git)
      throws IOException {
    Map<String, String> labels = new LinkedHashMap<>();
    String oci = "org.opencontainers.image.";
    labels.put(oci + "title", "Millwright");
    labels.put(
        oci + "description",
        "Open-source industrial edge platform: machines into a Unified Namespace, history, alarms,"
            + " OEE, jobs. linux/amd64.");
    labels.put(oci + "version", version);
    labels.put(oci + "source", source);
    labels.put(oci + "licenses", licenses);
    git.ifPresent(
        g -> {
          labels.put(oci + "revision", g.revision());
          labels.put(oci + "created", g.commitTime().toString());
        });
    // Built from no image: the base is Debian packages plus a jlinked runtime, listed below.
    labels.put(oci + "base.name", "scratch");
    labels.put(
        "io.millwright.image.debian-packages",
        String.join(" ", Files.readAllLines(base.resolve("packages.txt"))));
    labels.put(
        "io.millwright.image.java-runtime",
        Files.readString(base.resolve("java-runtime.txt")).strip());
    return labels;
  }

  /**
   * The Debian root file system, owned by root, plus the two places the user writes: the data
   * directory (owned by the user; on Kubernetes a volume) and /tmp (world-writable; in practice an
   * emptyDir or tmpfs mounted over it, as the root is read-only).
   */
  static FileEntriesLayer debianLayer(Path rootfs) throws IOException {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("debian");
    for (Path p : walk(rootfs)) {
      String relative = rootfs.relativize(p).toString();
      if (relative.isEmpty()) {
        continue; // the root directory itself is implied
      }
      String target = "/" + relative;
      if (target.equals(DATA)) {
        layer.addEntry(
            new FileEntry(
                p,
                AbsoluteUnixPath.get(target),
                FilePermissions.fromOctalString("770"),
                FILE_TIME,
                USER));
      } else if (target.equals("/tmp")) {
        // Jib takes no sticky bit; /tmp is only a mount point for a tmpfs or emptyDir.
        layer.addEntry(
            new FileEntry(
                p,
                AbsoluteUnixPath.get(target),
                FilePermissions.fromOctalString("777"),
                FILE_TIME,
                ROOT));
      } else {
        layer.addEntry(entry(p, target));
      }
    }
    return layer.build();
  }

  static FileEntriesLayer directoryLayer(String name, Path dir, String target) throws IOException {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
    for (Path p : walk(dir)) {
      String relative = dir.relativize(p).toString();
      layer.addEntry(entry(p, relative.isEmpty() ? target : target + "/" + relative));
    }
    return layer.build();
  }

  /**
   * The jars of lib/boot and lib/main: third-party ones, or Millwright's own modules (which change
   * with the code). Jars with something to leave out or strip are copied, slimmed, into {@code
   * stripped} (see {@link #slim}).
   */
  static FileEntriesLayer jarsLayer(String name, Path app, Path stripped, boolean millwright)
      throws IOException {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
    for (String dir : List.of("lib/boot", "lib/main")) {
      for (Path jar : walk(app.resolve(dir))) {
        if (!Files.isRegularFile(jar)) {
          continue;
        }
        boolean own = jar.getFileName().toString().startsWith("io.millwright.");
        if (own != millwright) {
          continue;
        }
        Path source = slim(jar, stripped.resolve(app.relativize(jar)));
        layer.addEntry(entry(source, APP + "/" + app.relativize(jar)));
      }
    }
    return layer.build();
  }

  /** quarkus-run.jar, quarkus/ (generated at build time) and app/ (the app module's jar). */
  static FileEntriesLayer applicationLayer(Path app) throws IOException {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("application");
    layer.addEntry(entry(app.resolve("quarkus-run.jar"), APP + "/quarkus-run.jar"));
    for (String dir : List.of("quarkus", "app")) {
      for (Path p : walk(app.resolve(dir))) {
        layer.addEntry(entry(p, APP + "/" + app.relativize(p)));
      }
    }
    return layer.build();
  }

  /**
   * Quarkus reads the Jandex indexes of the dependencies when it builds the application (bean
   * discovery, REST endpoints, OpenAPI); at run time nothing does: in the binary only Jandex's own
   * IndexReader could, and no class refers to it. 2.2 MB over 40 jars (fabric8's models most).
   */
  static final String JANDEX_INDEX = "META-INF/jandex.idx";

  /** Whether a jar entry is left out of the image's copy of its jar. */
  static boolean leftOut(String entryName) {
    return NativeLibraries.isForeign(entryName)
        || NativeLibraries.isMacDebugSymbols(entryName)
        || entryName.equals(JANDEX_INDEX);
  }

  /**
   * Returns the jar itself when nothing in it is left out (see {@link #leftOut}) and it holds no
   * native library, else a copy without those entries and with each native library's symbol table
   * stripped (see {@link #stripSymbols}). The copy keeps every other entry's bytes, time and order,
   * so it is the same on every build with the same strip.
   */
  static Path slim(Path jar, Path copy) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      if (zip.stream()
          .noneMatch(e -> leftOut(e.getName()) || NativeLibraries.isNative(e.getName()))) {
        return jar;
      }
      Files.createDirectories(copy.getParent());
      try (OutputStream file = Files.newOutputStream(copy);
          ZipOutputStream out = new ZipOutputStream(file)) {
        for (ZipEntry e : zip.stream().toList()) {
          if (leftOut(e.getName())) {
            continue;
          }
          byte[] content;
          try (InputStream in = zip.getInputStream(e)) {
            content = in.readAllBytes();
          }
          if (!e.isDirectory() && NativeLibraries.isNative(e.getName())) {
            content = stripSymbols(content, copy.resolveSibling(copy.getFileName() + ".so"));
          }
          ZipEntry kept = new ZipEntry(e.getName());
          kept.setTime(e.getTime());
          kept.setMethod(e.getMethod());
          if (e.getMethod() == ZipEntry.STORED) {
            CRC32 crc = new CRC32();
            crc.update(content);
            kept.setSize(content.length);
            kept.setCompressedSize(content.length);
            kept.setCrc(crc.getValue());
          }
          if (e.getExtra() != null) {
            kept.setExtra(e.getExtra());
          }
          out.putNextEntry(kept);
          out.write(content);
          out.closeEntry();
        }
      }
    }
    return copy;
  }

  /**
   * An ELF library without its symbol table ('strip --strip-unneeded', as build-base.sh does to
   * libjvm): DuckDB's and RocksDB's are shipped with theirs, 13 and 1.7 MB. The dynamic symbols
   * stay, so JNI and the dynamic loader find everything they did; only a crash's native frames lose
   * their names. Other bytes (not ELF), and libraries strip cannot make smaller (ONNX Runtime's are
   * stripped already), are returned as they are.
   */
  static byte[] stripSymbols(byte[] library, Path scratch) throws IOException {
    boolean elf =
        library.length > 4
            && library[0] == 0x7f
            && library[1] == 'E'
            && library[2] == 'L'
            && library[3] == 'F';
    if (!elf) {
      return library;
    }
    Path in = scratch.resolveSibling(scratch.getFileName() + ".in");
    try {
      Files.write(in, library);
      Process strip =
          new ProcessBuilder("strip", "--strip-unneeded", "-o", scratch.toString(), in.toString())
              .redirectErrorStream(true)
              .start();
      strip.getOutputStream().close();
      String output = new String(strip.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!strip.waitFor(120, TimeUnit.SECONDS) || strip.exitValue() != 0) {
        strip.destroyForcibly();
        throw new IOException("strip --strip-unneeded failed on a native library: " + output);
      }
      byte[] stripped = Files.readAllBytes(scratch);
      return stripped.length < library.length ? stripped : library;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stripping a native library", e);
    } finally {
      Files.deleteIfExists(in);
      Files.deleteIfExists(scratch);
    }
  }

  /** A file or directory, owned by root, with the permissions it has on disk. */
  static FileEntry entry(Path source, String target) throws IOException {
    FilePermissions permissions =
        FilePermissions.fromPosixFilePermissions(
            Files.getPosixFilePermissions(source, LinkOption.NOFOLLOW_LINKS));
    return new FileEntry(source, AbsoluteUnixPath.get(target), permissions, FILE_TIME, ROOT);
  }

  /** Every file and directory below {@code dir} (itself included), sorted; links are refused. */
  static List<Path> walk(Path dir) throws IOException {
    List<Path> paths = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted().toList()) {
        if (Files.isSymbolicLink(p)) {
          // Jib would copy the target's content: a dangling or absolute link would break silently.
          throw new IOException("symbolic link in an image layer source: " + p);
        }
        paths.add(p);
      }
    }
    return paths;
  }

  /** The commit the image is built from, when the sources are a git work tree. */
  record Git(String revision, Instant commitTime) {

    static Optional<Git> of(Path dir) {
      try {
        String head = run(dir, "git", "rev-parse", "HEAD");
        String time = run(dir, "git", "log", "-1", "--format=%ct");
        // Uncommitted changes: the revision alone would name sources the image was not built from.
        String dirty = run(dir, "git", "status", "--porcelain", "--untracked-files=no");
        return Optional.of(
            new Git(
                dirty.isEmpty() ? head : head + "-dirty",
                Instant.ofEpochSecond(Long.parseLong(time))));
      } catch (IOException | RuntimeException e) {
        System.err.println("millwright-image: no git revision for the labels: " + e.getMessage());
        return Optional.empty();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }

    private static String run(Path dir, String... command)
        throws IOException, InterruptedException {
      Process p = new ProcessBuilder(command).directory(dir.toFile()).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      p.getErrorStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + " failed");
      }
      return new String(out, StandardCharsets.UTF_8).strip();
    }
  }
}
