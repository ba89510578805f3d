package nl.buurtroute.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Media;
import com.microsoft.playwright.options.SelectOption;
import io.vertx.core.json.JsonObject;
import nl.buurtroute.testing.ContentView;
import nl.buurtroute.testing.LiveClient;
import nl.buurtroute.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * A whole evening in a real browser: a facilitator console, a beamer view and three phones of different
 * rollen run a session through all four fasen, then the route is reviewed, exported and compared.
 * Along the way: a rol-restricted antwoord that cannot be picked, a tie decided in the console, a phone
 * that reloads mid-vote and keeps its vote, a name with markup shown as text, a participant removed.
 */
class WholeEveningTest extends BrowserTest {
  static final String EVIL_NAME = "<img src=x onerror=alert(1)>";

  static TestServer server;
  static ContentView content;
  final PageChecks checks = new PageChecks();

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
    content = ContentView.of(server);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  BrowserContext laptop() {
    BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
    context.setDefaultTimeout(15_000);
    return context;
  }

  BrowserContext phone() {
    BrowserContext context = browser.newContext(new Browser.NewContextOptions()
        .setViewportSize(360, 740).setIsMobile(true).setHasTouch(true).setDeviceScaleFactor(2));
    context.setDefaultTimeout(15_000);
    return context;
  }

  /** A phone that joined: its page and who it is. */
  record Phone(Page page, String name, String rol) {
    Locator choice(String antwoordTekst) {
      return page.locator("button.choice", new Page.LocatorOptions().setHasText(antwoordTekst));
    }
  }

  Phone join(String code, String name, String rol, String shot) {
    Page page = checks.watch(phone().newPage(), "phone " + rol);
    page.navigate(server.url("/j/" + code));
    assertThat(page.locator(".join-code-known")).hasText("Code: " + BeamerLayoutTest.grouped(code));
    page.getByLabel("Je naam").fill(name);
    page.locator("input[name=rol][value=" + rol + "]").check();
    if (shot != null) {
      checks.check(page, shot);
    }
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Meedoen")).click();
    assertThat(page.locator(".whoami")).containsText(name);
    return new Phone(page, name, rol);
  }

  /** Joins with the keyboard alone: type the name, arrow to the rol, Enter. */
  Phone joinByKeyboard(String code, String name, int rolIndex, String rol) {
    Page page = checks.watch(phone().newPage(), "phone " + rol);
    page.navigate(server.url("/j/" + code));
    assertThat(page.getByLabel("Je naam")).isFocused();
    page.keyboard().type(name);
    page.keyboard().press("Tab");
    page.keyboard().press("Space");
    for (int i = 0; i < rolIndex; i++) {
      page.keyboard().press("ArrowDown");
    }
    assertThat(page.locator("input[name=rol][value=" + rol + "]")).isChecked();
    page.keyboard().press("Tab");
    assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Meedoen"))).isFocused();
    page.keyboard().press("Enter");
    assertThat(page.locator(".whoami")).containsText(name);
    return new Phone(page, name, rol);
  }

  String tekst(String antwoordId) {
    for (JsonObject a : content.antwoorden(vraagOf(antwoordId))) {
      if (a.getString("id").equals(antwoordId)) {
        return a.getString("tekst");
      }
    }
    throw new AssertionError(antwoordId);
  }

  String vraagOf(String antwoordId) {
    for (Object f : content.fasen()) {
      for (Object v : ((JsonObject) f).getJsonArray("vragen")) {
        for (Object a : ((JsonObject) v).getJsonArray("antwoorden")) {
          if (((JsonObject) a).getString("id").equals(antwoordId)) {
            return ((JsonObject) v).getString("id");
          }
        }
      }
    }
    throw new AssertionError(antwoordId);
  }

  void vote(Phone phone, String antwoordId) {
    Locator button = phone.choice(tekst(antwoordId));
    button.click();
    assertThat(button).hasAttribute("aria-pressed", "true");
    assertThat(phone.page().locator(".vote-status")).containsText("Je stem is ontvangen");
  }

  void click(Page page, String name) {
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true)).click();
  }

  @Test
  void a_whole_evening_from_the_start_page_to_the_printed_route() {
    // Start page: a new session.
    BrowserContext laptop = laptop();
    Page console = checks.watch(laptop.newPage(), "console");
    console.navigate(server.url("/"));
    assertThat(console.locator("br-colofon")).containsText("Movisie (2022)");
    checks.check(console, "01-start");
    click(console, "Nieuwe sessie");
    assertThat(console.locator("#title-error")).hasText("Geef de sessie een titel.");
    console.getByLabel("Titel").fill("Wijkavond Kanaleneiland");
    console.getByLabel("Buurt (mag leeg blijven)").fill("Kanaleneiland");
    click(console, "Nieuwe sessie");
    console.waitForURL(Pattern.compile(".*/f/[^/#]+#token=.+"));
    String sessionId = console.url().replaceAll(".*/f/([^/#]+)#.*", "$1");
    assertThat(console.locator(".console-title")).hasText("Wijkavond Kanaleneiland");
    Locator code = console.locator("br-join-qr .join-code");
    assertThat(code).hasText(Pattern.compile("[A-Z0-9]{3} [A-Z0-9]{3}"));
    String joinCode = code.textContent().replace(" ", "");
    assertThat(console.locator("br-join-qr img.qr")).isVisible();
    // The code reads the same everywhere (grouped), with a short address to type beside the QR code.
    assertThat(console.locator(".join-line")).hasText("Code om mee te doen: " + code.textContent());
    assertThat(console.locator("br-join-qr .join-type-url")).hasText(Pattern.compile("^[^/:]+(:\\d+)?/j$"));
    assertThat(console.locator("button[data-command=openVoting]")).isDisabled();

    // The beamer view, opened from the console.
    Page beamer = console.waitForPopup(() -> console.getByText("Beamerscherm openen").click());
    checks.watch(beamer, "beamer");
    beamer.setViewportSize(1280, 720);
    assertThat(beamer.locator(".join-code")).hasText(code.textContent());

    // Three phones of different rollen, one with markup in its name; and one that will be removed.
    Phone ans = join(joinCode, "Ans", "inwoner", "02-join-form");
    Phone evil = join(joinCode, EVIL_NAME, "wijkprofessional", null);
    Phone bram = joinByKeyboard(joinCode, "Bram", 2, "beleidsambtenaar");
    Phone weg = join(joinCode, "Wegwezen", "inwoner", null);
    assertThat(ans.page().locator("br-participant-view")).containsText("We wachten tot de begeleider begint");
    checks.check(ans.page(), "03-phone-lobby");

    Locator people = console.locator("br-people-list");
    assertThat(people).containsText(EVIL_NAME);
    assertThat(people).containsText("Wegwezen");
    assertThat(console.locator("img[src=x]")).hasCount(0);
    assertThat(beamer.locator(".beamer-count")).hasText("4 mensen doen mee.");
    // The evening's expected length, from the content's minuten along the shortest and longest route.
    assertThat(console.locator(".evening-length .length-total")).hasText(Pattern.compile("Ongeveer \\d+ uur( \\d+ min)? tot \\d+ uur( \\d+ min)?, zonder pauze\\."));
    checks.check(console, "04-console-lobby");
    checks.check(beamer, "05-beamer-lobby");

    // Remove a participant, with a confirmation in place.
    click(console, "Weghalen Wegwezen");
    click(console, "Ja, weghalen Wegwezen");
    assertThat(weg.page().locator("br-join-page")).containsText("De begeleider heeft je uit deze sessie gehaald.");
    assertThat(people).not().containsText("Wegwezen");
    checks.check(weg.page(), "06-phone-removed");
    weg.page().context().close();

    // Start: the first vraag of the first fase.
    click(console, "Start de eerste vraag");
    String vraag = content.eersteVraag(0);
    List<Phone> phones = List.of(ans, evil, bram);
    boolean begripTapped = false;
    for (int step = 0; step < 12; step++) {
      String vraagTekst = content.vraag(vraag).getString("tekst");
      assertThat(console.locator(".current .vraag")).hasText(vraagTekst);
      for (Phone phone : phones) {
        assertThat(phone.page().locator("h1.vraag")).hasText(vraagTekst);
      }
      // The facilitator's guidance: the suggested minuten beside a clock for this vraag, and the gespreksvragen.
      JsonObject vraagJson = content.vraag(vraag);
      assertThat(console.locator("br-vraag-clock")).containsText("richttijd " + vraagJson.getInteger("minuten") + " min");
      assertThat(console.locator("br-vraag-clock .clock-time")).hasText(Pattern.compile("\\d+:\\d\\d"));
      assertThat(console.locator("br-gespreksvragen li")).hasCount(vraagJson.getJsonArray("gespreksvragen").size());
      assertThat(console.locator("br-gespreksvragen li").first()).hasText(vraagJson.getJsonArray("gespreksvragen").getString(0));
      if (step % 3 == 0) {
        // A fase begins: its inleiding on the console and on the wall (from the second fase on after the
        // afsluiting of the fase before); the vraag comes on the wall when the vote opens.
        JsonObject fase = content.fasen().getJsonObject(step / 3);
        assertThat(console.locator("br-guidance .read-aloud").last()).hasText(fase.getString("inleiding").strip());
        assertThat(beamer.locator(".beamer-inleiding-text")).hasText(fase.getString("inleiding").strip());
        assertThat(beamer.locator(".beamer-vraag")).hasCount(0);
        if (hasBegrip(fase.getString("inleiding"))) {
          // On the wall a begrip is marked where it stands (a styled word; nobody taps a wall).
          assertThat(beamer.locator(".beamer-inleiding-text .begrip-mark").first()).isVisible();
        }
        assertThat(console.locator("br-guidance .wall-line")).containsText("de inleiding van de " + fase.getString("naam").toLowerCase());
        if (step > 0) {
          String afsluiting = content.fasen().getJsonObject(step / 3 - 1).getString("afsluiting").strip();
          assertThat(beamer.locator(".beamer-done .beamer-afsluiting")).hasText(afsluiting);
          assertThat(console.locator("br-guidance .read-aloud").first()).hasText(afsluiting);
        }
        if (step == 0) {
          checks.check(console, "07a-console-inleiding");
          checks.check(beamer, "07b-beamer-inleiding");
        } else if (step == 3) {
          checks.check(console, "07c-console-overgang");
          checks.check(beamer, "07d-beamer-overgang");
        }
      } else {
        assertThat(beamer.locator(".beamer-vraag")).hasText(vraagTekst);
        assertThat(console.locator("br-guidance")).hasText("Op de beamer: de vraag en de antwoorden.");
      }
      assertThat(console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Volgende vraag"))).isDisabled();
      if (step == 5) {
        // A timed vote: the console picks 30 seconds; nobody closes it.
        console.getByLabel("Tijd voor de stemming").selectOption("30");
      }
      click(console, "Stemming openen");
      assertThat(beamer.locator(".beamer-vraag")).hasText(vraagTekst);
      for (Phone phone : phones) {
        assertThat(phone.page().locator(".hint-line")).containsText("Tik op het antwoord dat jij kiest.");
      }

      String chosen;
      if (step == 0) {
        // A rol-restricted antwoord: visible, marked, and not selectable.
        String forbidden = content.forbidden(vraag, "inwoner");
        Locator restricted = ans.choice(tekst(forbidden));
        assertThat(restricted).isDisabled();
        assertThat(restricted).containsText("alleen voor");
        checks.check(ans.page(), "07-phone-voting");
        chosen = content.open(vraag, 0);
        for (Phone phone : phones) {
          vote(phone, chosen);
        }
        assertThat(console.locator(".voted-line")).hasText(
            "gestemd: 3 van 3 (inwoners 1/1, wijkprofessionals 1/1, beleidsambtenaren 1/1)");
        assertThat(beamer.locator(".vote-numbers").first()).isHidden();
        click(console, "Tussenstand op de beamer: uit");
        assertThat(beamer.locator(".vote-numbers").first()).isVisible();
        checks.check(console, "08-console-voting");
        checks.check(beamer, "09-beamer-voting");
        click(console, "Tussenstand op de beamer: aan");
        assertThat(beamer.locator(".vote-numbers").first()).isHidden();
      } else if (step == 1) {
        // A phone that reloads mid-vote keeps its vote.
        chosen = content.open(vraag, 1);
        vote(ans, chosen);
        ans.page().reload();
        assertThat(ans.choice(tekst(chosen))).hasAttribute("aria-pressed", "true");
        assertThat(ans.choice(tekst(chosen))).containsText("Jouw stem");
        vote(evil, chosen);
        vote(bram, chosen);
        assertThat(console.locator(".voted-line")).containsText("gestemd: 3 van 3");
      } else if (step == 2) {
        // A tie, decided in the console.
        chosen = content.allowed(vraag, "inwoner").get(0);
        String other = content.allowed(vraag, "wijkprofessional").stream().filter(a -> !a.equals(chosen)).findFirst().orElseThrow();
        vote(ans, chosen);
        vote(evil, other);
        assertThat(console.locator(".voted-line")).containsText("gestemd: 2 van 3");
      } else if (step == 3) {
        chosen = content.open(vraag, step);
        for (Phone phone : phones) {
          vote(phone, chosen);
        }
        remarksFromPhoneToWall(ans, evil, console, beamer);
      } else if (step == 5) {
        chosen = content.open(vraag, step);
        Locator[] clocks = {console.locator("br-count-down"), beamer.locator("br-count-down"),
            ans.page().locator("br-count-down")};
        for (Locator clock : clocks) {
          assertThat(clock).isVisible();
          assertThat(clock.locator(".cd-time")).hasText(Pattern.compile("0:[0-3]\\d"));
        }
        for (Phone phone : phones) {
          vote(phone, chosen);
        }
        checks.check(ans.page(), "13c-phone-timed-vote");
        checks.check(console, "13d-console-timed-vote");
        checks.check(beamer, "13e-beamer-timed-vote");
        // The vote closes itself: every screen shows the result without anyone pressing 'Stemming sluiten'.
        Locator.WaitForOptions theMoment = new Locator.WaitForOptions().setTimeout(45_000);
        console.locator("br-result .result-antwoord").waitFor(theMoment);
        for (Phone phone : phones) {
          phone.page().locator("br-result .result-antwoord").waitFor(theMoment);
        }
        beamer.locator(".vote-row.is-chosen").waitFor(theMoment);
        for (Locator clock : clocks) {
          assertThat(clock).isHidden();
        }
      } else {
        chosen = content.open(vraag, step);
        for (Phone phone : phones) {
          vote(phone, chosen);
        }
        assertThat(console.locator(".voted-line")).containsText("gestemd: 3 van 3");
      }
      if (step != 5) {
        click(console, "Stemming sluiten");
      }
      if (step == 2) {
        assertThat(console.locator(".current .notice")).containsText("Het staat gelijk");
        assertThat(ans.page().locator("br-participant-view .notice")).containsText("Het staat gelijk");
        assertThat(console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Volgende vraag"))).isDisabled();
        checks.check(console, "10-console-tie");
        int index = content.antwoorden(vraag).stream().map(a -> a.getString("id")).toList().indexOf(chosen);
        click(console, "Kies dit antwoord: " + "ABCDEFGHIJ".charAt(index));
        assertThat(console.locator("br-result .result-by")).hasText("Gekozen door de begeleider.");
      }
      String chosenTekst = tekst(chosen);
      assertThat(console.locator("br-result .result-antwoord")).hasText(chosenTekst);
      for (Phone phone : phones) {
        assertThat(phone.page().locator("br-result .result-antwoord")).hasText(chosenTekst);
      }
      assertThat(beamer.locator(".vote-row.is-chosen")).containsText(chosenTekst);
      assertThat(console.locator("br-gespreksvragen h3")).hasText("Praat door met deze vragen");
      if (!begripTapped && ans.page().locator("br-participant-view button.begrip").count() > 0) {
        begripTapped = true;
        tapBegrip(ans.page());
      }
      if (step == 0) {
        ans.page().locator("details.werkzaam summary").first().click();
        assertThat(ans.page().locator("details.werkzaam").first()).hasAttribute("open", "");
        checks.check(ans.page(), "11-phone-result");
        checks.check(console, "12-console-result");
        checks.check(beamer, "13-beamer-result");
      }
      click(console, "Volgende vraag");
      String volgende = content.volgende(vraag, chosen);
      if (volgende == null && step < 11) {
        volgende = content.eersteVraag(step / 3 + 1);
      }
      if (step == 4) {
        // Back: the previous vraag returns with its result; then forward again.
        assertThat(console.locator(".current .vraag")).hasText(content.vraag(volgende).getString("tekst"));
        click(console, "Vorige vraag");
        assertThat(console.locator(".current .vraag")).hasText(vraagTekst);
        assertThat(console.locator("br-result .result-antwoord")).hasText(chosenTekst);
        assertThat(ans.page().locator("br-result .result-antwoord")).hasText(chosenTekst);
        click(console, "Volgende vraag");
      }
      vraag = volgende;
    }

    org.assertj.core.api.Assertions.assertThat(begripTapped).as("some text on the phone held a begrip to tap").isTrue();

    // After the last step: the last fase's afsluiting on the wall and on the console.
    String afsluiting = content.fasen().getJsonObject(3).getString("afsluiting").strip();
    assertThat(beamer.locator(".stage-afsluiting .beamer-afsluiting")).hasText(afsluiting);
    assertThat(console.locator("br-guidance .read-aloud")).hasText(afsluiting);
    checks.check(beamer, "13c-beamer-afsluiting");

    // Finish, with a confirmation, from the main card the facilitator is looking at.
    assertThat(console.getByText("Alle vier de fasen zijn klaar")).isVisible();
    assertThat(console.locator(".console-main .all-done").getByRole(AriaRole.BUTTON,
        new Locator.GetByRoleOptions().setName("Sessie afronden"))).isVisible();
    assertThat(console.locator(".console-main .all-done").getByRole(AriaRole.BUTTON,
        new Locator.GetByRoleOptions().setName("Sessie afronden"))).isInViewport();
    checks.check(console, "13b-console-all-done");
    click(console, "Sessie afronden");
    click(console, "Ja, afronden");
    assertThat(console.locator(".finished h2")).hasText("De sessie is afgerond");
    for (Phone phone : phones) {
      assertThat(phone.page().locator("br-participant-view h1")).hasText("De sessie is afgerond");
    }
    assertThat(beamer.locator(".beamer-title")).hasText("Bedankt voor het meedoen!");
    checks.check(console, "14-console-finished");
    checks.check(ans.page(), "15-phone-finished");
    checks.check(beamer, "16-beamer-finished");
    assertThat(console.locator("img[src=x]")).hasCount(0);

    // The review page shows the saved route.
    console.getByText("Route bekijken").click();
    console.waitForURL(Pattern.compile(".*/r/" + sessionId + "#token=.+"));
    assertThat(console.locator("h1")).containsText("Wijkavond Kanaleneiland");
    assertThat(console.locator(".review-step")).hasCount(12);
    assertThat(console.locator("br-stack-chart svg")).hasCount(12);
    assertThat(console.locator(".we-grid li")).hasCount(10);
    assertThat(console.locator(".review-step").nth(2)).containsText("Gekozen door de begeleider (het stond gelijk)");
    // The remark that was not hidden is in the route, under its step, with its rol; the hidden one nowhere.
    Locator remarkedStep = console.locator(".review-step").nth(3);
    assertThat(remarkedStep.locator("br-step-remarks")).containsText("Inwoner: " + REMARK);
    assertThat(console.locator("br-review-page")).not().containsText(HIDDEN_REMARK);
    assertThat(console.locator("br-review-page")).containsText("1 toelichting: 1 van inwoners");
    checks.check(console, "17-review");
    Download csv = console.waitForDownload(() -> click(console, "Download CSV"));
    org.assertj.core.api.Assertions.assertThat(read(csv)).contains(tekst(content.open(content.eersteVraag(0), 0)).substring(0, 20))
        .contains("Meer bankjes").doesNotContain(HIDDEN_REMARK);
    Download md = console.waitForDownload(() -> click(console, "Download Markdown"));
    org.assertj.core.api.Assertions.assertThat(read(md)).contains("Wijkavond Kanaleneiland").contains("Meer bankjes")
        .doesNotContain(HIDDEN_REMARK);
    console.emulateMedia(new Page.EmulateMediaOptions().setMedia(Media.PRINT));
    checks.screenshot(console, "18-review-print");
    console.emulateMedia(new Page.EmulateMediaOptions().setMedia(Media.SCREEN));

    // Compare with a second route that took another turn at the very first vraag.
    TestServer.CreatedSession other = otherRoute();
    console.navigate(server.url("/c"));
    console.getByLabel("Eerste route: sessie kiezen").selectOption(new SelectOption().setIndex(1));
    console.locator("input[name=b]").fill(server.url("/r/" + other.sessionId() + "#token=" + other.reviewToken()));
    click(console, "Vergelijken");
    assertThat(console.locator(".compare-fase").first().locator(".compare-row").first()).containsText("Hier gaan de routes voor het eerst uit elkaar");
    assertThat(console.locator(".compare-result")).containsText("Buurtavond Zuilen koos");
    checks.check(console, "19-compare");

    org.assertj.core.api.Assertions.assertThat(checks.problems()).isEmpty();
    laptop.close();
    phones.forEach(p -> p.page().context().close());
  }

  static final String REMARK = "<b>Meer bankjes</b> bij het plein";
  static final String HIDDEN_REMARK = "Dit hoort niet op de muur";

  /**
   * Two phones write a remark; the console lists both with their rol (never a name), puts one on the beamer
   * as text, then puts the other there and hides it for good: it leaves the beamer and the console's list.
   */
  void remarksFromPhoneToWall(Phone ans, Phone evil, Page console, Page beamer) {
    ans.page().getByLabel("Wil je iets toelichten?").fill(REMARK);
    click(ans.page(), "Verstuur toelichting");
    assertThat(ans.page().locator(".remark-status")).hasText("Je toelichting is ontvangen. Dank je wel!");
    evil.page().getByLabel("Wil je iets toelichten?").fill(HIDDEN_REMARK);
    click(evil.page(), "Verstuur toelichting");
    assertThat(evil.page().locator(".remark-status")).containsText("ontvangen");
    checks.check(ans.page(), "12b-phone-remark");

    Locator items = console.locator(".remark-item");
    assertThat(items).hasCount(2);
    assertThat(items.nth(0)).containsText("Inwoner");
    assertThat(items.nth(0).locator(".remark-text")).hasText(REMARK);
    assertThat(items.nth(1)).containsText("Wijkprofessional");
    assertThat(console.locator("br-remark-list")).not().containsText("Ans");
    assertThat(console.locator("br-remark-list")).not().containsText(EVIL_NAME);
    items.nth(0).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Op het scherm")).click();
    assertThat(beamer.locator(".beamer-remark blockquote")).hasText(REMARK);
    assertThat(beamer.locator(".beamer-remark figcaption")).hasText("— een inwoner");
    assertThat(beamer.locator(".beamer-remark b")).hasCount(0);
    checks.check(console, "12c-console-remarks");
    checks.check(beamer, "12d-beamer-remark");

    items.nth(1).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Op het scherm")).click();
    assertThat(beamer.locator(".beamer-remark blockquote")).hasText(HIDDEN_REMARK);
    items.nth(1).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Verbergen")).click();
    console.locator(".remark-item").nth(1).getByRole(AriaRole.BUTTON,
        new Locator.GetByRoleOptions().setName("Ja, verbergen")).click();
    assertThat(beamer.locator(".beamer-remark")).hasCount(0);
    assertThat(items).hasCount(1);
    assertThat(console.locator("br-remark-list")).not().containsText(HIDDEN_REMARK);
  }

  /**
   * A begrip in a text on the phone: a tap opens its uitleg in a popover, Escape closes it, and the
   * keyboard opens it too (focus, Enter).
   */
  void tapBegrip(Page page) {
    Locator word = page.locator("br-participant-view button.begrip").first();
    String term = word.textContent().strip().replaceAll("\\s+", " ");
    JsonObject begrip = content.json().getJsonArray("begrippen").stream().map(JsonObject.class::cast)
        .filter(b -> b.getString("term").equalsIgnoreCase(term)).findFirst().orElseThrow(() -> new AssertionError(term));
    Locator popover = page.locator(".begrip-pop >> visible=true");
    word.tap();
    assertThat(popover).isVisible();
    assertThat(popover).containsText(begrip.getString("uitleg").strip());
    assertThat(word).hasAttribute("aria-expanded", "true");
    checks.check(page, "11b-phone-begrip");
    page.keyboard().press("Escape");
    assertThat(popover).hasCount(0);
    assertThat(word).hasAttribute("aria-expanded", "false");
    word.focus();
    page.keyboard().press("Enter");
    assertThat(popover).containsText(begrip.getString("uitleg").strip());
    page.keyboard().press("Escape");
    assertThat(popover).hasCount(0);
  }

  /** Whether a begrip of the content stands in the text (a whole word, any case), as the pages find it. */
  static boolean hasBegrip(String text) {
    return content.json().getJsonArray("begrippen").stream().map(JsonObject.class::cast).anyMatch(b -> Pattern.compile(
        "(?<![\\p{L}\\p{N}])" + Pattern.quote(b.getString("term")) + "(?![\\p{L}\\p{N}])",
        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(text).find());
  }

  /** A second finished route, driven over the protocol, that differs from the first at the first vraag. */
  TestServer.CreatedSession otherRoute() {
    TestServer.CreatedSession session = server.createSession("Buurtavond Zuilen");
    try (LiveClient facilitator = server.connect()) {
      facilitator.facilitate(session.sessionId(), session.facilitatorToken());
      facilitator.command("next");
      String vraag = content.eersteVraag(0);
      for (int step = 0; step < 12; step++) {
        String antwoord = content.open(vraag, step + 1);
        facilitator.command(new JsonObject().put("type", "decide").put("antwoordId", antwoord));
        facilitator.command("next");
        String volgende = content.volgende(vraag, antwoord);
        vraag = volgende != null || step == 11 ? volgende : content.eersteVraag(step / 3 + 1);
      }
      facilitator.command("finish");
    }
    return session;
  }

  static String read(Download download) {
    try {
      return Files.readString(download.path());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
