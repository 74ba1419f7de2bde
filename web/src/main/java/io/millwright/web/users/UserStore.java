package io.millwright.web.users;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The people who sign in, their API tokens and the audit of every change to either, in an embedded
 * H2 database ({@code WRITE_DELAY=0}: a change answered is on disk). The initial admin is not here:
 * its password lives with the process's credential ({@code MILLWRIGHT_ADMIN_PASSWORD}), so a lost
 * users file never locks the plant out.
 *
 * <p>Passwords are PBKDF2 hashes, slow on purpose; a password that checked out is remembered for a
 * few minutes as an HMAC under a key only this process knows, because HTTP Basic sends it with
 * every request. Tokens are 256 random bits, so their SHA-256 is enough to store.
 */
public final class UserStore implements AutoCloseable {

  /** The initial admin's name, reserved: see the class comment. */
  public static final String ADMIN = "admin";

  public static final int MIN_PASSWORD = 8;
  public static final int MAX_PASSWORD = 200;
  public static final int MAX_TOKENS_PER_USER = 20;
  static final String TOKEN_PREFIX = "mwt_";
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
  private static final Pattern TOKEN = Pattern.compile("mwt_([a-f0-9]{12})_([A-Za-z0-9_-]{43})");
  private static final long REMEMBER_NANOS = TimeUnit.MINUTES.toNanos(5);
  private static final int REMEMBER_AT_MOST = 1000;
  // Checked when a name is unknown, so an unknown name costs as much as a wrong password.
  private static final PasswordHash DUMMY = PasswordHash.of("not a password of anyone");

  private final Connection db;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final byte[] processKey = new byte[32];
  private final ConcurrentHashMap<String, Long> remembered = new ConcurrentHashMap<>();

  private UserStore(Connection db, Clock clock) {
    this.db = db;
    this.clock = clock;
    random.nextBytes(processKey);
  }

  /**
   * Opens (or creates) the store at {@code file} (H2 adds {@code .mv.db}).
   *
   * @throws IllegalStateException when it cannot be opened, e.g. another process holds it
   */
  public static UserStore open(Path file, Clock clock) {
    try {
      Connection c =
          DriverManager.getConnection(
              "jdbc:h2:file:" + file.toAbsolutePath() + ";WRITE_DELAY=0", "sa", "");
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE IF NOT EXISTS app_user (name VARCHAR(63) PRIMARY KEY, role VARCHAR(16)"
                + " NOT NULL, hash VARCHAR(200) NOT NULL, disabled BOOLEAN NOT NULL, created_ms"
                + " BIGINT NOT NULL, changed_ms BIGINT NOT NULL)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS api_token (id VARCHAR(12) PRIMARY KEY, user_name"
                + " VARCHAR(63) NOT NULL, digest VARCHAR(64) NOT NULL, label VARCHAR(100) NOT NULL,"
                + " created_ms BIGINT NOT NULL, last_used_ms BIGINT)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS user_audit (seq BIGINT AUTO_INCREMENT PRIMARY KEY, at_ms"
                + " BIGINT NOT NULL, actor VARCHAR(63) NOT NULL, action VARCHAR(40) NOT NULL,"
                + " subject VARCHAR(200) NOT NULL)");
      } catch (SQLException e) {
        c.close();
        throw e;
      }
      return new UserStore(c, clock);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot open the users database at " + file + ": " + e.getMessage(), e);
    }
  }

  public synchronized List<User> list() {
    List<User> out = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT name, role, disabled, created_ms, changed_ms FROM app_user ORDER BY name")) {
      while (r.next()) {
        out.add(user(r));
      }
      return out;
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  public synchronized Optional<User> find(String name) {
    try (PreparedStatement p =
        db.prepareStatement(
            "SELECT name, role, disabled, created_ms, changed_ms FROM app_user WHERE name = ?")) {
      p.setString(1, name);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? Optional.of(user(r)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /** Adds a user; {@code actor} is who asked, for the audit. */
  public User create(String actor, String name, String role, String password) throws UserException {
    String checkedName = checkName(name);
    Role checkedRole = checkRole(role);
    checkPassword(password);
    String hash = PasswordHash.of(password).text(); // slow: outside the lock
    synchronized (this) {
      if (find(checkedName).isPresent()) {
        throw new UserException(
            UserException.Kind.CONFLICT, "name", "a user \"" + checkedName + "\" exists already");
      }
      long now = clock.millis();
      try (PreparedStatement p =
          db.prepareStatement("INSERT INTO app_user VALUES (?, ?, ?, FALSE, ?, ?)")) {
        p.setString(1, checkedName);
        p.setString(2, checkedRole.apiName());
        p.setString(3, hash);
        p.setLong(4, now);
        p.setLong(5, now);
        p.executeUpdate();
      } catch (SQLException e) {
        throw failed(e);
      }
      audit(actor, "user created as " + checkedRole.apiName(), checkedName);
      return find(checkedName).orElseThrow();
    }
  }

  /**
   * Changes what is given (role, password, disabled) and leaves the rest.
   *
   * @return the user as changed
   */
  public User update(
      String actor,
      String name,
      Optional<String> role,
      Optional<String> password,
      Optional<Boolean> disabled)
      throws UserException {
    Optional<Role> newRole =
        role.isPresent() ? Optional.of(checkRole(role.get())) : Optional.empty();
    Optional<String> newHash = Optional.empty();
    if (password.isPresent()) {
      checkPassword(password.get());
      newHash = Optional.of(PasswordHash.of(password.get()).text());
    }
    synchronized (this) {
      User before = existing(name);
      long now = clock.millis();
      try (PreparedStatement p =
          db.prepareStatement(
              "UPDATE app_user SET role = ?, hash = COALESCE(?, hash), disabled = ?, changed_ms ="
                  + " ? WHERE name = ?")) {
        p.setString(1, newRole.orElse(before.role()).apiName());
        p.setString(2, newHash.orElse(null));
        p.setBoolean(3, disabled.orElse(before.disabled()));
        p.setLong(4, now);
        p.setString(5, name);
        p.executeUpdate();
      } catch (SQLException e) {
        throw failed(e);
      }
      newRole
          .filter(r -> r != before.role())
          .ifPresent(r -> audit(actor, "role changed to " + r.apiName(), name));
      newHash.ifPresent(h -> audit(actor, "password changed", name));
      disabled
          .filter(d -> d != before.disabled())
          .ifPresent(d -> audit(actor, d ? "user disabled" : "user enabled", name));
      forget(name);
      return existing(name);
    }
  }

  /** Removes a user and every token of theirs. */
  public synchronized void delete(String actor, String name) throws UserException {
    existing(name);
    try (PreparedStatement t = db.prepareStatement("DELETE FROM api_token WHERE user_name = ?");
        PreparedStatement u = db.prepareStatement("DELETE FROM app_user WHERE name = ?")) {
      t.setString(1, name);
      t.executeUpdate();
      u.setString(1, name);
      u.executeUpdate();
    } catch (SQLException e) {
      throw failed(e);
    }
    forget(name);
    audit(actor, "user deleted", name);
  }

  /**
   * The user, when the name and password match and the user is enabled. Constant-time in the
   * password comparison; an unknown name costs a hash too, so timing does not tell which names
   * exist.
   */
  public Optional<User> authenticate(String name, String password) {
    if (name == null || password == null || password.length() > MAX_PASSWORD) {
      return Optional.empty();
    }
    String stored;
    Optional<User> user;
    synchronized (this) {
      user = find(name);
      stored = user.isPresent() ? hashOf(name) : null;
    }
    String key = name + "\n" + remembrance(password);
    Long until = remembered.get(key);
    long now = System.nanoTime();
    boolean ok;
    if (stored != null && until != null && now - until < 0) {
      ok = true;
    } else {
      PasswordHash hash = stored != null ? PasswordHash.parse(stored) : DUMMY;
      ok = hash.matches(password) && stored != null;
      if (ok) {
        if (remembered.size() >= REMEMBER_AT_MOST) {
          remembered.clear();
        }
        remembered.put(key, now + REMEMBER_NANOS);
      }
    }
    return ok ? user.filter(u -> !u.disabled()) : Optional.empty();
  }

  /**
   * Makes an API token for {@code user}; the returned text is its only copy.
   *
   * @return {@code mwt_<id>_<secret>}
   */
  public synchronized String createToken(String actor, String userName, String label)
      throws UserException {
    existing(userName);
    String text = label == null ? "" : label.trim();
    if (text.isEmpty() || text.length() > 100) {
      throw new UserException(
          UserException.Kind.INVALID,
          "label",
          "give the token a label of 1 to 100 characters, e.g. the script that uses it");
    }
    if (tokens(userName).size() >= MAX_TOKENS_PER_USER) {
      throw new UserException(
          UserException.Kind.CONFLICT,
          "label",
          "a user may have at most " + MAX_TOKENS_PER_USER + " tokens; revoke one first");
    }
    byte[] idBytes = new byte[6];
    byte[] secret = new byte[32];
    random.nextBytes(idBytes);
    random.nextBytes(secret);
    String id = HexFormat.of().formatHex(idBytes);
    String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    try (PreparedStatement p =
        db.prepareStatement("INSERT INTO api_token VALUES (?, ?, ?, ?, ?, NULL)")) {
      p.setString(1, id);
      p.setString(2, userName);
      p.setString(3, sha256(secretText));
      p.setString(4, text);
      p.setLong(5, clock.millis());
      p.executeUpdate();
    } catch (SQLException e) {
      throw failed(e);
    }
    audit(actor, "token " + id + " created", userName);
    return TOKEN_PREFIX + id + "_" + secretText;
  }

  public synchronized List<ApiToken> tokens(String userName) {
    List<ApiToken> out = new ArrayList<>();
    try (PreparedStatement p =
        db.prepareStatement(
            "SELECT id, user_name, label, created_ms, last_used_ms FROM api_token WHERE user_name"
                + " = ? ORDER BY created_ms")) {
      p.setString(1, userName);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          long used = r.getLong(5);
          out.add(
              new ApiToken(
                  r.getString(1),
                  r.getString(2),
                  r.getString(3),
                  Instant.ofEpochMilli(r.getLong(4)),
                  r.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(used))));
        }
      }
      return out;
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  public synchronized void revokeToken(String actor, String userName, String id)
      throws UserException {
    try (PreparedStatement p =
        db.prepareStatement("DELETE FROM api_token WHERE id = ? AND user_name = ?")) {
      p.setString(1, id);
      p.setString(2, userName);
      if (p.executeUpdate() == 0) {
        throw new UserException(
            UserException.Kind.NOT_FOUND, "id", "no token \"" + id + "\" of " + userName);
      }
    } catch (SQLException e) {
      throw failed(e);
    }
    audit(actor, "token " + id + " revoked", userName);
  }

  /** The enabled user a token belongs to; any malformed or unknown token is simply not one. */
  public synchronized Optional<User> authenticateToken(String token) {
    if (token == null) {
      return Optional.empty();
    }
    var m = TOKEN.matcher(token);
    if (!m.matches()) {
      return Optional.empty();
    }
    try (PreparedStatement p =
        db.prepareStatement("SELECT user_name, digest FROM api_token WHERE id = ?")) {
      p.setString(1, m.group(1));
      String owner = null;
      String digest = null;
      try (ResultSet r = p.executeQuery()) {
        if (r.next()) {
          owner = r.getString(1);
          digest = r.getString(2);
        }
      }
      byte[] given = sha256(m.group(2)).getBytes(StandardCharsets.US_ASCII);
      byte[] expected =
          (digest != null ? digest : "0".repeat(64)).getBytes(StandardCharsets.US_ASCII);
      if (!MessageDigest.isEqual(given, expected) || owner == null) {
        return Optional.empty();
      }
      try (PreparedStatement u =
          db.prepareStatement("UPDATE api_token SET last_used_ms = ? WHERE id = ?")) {
        u.setLong(1, clock.millis());
        u.setString(2, m.group(1));
        u.executeUpdate();
      }
      return find(owner).filter(user -> !user.disabled());
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /** The latest changes, newest first. */
  public synchronized List<AuditEntry> audit(int limit) {
    List<AuditEntry> out = new ArrayList<>();
    try (PreparedStatement p =
        db.prepareStatement(
            "SELECT seq, at_ms, actor, action, subject FROM user_audit ORDER BY seq DESC LIMIT ?")) {
      p.setInt(1, Math.max(1, Math.min(limit, 1000)));
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(
              new AuditEntry(
                  r.getLong(1),
                  Instant.ofEpochMilli(r.getLong(2)),
                  r.getString(3),
                  r.getString(4),
                  r.getString(5)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /** Records a sign-in, a sign-out or a refused sign-in next to the changes. */
  public synchronized void audit(String actor, String action, String subject) {
    try (PreparedStatement p =
        db.prepareStatement(
            "INSERT INTO user_audit (at_ms, actor, action, subject) VALUES (?, ?, ?, ?)")) {
      p.setLong(1, clock.millis());
      p.setString(2, clip(actor, 63));
      p.setString(3, clip(action, 40));
      p.setString(4, clip(subject, 200));
      p.executeUpdate();
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      // closing: nothing left to save
    }
  }

  private User existing(String name) throws UserException {
    return find(name)
        .orElseThrow(
            () ->
                new UserException(
                    UserException.Kind.NOT_FOUND, "name", "no user \"" + name + "\""));
  }

  private String hashOf(String name) {
    try (PreparedStatement p = db.prepareStatement("SELECT hash FROM app_user WHERE name = ?")) {
      p.setString(1, name);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  private void forget(String name) {
    remembered.keySet().removeIf(k -> k.startsWith(name + "\n"));
  }

  private static String checkName(String name) throws UserException {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new UserException(
          UserException.Kind.INVALID,
          "name",
          "a user name is 1 to 63 characters: lower-case letters, digits, '.', '_' or '-',"
              + " starting with a letter or digit");
    }
    if (name.equals(ADMIN)) {
      throw new UserException(
          UserException.Kind.CONFLICT,
          "name",
          "\"admin\" is the initial admin (MILLWRIGHT_ADMIN_PASSWORD); choose another name");
    }
    return name;
  }

  private static Role checkRole(String role) throws UserException {
    return Role.parse(role)
        .orElseThrow(
            () ->
                new UserException(
                    UserException.Kind.INVALID,
                    "role",
                    "the role is one of viewer, operator, engineer, admin"));
  }

  private static void checkPassword(String password) throws UserException {
    if (password == null
        || password.codePointCount(0, password.length()) < MIN_PASSWORD
        || password.length() > MAX_PASSWORD) {
      throw new UserException(
          UserException.Kind.INVALID,
          "password",
          "a password has " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
    }
  }

  private static User user(ResultSet r) throws SQLException {
    return new User(
        r.getString(1),
        Role.parse(r.getString(2)).orElse(Role.VIEWER),
        r.getBoolean(3),
        Instant.ofEpochMilli(r.getLong(4)),
        Instant.ofEpochMilli(r.getLong(5)));
  }

  private String remembrance(String password) {
    return PasswordHash.remembrance(processKey, password);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static String clip(String text, int max) {
    String t = text == null ? "" : text;
    return t.length() <= max ? t : t.substring(0, max);
  }

  private static IllegalStateException failed(SQLException e) {
    return new IllegalStateException("the users database failed: " + e.getMessage(), e);
  }
}
