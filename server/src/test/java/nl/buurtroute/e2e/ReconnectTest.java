package nl.buurtroute.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.vertx.core.json.JsonObject;
import nl.buurtroute.testing.ContentView;
import nl.buurtroute.testing.LiveClient;
import nl.buurtroute.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * A phone that loses the server: the banner says so, a vote tapped while offline waits, and after the
 * server is back (same store, same port) the phone resumes and sends that vote exactly once.
 */
class ReconnectTest extends BrowserTest {
  final PageChecks checks = new PageChecks();

  @Test
  void a_vote_tapped_while_the_server_is_gone_is_sent_once_after_resuming() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Path data = Files.createTempDirectory("buurtroute-e2e-reconnect");
    Map<String, String> env = Map.of("BUURTROUTE_PORT", String.valueOf(port), "BUURTROUTE_DATA", data.toString());
    TestServer server = TestServer.start(env);
    ContentView content = ContentView.of(server);
    TestServer.CreatedSession session = server.createSession("Buurtavond Lombok");
    String vraag = content.eersteVraag(0);
    try (LiveClient facilitator = server.connect()) {
      facilitator.facilitate(session.sessionId(), session.facilitatorToken());
      facilitator.command("next");
    }

    BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(360, 740).setIsMobile(true)
        .setHasTouch(true).setDeviceScaleFactor(2));
    context.setDefaultTimeout(15_000);
    Page phone = checks.watch(context.newPage(), "phone");
    AtomicInteger votesSent = new AtomicInteger();
    phone.onWebSocket(ws -> ws.onFrameSent(frame -> {
      if (frame.text() != null && frame.text().contains("\"type\":\"vote\"")) {
        votesSent.incrementAndGet();
      }
    }));

    // A wrong code is answered next to the code field, in Dutch.
    phone.navigate(server.url("/j"));
    phone.getByLabel("Code", new Page.GetByLabelOptions().setExact(true)).fill("zzz-zzz");
    phone.getByLabel("Je naam").fill("Fatima");
    phone.locator("input[name=rol][value=inwoner]").check();
    phone.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Meedoen")).click();
    assertThat(phone.locator("#code-error")).not().isEmpty();
    assertThat(phone.locator("#code")).hasAttribute("aria-invalid", "true");
    checks.check(phone, "20-join-wrong-code");

    phone.getByLabel("Code", new Page.GetByLabelOptions().setExact(true)).fill(session.joinCode().toLowerCase());
    phone.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Meedoen")).click();
    assertThat(phone.locator("h1.vraag")).hasText(content.vraag(vraag).getString("tekst"));
    org.assertj.core.api.Assertions.assertThat(phone.url()).endsWith("/j/" + session.joinCode());

    try (LiveClient facilitator = server.connect()) {
      facilitator.facilitate(session.sessionId(), session.facilitatorToken());
      facilitator.command("openVoting");
    }
    assertThat(phone.locator(".hint-line")).isVisible();

    // The server goes away: the banner says so, and a tap waits.
    server.close();
    assertThat(phone.locator("br-conn-banner")).hasText("Verbinding weg, we proberen het opnieuw…");
    String antwoord = content.open(vraag, 0);
    String tekst = content.antwoorden(vraag).stream().filter(a -> a.getString("id").equals(antwoord)).findFirst()
        .orElseThrow().getString("tekst");
    Locator choice = phone.locator("button.choice", new Page.LocatorOptions().setHasText(tekst));
    choice.click();
    assertThat(phone.locator(".vote-status")).containsText("We sturen je stem zodra de verbinding terug is");
    assertThat(choice).hasAttribute("aria-pressed", "false");
    // The vote status lies in the flow: not on top of the connection banner, nor of an antwoord.
    org.assertj.core.api.Assertions.assertThat(BeamerLayoutTest.coveredBy(phone, ".vote-status", "br-conn-banner, button.choice")).isEmpty();
    checks.check(phone, "21-phone-offline");

    // Back on the same store and port: the phone resumes and its vote goes out once.
    TestServer again = TestServer.start(env);
    try {
      assertThat(choice).hasAttribute("aria-pressed", "true", new LocatorAssertions.HasAttributeOptions().setTimeout(30_000));
      assertThat(phone.locator("br-conn-banner")).isEmpty();
      try (LiveClient facilitator = again.connect()) {
        facilitator.facilitate(session.sessionId(), session.facilitatorToken());
        JsonObject closed = facilitator.command("closeVoting");
        org.assertj.core.api.Assertions.assertThat(closed.getJsonObject("state").getJsonObject("votes").getInteger("voters"))
            .isEqualTo(1);
      }
      assertThat(phone.locator("br-result .result-antwoord")).hasText(tekst);
      org.assertj.core.api.Assertions.assertThat(votesSent.get()).as("vote frames sent").isEqualTo(1);
      org.assertj.core.api.Assertions.assertThat(checks.problems()).isEmpty();
    } finally {
      context.close();
      again.close();
    }
  }
}
