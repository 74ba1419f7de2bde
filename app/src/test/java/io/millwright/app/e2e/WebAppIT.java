package io.millwright.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web app in a real browser (Debian's chromium driven by Playwright) against the running demo:
 * sign in, see the eleven machines live, open a machine and draw a one-hour trend, acknowledge an
 * alarm, run a job and watch it progress, lose the live connection and get it back; and at the HTTP
 * level what each role may do, CSRF and API tokens. Screenshots of every page go to {@code
 * target/screenshots/}; the browser's timings to {@code target/web-timings.txt} (recorded, not
 * asserted: timing belongs to the benchmark).
 */
class WebAppIT {

  static final String PASSWORD = "web-app-password";
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path SHOTS = Path.of("target", "screenshots");
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @TempDir Path dir;

  final Map<String, Object> timings = new LinkedHashMap<>();

  @Test
  void plantPeopleRunThePlantFromTheBrowser() throws Exception {
    Files.createDirectories(SHOTS);
    try (RunningBinary demo =
        RunningBinary.start(dir, Map.of("MILLWRIGHT_ADMIN_PASSWORD", PASSWORD), "demo")) {
      demo.awaitReady(Duration.ofSeconds(120));
      String base = "http://127.0.0.1:" + demo.httpPort;
      createUser(demo, "olga", "operator", "operator-password");
      createUser(demo, "vic", "viewer", "viewer-password");

      whatEachRoleMayDo(demo, base);

      try (Playwright playwright =
              Playwright.create(
                  new Playwright.CreateOptions()
                      .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
          Browser browser =
              playwright
                  .chromium()
                  .launch(
                      new BrowserType.LaunchOptions()
                          .setExecutablePath(CHROMIUM)
                          .setArgs(List.of("--no-sandbox")))) {
        List<String> pageErrors = new ArrayList<>();
        BrowserContext operator = context(browser);
        Page page = operator.newPage();
        page.onPageError(pageErrors::add);

        signIn(page, base, "/", "olga", "operator-password");
        overviewShowsElevenMachinesLive(page);
        page.navigate(base + "/andon");
        page.locator(".andon-tile").first().waitFor();
        shot(page, "andon");
        page.navigate(base + "/");
        machineDetailDrawsATrend(page);
        liveConnectionLostShowsABannerAndComesBack(operator, page);
        operatorAcknowledgesAnAlarm(demo, page, base);
        operatorRunsAJob(demo, page, base);

        BrowserContext admin = context(browser);
        Page adminPage = admin.newPage();
        adminPage.onPageError(pageErrors::add);
        signIn(adminPage, base, "/users", "admin", PASSWORD);
        adminPage.locator("#user-form").waitFor();
        shot(adminPage, "users");
        adminPage.navigate(base + "/machines");
        adminPage.waitForLoadState();
        adminPage.waitForTimeout(1500);
        shot(adminPage, "machines");
        adminPage.navigate(base + "/fleet");
        adminPage.locator("#fleet tr[data-site]").first().waitFor();
        shot(adminPage, "fleet");

        BrowserContext viewer = context(browser);
        Page viewerPage = viewer.newPage();
        signIn(viewerPage, base, "/alarms", "vic", "viewer-password");
        viewerPage.locator("#active-alarms").waitFor();
        assertThat(viewerPage.locator("#active-alarms .ack").count())
            .as("a viewer gets no acknowledge buttons")
            .isZero();
        var forbidden = viewerPage.navigate(base + "/users");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(viewerPage.content()).contains("Not allowed");

        assertThat(pageErrors).as("script errors in the pages").isEmpty();
      }
    } finally {
      StringBuilder text = new StringBuilder();
      timings.forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
      Files.writeString(Path.of("target", "web-timings.txt"), text);
      System.out.print("web app timings (chromium, this machine):\n" + text);
    }
  }

  private static BrowserContext context(Browser browser) {
    return browser.newContext(new Browser.NewContextOptions().setViewportSize(1366, 768));
  }

  private void signIn(Page page, String base, String next, String user, String password) {
    page.navigate(base + next);
    assertThat(page.url()).contains("/login?next=");
    shot(page, "sign-in");
    page.fill("#user", user);
    page.fill("#password", "wrong-" + password);
    page.click("button[type=submit]");
    // The sign-in page holds the element, hidden and empty, before the answer: read it once the
    // answer (a password hash's time, longer on a busy machine) has shown it.
    page.locator("#sign-in-error")
        .waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.VISIBLE));
    assertThat(page.locator("#sign-in-error").textContent()).contains("Wrong user or password");
    page.fill("#password", password);
    page.click("button[type=submit]");
    page.waitForURL(base + next);
  }

  private void overviewShowsElevenMachinesLive(Page page) {
    page.locator("#plant .tile").first().waitFor();
    page.waitForFunction("() => document.body.dataset.ready");
    timings.put(
        "overview interactive (ms after navigation start)",
        page.evaluate("() => document.body.dataset.ready"));
    // Live: every machine comes online and shows a state, without a reload. washer-01's link drops
    // now and then by design (for up to 45 s, and a minute with the reconnect back-off): it may be
    // offline, as the other end-to-end tests allow.
    page.waitForFunction(
        "() => document.querySelectorAll('#plant .tile').length === 11 && [...document"
            + ".querySelectorAll('#plant .tile')].every(t => t.dataset.state && (t.dataset.state"
            + " !== 'offline' || t.dataset.machine === 'washer-01'))",
        null,
        new Page.WaitForFunctionOptions().setTimeout(60_000));
    String before = page.locator("#plant").innerText();
    page.waitForFunction(
        "(b) => document.querySelector('#plant').innerText !== b",
        before,
        new Page.WaitForFunctionOptions().setTimeout(30_000));
    shot(page, "overview");
  }

  private void machineDetailDrawsATrend(Page page) {
    page.locator("#plant .tile[data-machine=\"cnc-02\"] a").first().click();
    page.waitForURL("**/machines/cnc-02");
    page.locator("#values tr[data-tag]").first().waitFor();
    // One hour of two tags (the choice fills once the historian has answered which tags it holds).
    Locator tags = page.locator("#trend-tags option");
    tags.first()
        .waitFor(
            new Locator.WaitForOptions()
                .setState(WaitForSelectorState.ATTACHED)
                .setTimeout(30_000));
    List<String> first = new ArrayList<>();
    for (int i = 0; i < Math.min(2, tags.count()); i++) {
      first.add(tags.nth(i).getAttribute("value"));
    }
    assertThat(first).isNotEmpty();
    page.selectOption("#trend-tags", first.toArray(String[]::new));
    page.selectOption("#trend-range", "1h");
    page.evaluate("() => document.querySelector('#trend').removeAttribute('data-drawn-ms')");
    page.click("#trend-draw");
    page.waitForFunction("() => document.querySelector('#trend').dataset.drawnMs");
    assertThat(Integer.parseInt(page.locator("#trend").getAttribute("data-points"))).isPositive();
    timings.put(
        "1-hour trend of " + first.size() + " tags drawn (ms from request)",
        page.locator("#trend").getAttribute("data-drawn-ms"));
    assertThat(page.locator("#trend canvas").count()).isPositive();
    shot(page, "machine");
    // A day of four tags: the figure the issue asks for (the demo holds only minutes of it).
    List<String> four = new ArrayList<>();
    for (int i = 0; i < Math.min(4, tags.count()); i++) {
      four.add(tags.nth(i).getAttribute("value"));
    }
    page.selectOption("#trend-tags", four.toArray(String[]::new));
    page.selectOption("#trend-range", "24h");
    page.evaluate("() => document.querySelector('#trend').removeAttribute('data-drawn-ms')");
    page.click("#trend-draw");
    page.waitForFunction("() => document.querySelector('#trend').dataset.drawnMs");
    timings.put(
        "24-hour trend of " + four.size() + " tags drawn (ms from request; demo history)",
        page.locator("#trend").getAttribute("data-drawn-ms"));
  }

  private void liveConnectionLostShowsABannerAndComesBack(BrowserContext context, Page page) {
    context.setOffline(true);
    page.locator("#banner")
        .waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.VISIBLE));
    assertThat(page.locator("#banner").textContent()).contains("Live connection lost");
    context.setOffline(false);
    page.locator("#banner")
        .waitFor(
            new Locator.WaitForOptions().setState(WaitForSelectorState.HIDDEN).setTimeout(30_000));
  }

  private void operatorAcknowledgesAnAlarm(RunningBinary demo, Page page, String base)
      throws Exception {
    var fault =
        demo.send(
            "POST",
            "/api/v1/simulator/machines/laser-01/fault",
            "{\"code\":520}",
            "admin",
            PASSWORD);
    assertThat(fault.statusCode()).isBetween(200, 204);
    page.navigate(base + "/alarms");
    Locator row = page.locator("#active-alarms tr[data-alarm=\"laser-01/fault\"]");
    row.waitFor(new Locator.WaitForOptions().setTimeout(60_000));
    row.locator(".ack").click();
    Locator dialog = page.locator("#alarm-dialog");
    dialog.locator("textarea[name=comment]").fill("maintenance called");
    shot(page, "alarm-acknowledge");
    dialog.locator("[type=submit]").click();
    page.waitForFunction(
        "() => document.querySelector('#active-alarms tr[data-alarm=\"laser-01/fault\"]')"
            + "?.dataset.state === 'active-acknowledged'",
        null,
        new Page.WaitForFunctionOptions().setTimeout(30_000));
    JsonNode alarm =
        JSON.readTree(demo.get("/api/v1/alarms/laser-01/fault", "admin", PASSWORD).body());
    assertThat(alarm.toString()).contains("olga").contains("maintenance called");
    shot(page, "alarms");
    demo.send("DELETE", "/api/v1/simulator/machines/laser-01/fault", null, "admin", PASSWORD);
  }

  private void operatorRunsAJob(RunningBinary demo, Page page, String base) throws Exception {
    page.navigate(base + "/jobs");
    Locator running = page.locator("#jobs tr[data-status=\"running\"]").first();
    running.waitFor(new Locator.WaitForOptions().setTimeout(60_000));
    String id = running.getAttribute("data-job");
    Locator row = page.locator("#jobs tr[data-job=\"" + id + "\"]");
    row.locator(".pause").click();
    confirmIfAsked(page);
    page.waitForFunction(
        "(id) => document.querySelector(`#jobs tr[data-job=\"${id}\"]`)?.dataset.status === 'paused'",
        id,
        new Page.WaitForFunctionOptions().setTimeout(30_000));
    row.locator(".resume").click();
    confirmIfAsked(page);
    // Resumed, the job goes back to its machine, or first into its queue when the machine took
    // the next job meanwhile.
    page.waitForFunction(
        "(id) => ['dispatched','running','released'].includes(document.querySelector(`#jobs tr[data-job=\"${id}\"]`)?.dataset.status)",
        id,
        new Page.WaitForFunctionOptions().setTimeout(60_000));
    // Progress shows live: a running job's count moves without a reload. Any running job: the one
    // listed first (the newest) may be on a machine with a cycle of a minute or two, or in a stop
    // of several minutes just now.
    page.locator("#jobs tr[data-status=\"running\"]")
        .first()
        .waitFor(new Locator.WaitForOptions().setTimeout(60_000));
    Object progress =
        page.evaluate(
            "() => Object.fromEntries([...document.querySelectorAll('#jobs"
                + " tr[data-status=\"running\"]')].map(r => [r.dataset.job,"
                + " r.querySelector('.job-progress').innerText]))");
    page.waitForFunction(
        "(before) => Object.entries(before).some(([id, text]) => {"
            + " const p = document.querySelector(`#jobs tr[data-job=\"${id}\"] .job-progress`);"
            + " return p && p.innerText !== text; })",
        progress,
        new Page.WaitForFunctionOptions().setTimeout(90_000));
    shot(page, "jobs");
    JsonNode job = JSON.readTree(demo.get("/api/v1/jobs/" + id, "admin", PASSWORD).body());
    assertThat(job.toString()).contains("olga");
  }

  /** A confirmation dialog of the page (a note, an OK), if the action asks for one. */
  private static void confirmIfAsked(Page page) {
    page.waitForTimeout(300);
    Locator dialog = page.locator("dialog[open]");
    if (dialog.count() > 0) {
      dialog.locator("[type=submit]").first().click();
    }
  }

  private void whatEachRoleMayDo(RunningBinary demo, String base) throws Exception {
    // Nothing but health, metrics and the sign-in page without signing in.
    HttpClient plain = HttpClient.newBuilder().build();
    var page = plain.send(get(base + "/alarms").header("Accept", "text/html").build(), text());
    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().firstValue("Location")).contains("/login?next=%2Falarms");
    var api = plain.send(get(base + "/api/v1/plant").build(), text());
    assertThat(api.statusCode()).isEqualTo(401);
    assertThat(api.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"Millwright\"");
    assertThat(plain.send(get(base + "/q/health/ready").build(), text()).statusCode())
        .isEqualTo(200);

    // A viewer reads and changes nothing; an operator acknowledges; only an admin manages users.
    assertThat(demo.get("/api/v1/plant", "vic", "viewer-password").statusCode()).isEqualTo(200);
    var refused =
        demo.send("POST", "/api/v1/alarms/laser-01/fault/ack", "{}", "vic", "viewer-password");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("\"status\":403");
    assertThat(demo.get("/api/v1/users", "olga", "operator-password").statusCode()).isEqualTo(403);
    assertThat(demo.get("/api/v1/users", "admin", PASSWORD).statusCode()).isEqualTo(200);

    // A form mistake names its field.
    var bad =
        demo.send(
            "POST",
            "/api/v1/users",
            "{\"name\":\"Bad Name\",\"role\":\"viewer\",\"password\":\"long-enough\"}",
            "admin",
            PASSWORD);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).at("/errors/0/field").asText()).isEqualTo("name");

    // API tokens for scripts: work until revoked.
    var made =
        demo.send(
            "POST", "/api/v1/users/vic/tokens", "{\"label\":\"wallboard\"}", "admin", PASSWORD);
    assertThat(made.statusCode()).isEqualTo(201);
    String token = JSON.readTree(made.body()).get("token").asText();
    var withToken =
        plain.send(
            get(base + "/api/v1/plant").header("Authorization", "Bearer " + token).build(), text());
    assertThat(withToken.statusCode()).isEqualTo(200);
    String tokenId = token.substring(4, 16);
    assertThat(
            demo.send("DELETE", "/api/v1/users/vic/tokens/" + tokenId, null, "admin", PASSWORD)
                .statusCode())
        .isEqualTo(204);
    assertThat(
            plain
                .send(
                    get(base + "/api/v1/plant").header("Authorization", "Bearer " + token).build(),
                    text())
                .statusCode())
        .isEqualTo(401);

    // A browser session: changes need its CSRF token; another site's page gets nowhere.
    HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    var signedIn =
        browser.send(
            HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "user=admin&password="
                            + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)
                            + "&next=%2F%2Fevil.example%2F"))
                .build(),
            text());
    assertThat(signedIn.statusCode()).isEqualTo(303);
    assertThat(signedIn.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(URI.create(l).getPath()).isEqualTo("/"));
    assertThat(signedIn.headers().firstValue("Set-Cookie"))
        .hasValueSatisfying(c -> assertThat(c).contains("HttpOnly").contains("SameSite=Strict"));
    String body = "{\"name\":\"csrf-victim\",\"role\":\"admin\",\"password\":\"long-enough-pw\"}";
    var noToken =
        browser.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/users"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            text());
    assertThat(noToken.statusCode()).isEqualTo(403);
    var crossSite =
        plain.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/users"))
                .header("Content-Type", "application/json")
                .header("Sec-Fetch-Site", "cross-site")
                .header(
                    "Authorization",
                    "Basic "
                        + java.util.Base64.getEncoder()
                            .encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            text());
    assertThat(crossSite.statusCode()).isEqualTo(403);
    String basic =
        "Basic "
            + java.util.Base64.getEncoder()
                .encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    var otherOrigin =
        plain.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/users"))
                .header("Content-Type", "application/json")
                .header("Origin", "http://evil.example")
                .header("Authorization", basic)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            text());
    assertThat(otherOrigin.statusCode()).isEqualTo(403);
    var formBody =
        plain.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/users"))
                .header("Content-Type", "text/plain")
                .header("Authorization", basic)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            text());
    // Refused either as a form body with Basic (403) or, for a resource that takes only JSON,
    // before the check by content negotiation (415).
    assertThat(formBody.statusCode()).isIn(403, 415);
    assertThat(demo.get("/api/v1/users", "admin", PASSWORD).body()).doesNotContain("csrf-victim");
  }

  private static void createUser(RunningBinary demo, String name, String role, String password) {
    var made =
        demo.send(
            "POST",
            "/api/v1/users",
            "{\"name\":\""
                + name
                + "\",\"role\":\""
                + role
                + "\",\"password\":\""
                + password
                + "\"}",
            "admin",
            PASSWORD);
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
  }

  private static HttpRequest.Builder get(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
  }

  private static HttpResponse.BodyHandler<String> text() {
    return HttpResponse.BodyHandlers.ofString();
  }

  private static void shot(Page page, String name) {
    page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + ".png")));
  }
}
