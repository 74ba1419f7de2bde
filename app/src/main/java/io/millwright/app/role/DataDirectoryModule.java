package io.millwright.app.role;

import io.millwright.app.module.Health;
import io.millwright.app.module.Key;
import io.millwright.app.module.Module;
import io.millwright.app.module.ModuleContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens the data directory and holds an exclusive lock on it for the life of the process: two
 * processes writing the same stores would corrupt them, which is worse than refusing to start.
 */
public final class DataDirectoryModule implements Module {

  public static final Key<DataDirectory> KEY = Key.of("data directory", DataDirectory.class);

  private FileChannel lockChannel;
  private FileLock lock;
  private Path root;

  @Override
  public void start(ModuleContext context) throws IOException {
    root = context.config().dataDirectory().toAbsolutePath().normalize();
    try {
      Files.createDirectories(root);
    } catch (AccessDeniedException e) {
      throw new IOException("data directory " + root + " cannot be created: permission denied", e);
    }
    if (!Files.isWritable(root)) {
      throw new IOException("data directory " + root + " is not writable by this user");
    }
    Path lockFile = root.resolve(".lock");
    lockChannel =
        FileChannel.open(
            lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
    lock = lockChannel.tryLock();
    if (lock == null) {
      String holder = new String(Files.readAllBytes(lockFile), StandardCharsets.UTF_8).strip();
      lockChannel.close();
      throw new IOException(
          "data directory "
              + root
              + " is in use by another Millwright process"
              + (holder.isEmpty() ? "" : " (" + holder + ")")
              + "; stop it or set MILLWRIGHT_DATA to another directory");
    }
    lockChannel.truncate(0);
    lockChannel.write(
        ByteBuffer.wrap(("pid " + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
    lockChannel.force(true);
    context.provide(KEY, new DataDirectory(root));
  }

  @Override
  public void stop() throws IOException {
    if (lock != null) {
      lock.release();
    }
    if (lockChannel != null) {
      lockChannel.close();
    }
  }

  @Override
  public Health health() {
    if (lock == null || !lock.isValid()) {
      return Health.dead("lost the lock on the data directory");
    }
    if (!Files.isDirectory(root)) {
      return Health.dead("data directory " + root + " has disappeared");
    }
    return Health.UP;
  }
}
