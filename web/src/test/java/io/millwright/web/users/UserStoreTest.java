package io.millwright.web.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserStoreTest {

  @TempDir Path dir;

  @Test
  void aUserSignsInWithTheirPasswordOnlyWhileEnabled() throws Exception {
    try (UserStore store = UserStore.open(dir.resolve("users"), Clock.systemUTC())) {
      store.create("admin", "olga", "operator", "operator-pw");
      assertThat(store.authenticate("olga", "operator-pw")).map(User::role).contains(Role.OPERATOR);
      assertThat(store.authenticate("olga", "wrong-password")).isEmpty();
      assertThat(store.authenticate("nobody", "operator-pw")).isEmpty();
      store.update("admin", "olga", Optional.empty(), Optional.empty(), Optional.of(true));
      // Remembered from the last check, and still refused: disabling wins over the cache.
      assertThat(store.authenticate("olga", "operator-pw")).isEmpty();
    }
  }

  @Test
  void aNewPasswordReplacesTheOldOneAtOnce() throws Exception {
    try (UserStore store = UserStore.open(dir.resolve("users"), Clock.systemUTC())) {
      store.create("admin", "olga", "viewer", "first-password");
      assertThat(store.authenticate("olga", "first-password")).isPresent();
      store.update(
          "admin",
          "olga",
          Optional.of("engineer"),
          Optional.of("second-password"),
          Optional.empty());
      assertThat(store.authenticate("olga", "first-password")).isEmpty();
      assertThat(store.authenticate("olga", "second-password"))
          .map(User::role)
          .contains(Role.ENGINEER);
    }
  }

  @Test
  void usersAndTokensSurviveAReopen() throws Exception {
    String token;
    try (UserStore store = UserStore.open(dir.resolve("users"), Clock.systemUTC())) {
      store.create("admin", "erp-bridge", "engineer", "long-enough-pw");
      token = store.createToken("admin", "erp-bridge", "ERP push");
    }
    try (UserStore store = UserStore.open(dir.resolve("users"), Clock.systemUTC())) {
      assertThat(store.authenticateToken(token)).map(User::name).contains("erp-bridge");
      assertThat(store.tokens("erp-bridge"))
          .singleElement()
          .satisfies(
              t -> {
                assertThat(t.label()).isEqualTo("ERP push");
                assertThat(t.lastUsed()).isPresent();
              });
      assertThat(store.audit(10))
          .extracting(AuditEntry::action)
          .contains("user created as engineer", "token " + token.substring(4, 16) + " created");
    }
  }

  @Test
  void aRevokedOrAlteredTokenIsNoToken() throws Exception {
    try (UserStore store = UserStore.open(dir.resolve("users"), Clock.systemUTC())) {
      store.create("admin", "script", "viewer", "long-enough-pw");
      String token = store.createToken("admin", "script", "nightly export");
      char last = token.charAt(token.length() - 1);
      String altered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
      assertThat(store.authenticateToken(altered)).isEmpty();
      assertThat(store.authenticateToken("mwt_nonsense")).isEmpty();
      assertThat(store.authenticateToken("")).isEmpty();
      store.revokeToken("admin", "script", token.substring(4, 16));
      assertThat(store.authenticateToken(token)).isEmpty();
    }
  }

  @Test
  void deletingAUserTakesTheirTokens() throws Exception {
    try (UserStore store = UserStore.open(dir.resolve("users"), Clock.systemUTC())) {
      store.create("admin", "temp", "viewer", "long-enough-pw");
      String token = store.createToken("admin", "temp", "t");
      store.delete("admin", "temp");
      assertThat(store.authenticateToken(token)).isEmpty();
      assertThat(store.find("temp")).isEmpty();
    }
  }

  @Test
  void badFieldsAreNamed() throws Exception {
    try (UserStore store = UserStore.open(dir.resolve("users"), Clock.systemUTC())) {
      assertThatThrownBy(() -> store.create("admin", "Olga Smith", "viewer", "long-enough-pw"))
          .isInstanceOfSatisfying(
              UserException.class, e -> assertThat(e.field()).isEqualTo("name"));
      assertThatThrownBy(() -> store.create("admin", "olga", "boss", "long-enough-pw"))
          .isInstanceOfSatisfying(
              UserException.class, e -> assertThat(e.field()).isEqualTo("role"));
      assertThatThrownBy(() -> store.create("admin", "olga", "viewer", "short"))
          .isInstanceOfSatisfying(
              UserException.class, e -> assertThat(e.field()).isEqualTo("password"));
      assertThatThrownBy(() -> store.create("admin", "admin", "viewer", "long-enough-pw"))
          .isInstanceOfSatisfying(
              UserException.class,
              e -> assertThat(e.kind()).isEqualTo(UserException.Kind.CONFLICT));
      store.create("admin", "olga", "viewer", "long-enough-pw");
      assertThatThrownBy(() -> store.create("admin", "olga", "viewer", "long-enough-pw"))
          .isInstanceOfSatisfying(
              UserException.class,
              e -> assertThat(e.kind()).isEqualTo(UserException.Kind.CONFLICT));
      assertThatThrownBy(
              () ->
                  store.update(
                      "admin", "ghost", Optional.of("viewer"), Optional.empty(), Optional.empty()))
          .isInstanceOfSatisfying(
              UserException.class,
              e -> assertThat(e.kind()).isEqualTo(UserException.Kind.NOT_FOUND));
    }
  }

  @Test
  void rolesIncludeTheLesserOnes() {
    assertThat(Role.ENGINEER.grants()).containsExactlyInAnyOrder("viewer", "operator", "engineer");
    assertThat(Role.VIEWER.grants()).containsExactly("viewer");
    assertThat(Role.parse(" Admin ")).contains(Role.ADMIN);
    assertThat(Role.parse("root")).isEmpty();
  }
}
