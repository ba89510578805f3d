package nl.buurtroute.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Media;
import io.vertx.core.json.JsonObject;
import nl.buurtroute.testing.ContentView;
import nl.buurtroute.testing.LiveClient;
import nl.buurtroute.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * The organisation's page /beheer in Chromium, as a team lead uses it: give the admin token once, find the
 * evenings, read the overview charts, compare two routes, open one and write the agreed next step on it,
 * download the period as CSV; at 1280 and at 360 px, with axe-core on every page kind and screenshots under
 * target/screenshots/beheer-*.png.
 */
class BeheerPageTest extends BrowserTest {
  static final String ADMIN = "beheer-e2e-admin-token-0123456789";

  static TestServer server;
  static ContentView content;
  static TestServer.CreatedSession kanaleneiland;
  static TestServer.CreatedSession zuilen;
  final PageChecks checks = new PageChecks();

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(Map.of("BUURTROUTE_ADMIN_TOKEN", ADMIN));
    content = ContentView.of(server);
    kanaleneiland = route("Wijkavond Kanaleneiland", 0, 12, List.of("inwoner", "inwoner", "wijkprofessional"));
    zuilen = route("Buurtavond Zuilen", 1, 12, List.of("inwoner", "beleidsambtenaar"));
    route("Wijkavond Overvecht", 2, 1, List.of("wijkprofessional"));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /**
   * A route driven over the protocol by a facilitator with phones of these rollen: {@code steps} steps, each
   * decided as the {@code pick}-th antwoord every rol may give; finished when it has all 12.
   */
  static TestServer.CreatedSession route(String title, int pick, int steps, List<String> rollen) {
    TestServer.CreatedSession session = server.createSession(title);
    try (LiveClient facilitator = server.connect()) {
      facilitator.facilitate(session.sessionId(), session.facilitatorToken());
      for (int i = 0; i < rollen.size(); i++) {
        LiveClient phone = server.connect();
        phone.join(session.joinCode(), "Deelnemer " + i, rollen.get(i));
        phone.close();
      }
      facilitator.command("next");
      String vraag = content.eersteVraag(0);
      for (int step = 0; step < steps; step++) {
        String antwoord = content.open(vraag, pick + step);
        facilitator.command(new JsonObject().put("type", "decide").put("antwoordId", antwoord));
        facilitator.command("next");
        String volgende = content.volgende(vraag, antwoord);
        vraag = volgende != null || step == 11 ? volgende : content.eersteVraag(step / 3 + 1);
      }
      if (steps == 12) {
        facilitator.command("finish");
      }
    }
    return session;
  }

  BrowserContext context(int width, int height, boolean phone) {
    Browser.NewContextOptions options = new Browser.NewContextOptions().setViewportSize(width, height)
        .setAcceptDownloads(true);
    if (phone) {
      options.setIsMobile(true).setHasTouch(true).setDeviceScaleFactor(2);
    }
    BrowserContext context = browser.newContext(options);
    context.setDefaultTimeout(15_000);
    return context;
  }

  static void click(Page page, String name) {
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true)).click();
  }

  /** A picture of one part of the page, small enough for a person to look at closely. */
  static void part(Page page, String selector, String name) {
    page.locator(selector).first().screenshot(new com.microsoft.playwright.Locator.ScreenshotOptions()
        .setPath(PageChecks.SCREENSHOTS.resolve(name + ".png")));
  }

  static void giveToken(Page page, String token) {
    page.getByLabel("Beheersleutel").fill(token);
    click(page, "Openen");
  }

  @Test
  void a_team_lead_finds_the_evenings_compares_two_and_writes_the_next_step() throws Exception {
    BrowserContext laptop = context(1280, 900, false);
    Page page = laptop.newPage();
    page.navigate(server.url("/beheer"));
    assertThat(page.getByLabel("Beheersleutel")).isFocused();
    // A wrong key first (its 403 is expected, so the page is watched only after it).
    giveToken(page, "not-the-admin-token");
    assertThat(page.locator("#admin-token-error")).containsText("klopt niet");
    checks.watch(page, "beheer 1280");
    checks.check(page, "beheer-01-token-1280");
    giveToken(page, ADMIN);

    assertThat(page.locator(".routes-table tbody tr")).hasCount(3);
    assertThat(page.locator(".overview-lead")).containsText("3 routes gestart");
    assertThat(page.locator(".overview-section br-bar-chart")).not().hasCount(0);
    assertThat(page.locator(".overview-section").getByText("Het vaakst gemist")).isVisible();
    org.assertj.core.api.Assertions.assertThat(page.evaluate("() => sessionStorage.getItem('buurtroute.admin')")).isEqualTo(ADMIN);
    org.assertj.core.api.Assertions.assertThat(page.evaluate("() => JSON.stringify(localStorage)").toString()).doesNotContain(ADMIN);
    checks.check(page, "beheer-02-overview-1280");
    part(page, ".routes-section", "beheer-02a-routes-1280");
    part(page, ".overview-section .card", "beheer-02b-elementen-1280");
    part(page, ".overview-section .card:nth-of-type(3)", "beheer-02c-oneens-1280");

    // Search on title.
    page.getByLabel("Zoek op titel").fill("wijkavond");
    click(page, "Zoeken");
    assertThat(page.locator(".routes-table tbody tr")).hasCount(2);
    assertThat(page.getByRole(AriaRole.STATUS)).containsText("van 2");
    assertThat(page.locator(".overview-lead")).containsText("3 routes gestart");

    // The period's routes as one CSV file, with the byte order mark and ';'.
    Download csv = page.waitForDownload(() -> click(page, "Download CSV van deze routes"));
    byte[] bytes = Files.readAllBytes(csv.path());
    org.assertj.core.api.Assertions.assertThat(bytes).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
    String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    org.assertj.core.api.Assertions.assertThat(text).contains("Sessie;Titel;").contains("Wijkavond Kanaleneiland")
        .contains("Wijkavond Overvecht").doesNotContain("Buurtavond Zuilen");

    // Compare two routes: the admin token stays out of the URL.
    click(page, "Alles tonen");
    assertThat(page.locator(".routes-table tbody tr")).hasCount(3);
    page.getByLabel("Kies Wijkavond Kanaleneiland om te vergelijken").check();
    page.getByLabel("Kies Buurtavond Zuilen om te vergelijken").check();
    click(page, "Vergelijk de twee gekozen routes");
    assertThat(page.locator(".compare-result")).containsText("Hier gaan de routes voor het eerst uit elkaar");
    org.assertj.core.api.Assertions.assertThat(page.url()).doesNotContain(ADMIN);
    checks.check(page, "beheer-03-compare-1280");

    // Open one route's review page from the list and write the agreed next step on it.
    page.navigate(server.url("/beheer"));
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Wijkavond Kanaleneiland")).click();
    page.waitForURL(Pattern.compile(".*/r/" + kanaleneiland.sessionId() + "$"));
    assertThat(page.locator("h1")).containsText("Wijkavond Kanaleneiland");
    assertThat(page.locator(".review-step")).hasCount(12);
    page.getByLabel("Nieuwe notitie").fill("Anna belt de woningcorporatie vóór 1 april; Cor plant de volgende avond.");
    click(page, "Notitie opslaan");
    assertThat(page.locator(".notes-list .note-text")).hasText("Anna belt de woningcorporatie vóór 1 april; Cor plant de volgende avond.");
    page.reload();
    assertThat(page.locator(".notes-list .note-text")).hasCount(1);
    assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Vergelijk met een andere route"))).isVisible();
    checks.check(page, "beheer-04-review-notes-1280");
    part(page, ".review-notes", "beheer-04a-notes-1280");
    page.emulateMedia(new Page.EmulateMediaOptions().setMedia(Media.PRINT));
    page.navigate(server.url("/beheer"));
    assertThat(page.locator(".overview-lead")).containsText("3 routes gestart");
    checks.screenshot(page, "beheer-05-print");
    laptop.close();

    org.assertj.core.api.Assertions.assertThat(checks.problems()).isEmpty();
  }

  @Test
  void on_a_360_px_phone_everything_reads_and_the_review_charts_have_no_tiny_text() {
    BrowserContext phone = context(360, 740, true);
    Page page = checks.watch(phone.newPage(), "beheer 360");
    page.navigate(server.url("/beheer"));
    giveToken(page, ADMIN);
    assertThat(page.locator(".routes-table tbody tr")).hasCount(3);
    assertThat(page.locator(".overview-lead")).containsText("routes gestart");
    org.assertj.core.api.Assertions.assertThat(page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))
        .isEqualTo(true);
    checks.check(page, "beheer-06-overview-360");
    part(page, ".routes-section", "beheer-06a-routes-360");
    part(page, ".overview-section .card", "beheer-06b-elementen-360");

    // The review page of a route, opened from the list, at 360 px: chart text at 12 px or more.
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Buurtavond Zuilen")).click();
    assertThat(page.locator(".review-step")).hasCount(12);
    Object smallest = page.evaluate("() => Math.min(...[...document.querySelectorAll('br-stack-chart svg')].flatMap((svg) => {"
        + " const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;"
        + " return [...svg.querySelectorAll('text')].map((t) => Number(t.getAttribute('font-size')) * scale); }))");
    org.assertj.core.api.Assertions.assertThat(((Number) smallest).doubleValue()).isGreaterThanOrEqualTo(12.0);
    Object legend = page.evaluate("() => Math.min(...[...document.querySelectorAll('.rol-legend span')].map((s) => parseFloat(getComputedStyle(s).fontSize)))");
    org.assertj.core.api.Assertions.assertThat(((Number) legend).doubleValue()).isGreaterThanOrEqualTo(12.0);
    org.assertj.core.api.Assertions.assertThat(page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))
        .isEqualTo(true);
    checks.check(page, "beheer-07-review-360");
    part(page, ".review-step", "beheer-07a-chart-360");
    part(page, ".legend-box", "beheer-07b-legend-360");
    phone.close();

    org.assertj.core.api.Assertions.assertThat(checks.problems()).isEmpty();
  }
}
