package io.millwright.jobs.erp.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {

  @Test
  void queryCredentialsAreDropped() {
    assertThat(
            JdbcUrls.withoutCredentials(
                "jdbc:postgresql://db:5432/mw?user=mw&ssl=true&password=x&sslpassword=y"))
        .isEqualTo("jdbc:postgresql://db:5432/mw?ssl=true");
    assertThat(JdbcUrls.withoutCredentials("jdbc:mariadb://db/mw?password=x&USER=mw"))
        .isEqualTo("jdbc:mariadb://db/mw");
  }

  @Test
  void h2AttributesAndUserInfoAreDropped() {
    assertThat(JdbcUrls.withoutCredentials("jdbc:h2:mem:erp;USER=sa;PASSWORD=x;MODE=PostgreSQL"))
        .isEqualTo("jdbc:h2:mem:erp;MODE=PostgreSQL");
    assertThat(JdbcUrls.withoutCredentials("jdbc:mariadb://mw:x@db:3306/mw"))
        .isEqualTo("jdbc:mariadb://db:3306/mw");
  }

  @Test
  void aUrlWithoutCredentialsStaysAsItIs() {
    assertThat(JdbcUrls.withoutCredentials("jdbc:postgresql://db/mw?ssl=true&connectTimeout=5"))
        .isEqualTo("jdbc:postgresql://db/mw?ssl=true&connectTimeout=5");
  }
}
