package nl.buurtroute.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.vertx.core.json.JsonObject;
import nl.buurtroute.testing.LiveClient;
import nl.buurtroute.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * Issue 13's "done when": a facilitator who sees strange names appear closes the room and clears them
 * within a minute, in the real console in Chromium; the beamer link it offers carries no facilitator
 * token; a phone opening the join link's QR gets in by its secret.
 */
class RoomSafetyTest extends BrowserTest {
  final PageChecks checks = new PageChecks();

  @Test
  void strange_names_flood_in_and_the_facilitator_locks_the_room_and_clears_them_within_a_minute() throws Exception {
    List<LiveClient> clients = new ArrayList<>();
    try (TestServer server = TestServer.start()) {
      TestServer.CreatedSession session = server.createSession("Buurtavond Ondiep");
      BrowserContext laptop = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
      laptop.setDefaultTimeout(15_000);
      Page console = checks.watch(laptop.newPage(), "console");
      console.navigate(server.url("/f/" + session.sessionId() + "#token=" + session.facilitatorToken()));
      assertThat(console.locator("br-room-control .lock-state")).containsText("open");

      // The beamer link holds a viewer token, not the facilitator's.
      String beamerHref = console.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Beamerscherm openen"))
          .getAttribute("href");
      org.assertj.core.api.Assertions.assertThat(beamerHref).contains("#view=").doesNotContain(session.facilitatorToken());

      // A phone from the QR code: the link with its secret.
      BrowserContext phoneContext = browser.newContext(new Browser.NewContextOptions().setViewportSize(360, 740)
          .setIsMobile(true).setHasTouch(true).setDeviceScaleFactor(2));
      Page phone = checks.watch(phoneContext.newPage(), "phone");
      List<String> sentJoins = new ArrayList<>();
      phone.onWebSocket(ws -> ws.onFrameSent(f -> {
        if (f.text() != null && f.text().contains("\"type\":\"join\"")) {
          sentJoins.add(f.text());
        }
      }));
      phone.navigate(session.joinUrl().replaceFirst("^https?://[^/]+", server.url("")));
      phone.getByLabel("Je naam").fill("Fatima");
      phone.locator("input[name=rol][value=inwoner]").check();
      phone.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Meedoen")).click();
      assertThat(console.locator("br-people-list")).containsText("Fatima");
      org.assertj.core.api.Assertions.assertThat(sentJoins).anyMatch(j -> j.contains(session.joinSecret()));
      org.assertj.core.api.Assertions.assertThat(phone.url()).doesNotContain(session.joinSecret());
      checks.check(phone, "40-phone-joined-by-link");

      for (int i = 0; i < 2; i++) {
        LiveClient neighbour = server.connect();
        clients.add(neighbour);
        neighbour.join(session.joinCode(), "Buur " + i, "wijkprofessional");
      }
      // The rush starts on a fresh second, so "after HH:MM:SS" can tell it from the neighbours.
      LocalTime rush = LocalTime.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
      // Waiting for the clock itself to pass that boundary (the event here is the clock, not a frame).
      while (!LocalTime.now().isAfter(rush.plus(5, ChronoUnit.MILLIS))) {
        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
      }
      for (int i = 0; i < 60; i++) {
        LiveClient bot = server.connect();
        clients.add(bot);
        bot.send(new JsonObject().put("type", "join").put("joinCode", session.joinCode())
            .put("name", "xX_b0t_" + i + "_Xx").put("rol", "inwoner"));
      }
      assertThat(console.locator("br-people-list")).containsText("xX_b0t_");

      long started = System.nanoTime();
      assertThat(console.locator("br-room-control .rate-warning")).isVisible();
      checks.check(console, "41-console-join-rate-warning");
      console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sessie op slot doen")).click();
      assertThat(console.locator("br-room-control .lock-state")).containsText("op slot");

      console.locator("br-room-control summary").click();
      console.getByLabel("Binnengekomen na (uu:mm:ss)").fill(rush.format(DateTimeFormatter.ofPattern("HH:mm:ss")));
      console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Zoeken")).click();
      assertThat(console.locator("br-room-control .room-people")).containsText("van 60 gevonden");
      checks.check(console, "42-console-find-after-time");
      console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(
          "Verwijder iedereen die na " + rush.format(DateTimeFormatter.ofPattern("HH:mm:ss")) + " binnenkwam")).click();
      assertThat(console.locator("br-room-control .room-message")).hasText("60 deelnemers weggehaald.");
      assertThat(console.locator("br-people-list")).not().containsText("xX_b0t_");
      assertThat(console.locator("br-people-list")).containsText("Fatima");
      assertThat(console.locator("br-people-list")).containsText("Buur 1");
      long seconds = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
      org.assertj.core.api.Assertions.assertThat(seconds).as("locked and cleared within a minute").isLessThan(60);

      // A latecomer is told the room is closed, in Dutch, on the phone.
      BrowserContext lateContext = browser.newContext(new Browser.NewContextOptions().setViewportSize(360, 740));
      Page late = checks.watch(lateContext.newPage(), "late-phone");
      late.navigate(server.url("/j/" + session.joinCode()));
      late.getByLabel("Je naam").fill("Laat");
      late.locator("input[name=rol][value=inwoner]").check();
      late.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Meedoen")).click();
      assertThat(late.locator("br-join-page")).containsText("op slot");
      checks.check(late, "43-phone-session-locked");

      // A new code: the console shows it grouped, the old one stops.
      console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Nieuwe code maken")).click();
      console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Ja, nieuwe code")).click();
      assertThat(console.locator("br-room-control .room-message")).containsText("nieuwe code");
      assertThat(console.locator(".join-line")).not().containsText(BeamerLayoutTest.grouped(session.joinCode()));
      checks.check(console, "44-console-new-code");
      org.assertj.core.api.Assertions.assertThat(checks.problems()).isEmpty();
      laptop.close();
      phoneContext.close();
      lateContext.close();
    } finally {
      clients.forEach(LiveClient::close);
    }
  }
}
