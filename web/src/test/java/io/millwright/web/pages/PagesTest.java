package io.millwright.web.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.web.users.Role;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class PagesTest {

  @Test
  void thePageCarriesTheViewerEscapedAndTheNavigationTheirRoleAllows() {
    String html =
        Pages.render(
            Page.OVERVIEW, new Viewer("olga", Role.OPERATOR, "tok<en>", "acme", "plant-\"1\""));
    assertThat(html)
        .contains("<meta name=\"mw-csrf\" content=\"tok&lt;en&gt;\">")
        .contains("<meta name=\"mw-site\" content=\"plant-&quot;1&quot;\">")
        .contains("<a href=\"/\" aria-current=\"page\">Plant</a>")
        .contains("<script src=\"/assets/overview.js\"></script>")
        .doesNotContain("href=\"/users\"");
    assertThat(Pages.render(Page.OVERVIEW, new Viewer("root", Role.ADMIN, "", "acme", "p")))
        .contains("href=\"/users\"");
  }

  @Test
  void everyPageHasItsFragmentAndScript() {
    for (Page page : Page.ALL) {
      assertThat(Pages.class.getResource("/io/millwright/web/pages/" + page.name() + ".html"))
          .as(page.name() + ".html")
          .isNotNull();
      assertThat(Pages.class.getResource("/META-INF/resources/assets/" + page.name() + ".js"))
          .as(page.name() + ".js")
          .isNotNull();
    }
  }

  @Test
  void aValueIsNeverFilledInItself() {
    assertThat(Pages.fill("{{a}}|{{b}}|{{c}}", Map.of("a", "{{b}}", "b", "x")))
        .isEqualTo("{{b}}|x|{{c}}");
  }

  @Test
  void afterSignInOnlyPathsOfThisServer() {
    assertThat(Pages.safeNext("/machines/cnc-02?range=1h")).isEqualTo("/machines/cnc-02?range=1h");
    assertThat(Pages.safeNext("https://evil.example/")).isEqualTo("/");
    assertThat(Pages.safeNext("//evil.example/")).isEqualTo("/");
    assertThat(Pages.safeNext("/\\evil.example/")).isEqualTo("/");
    assertThat(Pages.safeNext("/\r\nSet-Cookie: x")).isEqualTo("/");
    assertThat(Pages.safeNext(null)).isEqualTo("/");
  }

  @Property
  void anyNextIsALocalPath(@ForAll String next) {
    String safe = Pages.safeNext(next);
    assertThat(safe).startsWith("/").doesNotStartWith("//").doesNotStartWith("/\\");
    assertThat(safe.chars()).allMatch(c -> c >= 0x20 && c != 0x7f);
  }

  @Property
  void escapedTextHasNoMarkup(@ForAll String text) {
    assertThat(Pages.escape(text)).doesNotContain("<", ">", "\"", "'");
  }
}
