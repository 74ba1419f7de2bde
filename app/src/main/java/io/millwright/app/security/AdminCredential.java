package io.millwright.app.security;

import io.millwright.app.config.Secret;
import io.millwright.web.users.PasswordHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The initial admin's password, kept only as a salted PBKDF2 hash in the data directory. It comes
 * from {@code MILLWRIGHT_ADMIN_PASSWORD}; when that is unset on a first start a random one is
 * generated and shown once.
 *
 * <p>PBKDF2 is deliberately slow, and HTTP Basic sends the password with every request, so a
 * successful check is remembered for a few minutes as an HMAC under a key that lives only in this
 * process.
 */
public final class AdminCredential {

  public static final String USER = "admin";
  static final String FILE = "admin.pbkdf2";
  private static final long REMEMBER_NANOS = TimeUnit.MINUTES.toNanos(5);
  private static final char[] ALPHABET =
      "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

  private final PasswordHash hash;
  private final byte[] processKey = new byte[32];
  private final ConcurrentHashMap<String, Long> remembered = new ConcurrentHashMap<>();

  private AdminCredential(PasswordHash hash) {
    this.hash = hash;
    new SecureRandom().nextBytes(processKey);
  }

  /**
   * What {@link #establish} did, so the caller can tell the user (once) without this class printing
   * anything.
   */
  public record Established(
      AdminCredential credential, Optional<String> generatedPassword, boolean changed) {}

  /**
   * Loads the stored credential, replaces it with the configured password when one is given, or
   * creates one.
   *
   * @param directory where the hash file lives (created with owner-only permissions)
   */
  public static Established establish(Path directory, Optional<Secret> configured)
      throws IOException {
    Path file = directory.resolve(FILE);
    Optional<AdminCredential> stored =
        Files.exists(file) ? Optional.of(read(file)) : Optional.empty();
    if (configured.isPresent()) {
      String password = configured.get().reveal();
      if (stored.isPresent() && stored.get().matches(USER, password)) {
        return new Established(stored.get(), Optional.empty(), false);
      }
      return new Established(create(file, password), Optional.empty(), true);
    }
    if (stored.isPresent()) {
      return new Established(stored.get(), Optional.empty(), false);
    }
    String generated = generatePassword();
    return new Established(create(file, generated), Optional.of(generated), true);
  }

  /** Whether the user and password are the admin's; constant-time in the password comparison. */
  public boolean matches(String user, String password) {
    if (!USER.equals(user) || password == null) {
      return false;
    }
    String token = remembrance(password);
    Long until = remembered.get(token);
    long now = System.nanoTime();
    if (until != null && now - until < 0) {
      return true;
    }
    boolean ok = hash.matches(password);
    if (ok) {
      remembered.clear();
      remembered.put(token, now + REMEMBER_NANOS);
    }
    return ok;
  }

  private String remembrance(String password) {
    return PasswordHash.remembrance(processKey, password);
  }

  private static AdminCredential create(Path file, String password) throws IOException {
    PasswordHash hash = PasswordHash.of(password);
    Files.createDirectories(file.getParent());
    Path temp = file.resolveSibling(FILE + ".tmp");
    Files.deleteIfExists(temp);
    try {
      Files.createFile(
          temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(temp);
    }
    Files.writeString(temp, hash.text() + "\n", StandardCharsets.UTF_8);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return new AdminCredential(hash);
  }

  private static AdminCredential read(Path file) throws IOException {
    try {
      return new AdminCredential(
          PasswordHash.parse(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IllegalArgumentException e) {
      throw new IOException(
          file
              + " is damaged ("
              + e.getMessage()
              + "); delete it and set MILLWRIGHT_ADMIN_PASSWORD to start over");
    }
  }

  static String generatePassword() {
    SecureRandom random = new SecureRandom();
    StringBuilder out = new StringBuilder(20);
    for (int i = 0; i < 20; i++) {
      out.append(ALPHABET[random.nextInt(ALPHABET.length)]);
    }
    return out.toString();
  }
}
