package io.millwright.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SameOriginTest {

  static final String HOST = "plant.example:8080";

  @Test
  void ourOwnPagesAndScriptsPass() {
    assertThat(SameOrigin.check("same-origin", "http://plant.example:8080", null, HOST)).isTrue();
    assertThat(SameOrigin.check(null, "https://plant.example:8080", null, HOST)).isTrue();
    assertThat(SameOrigin.check(null, null, "http://plant.example:8080/jobs?x=1", HOST)).isTrue();
    // A typed URL, a bookmark, curl: the browser marks nothing or "none".
    assertThat(SameOrigin.check("none", null, null, HOST)).isTrue();
    assertThat(SameOrigin.check(null, null, null, HOST)).isTrue();
  }

  @Test
  void anotherSitesPageIsRefusedWhateverHeaderTellsIt() {
    assertThat(SameOrigin.check("cross-site", null, null, HOST)).isFalse();
    assertThat(SameOrigin.check("same-site", null, null, HOST)).isFalse();
    assertThat(SameOrigin.check(null, "http://evil.example", null, HOST)).isFalse();
    assertThat(SameOrigin.check(null, "http://plant.example:8080.evil.example", null, HOST))
        .isFalse();
    assertThat(SameOrigin.check(null, "null", null, HOST)).isFalse();
    assertThat(SameOrigin.check(null, null, "https://evil.example/plant.example:8080", HOST))
        .isFalse();
    assertThat(SameOrigin.check(null, null, "not a url at all", HOST)).isFalse();
    // The Origin decides even when a Referer names us.
    assertThat(SameOrigin.check(null, "http://evil.example", "http://plant.example:8080/", HOST))
        .isFalse();
  }

  @Test
  void formBodiesAreThoseAnotherSiteCanPostWithoutAsking() {
    assertThat(CsrfCheck.formLike("application/x-www-form-urlencoded")).isTrue();
    assertThat(CsrfCheck.formLike("multipart/form-data; boundary=x")).isTrue();
    assertThat(CsrfCheck.formLike("Text/Plain;charset=UTF-8")).isTrue();
    assertThat(CsrfCheck.formLike("application/json")).isFalse();
    assertThat(CsrfCheck.formLike(null)).isFalse();
  }
}
