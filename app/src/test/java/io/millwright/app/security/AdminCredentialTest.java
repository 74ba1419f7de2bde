package io.millwright.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.app.config.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminCredentialTest {

  @TempDir Path dir;

  @Test
  void aFirstStartWithoutAPasswordGeneratesOneOnce() throws Exception {
    AdminCredential.Established first = AdminCredential.establish(dir, Optional.empty());
    assertThat(first.generatedPassword()).isPresent();
    String password = first.generatedPassword().get();
    assertThat(password).hasSize(20);
    assertThat(first.credential().matches("admin", password)).isTrue();

    AdminCredential.Established second = AdminCredential.establish(dir, Optional.empty());
    assertThat(second.generatedPassword()).isEmpty();
    assertThat(second.credential().matches("admin", password)).isTrue();
  }

  @Test
  void theConfiguredPasswordReplacesTheStoredOne() throws Exception {
    AdminCredential.establish(dir, Optional.of(new Secret("first-password")));
    AdminCredential.Established changed =
        AdminCredential.establish(dir, Optional.of(new Secret("second-password")));
    assertThat(changed.changed()).isTrue();
    assertThat(changed.credential().matches("admin", "second-password")).isTrue();
    assertThat(changed.credential().matches("admin", "first-password")).isFalse();
    assertThat(AdminCredential.establish(dir, Optional.of(new Secret("second-password"))).changed())
        .isFalse();
  }

  @Test
  void onlyAHashIsStoredAndOnlyTheOwnerMayReadIt() throws Exception {
    AdminCredential.establish(dir, Optional.of(new Secret("plain-text-never")));
    Path file = dir.resolve(AdminCredential.FILE);
    assertThat(Files.readString(file))
        .startsWith("pbkdf2-sha256$")
        .doesNotContain("plain-text-never");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void wrongUsersAndPasswordsAreRefused() throws Exception {
    AdminCredential c =
        AdminCredential.establish(dir, Optional.of(new Secret("correct-horse"))).credential();
    assertThat(c.matches("admin", "correct-horse")).isTrue();
    assertThat(c.matches("admin", "correct-horse ")).isFalse();
    assertThat(c.matches("Admin", "correct-horse")).isFalse();
    assertThat(c.matches("admin", null)).isFalse();
  }

  @Test
  void aDamagedFileIsAClearErrorNotASilentReset() throws Exception {
    Files.writeString(dir.resolve(AdminCredential.FILE), "garbage");
    assertThatThrownBy(() -> AdminCredential.establish(dir, Optional.empty()))
        .hasMessageContaining("is damaged")
        .hasMessageContaining("MILLWRIGHT_ADMIN_PASSWORD");
  }

  @Test
  void theSecretNeverPrintsItself() {
    assertThat(new Secret("hunter22hunter22").toString()).isEqualTo("****");
  }
}
