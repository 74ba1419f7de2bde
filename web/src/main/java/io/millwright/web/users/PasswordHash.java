package io.millwright.web.users;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted PBKDF2-SHA256 password hash in the text form {@code
 * pbkdf2-sha256$<iterations>$<salt>$<hash>} (Base64), the form stored for the admin and written
 * into configuration for MQTT users ({@code millwright passwd} prints one).
 */
public record PasswordHash(int iterations, byte[] salt, byte[] hash) {

  static final String PREFIX = "pbkdf2-sha256";

  /**
   * OWASP's 2023 guidance for PBKDF2-HMAC-SHA256 is 600,000; we trade some of that for start and
   * connect time.
   */
  public static final int ITERATIONS = 210_000;

  public PasswordHash {
    if (iterations < 10_000) {
      throw new IllegalArgumentException(
          "a password hash needs at least 10,000 iterations, not " + iterations);
    }
    if (salt.length < 8 || hash.length < 16) {
      throw new IllegalArgumentException("the salt or hash is too short");
    }
  }

  /**
   * What a cache of passwords already checked keeps instead of the password: its HMAC under a key
   * that lives only in the process, so the cache spares the PBKDF2 work without holding anything
   * reusable.
   */
  public static String remembrance(byte[] processKey, String password) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(processKey, "HmacSHA256"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  public static PasswordHash of(String password) {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    return new PasswordHash(
        ITERATIONS, salt, derive(password.getBytes(StandardCharsets.UTF_8), salt, ITERATIONS));
  }

  /**
   * @throws IllegalArgumentException saying what is wrong, without repeating the text (it may be a
   *     secret pasted by mistake)
   */
  public static PasswordHash parse(String text) {
    String[] parts = text.strip().split("\\$");
    if (parts.length != 4 || !parts[0].equals(PREFIX)) {
      throw new IllegalArgumentException(
          "is not a password hash; create one with 'millwright passwd' (it starts with "
              + PREFIX
              + "$)");
    }
    try {
      return new PasswordHash(
          Integer.parseInt(parts[1]),
          Base64.getDecoder().decode(parts[2]),
          Base64.getDecoder().decode(parts[3]));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("is a damaged password hash (" + e.getMessage() + ")");
    }
  }

  /** Constant-time comparison of the derived key. */
  public boolean matches(byte[] password) {
    return MessageDigest.isEqual(hash, derive(password, salt, iterations));
  }

  public boolean matches(String password) {
    return matches(password.getBytes(StandardCharsets.UTF_8));
  }

  public String text() {
    Base64.Encoder b64 = Base64.getEncoder();
    return PREFIX
        + "$"
        + iterations
        + "$"
        + b64.encodeToString(salt)
        + "$"
        + b64.encodeToString(hash);
  }

  @Override
  public String toString() {
    return PREFIX + "$" + iterations + "$...";
  }

  private static byte[] derive(byte[] password, byte[] salt, int iterations) {
    char[] chars = new String(password, StandardCharsets.UTF_8).toCharArray();
    try {
      PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, 256);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
    } finally {
      java.util.Arrays.fill(chars, '\0');
    }
  }
}
