package nl.buurtroute.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.vertx.core.json.JsonObject;
import nl.buurtroute.testing.ContentView;
import nl.buurtroute.testing.LiveClient;
import nl.buurtroute.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The screens a room and a hand look at, held to their sizes: the beamer fits a 1280×720 and a 1920×1080
 * wall in every stage (lobby, inleiding, question, voting, result, every overgang, afsluiting, finished;
 * voting with a timed vote's countdown and the longest remark under the vraag) without scrolling, with nothing cut off and no text under 20 px, for the content's
 * most demanding vraag (most antwoorden, longest texts) and its most demanding result; the chosen
 * antwoord on a device with a mouse keeps its contrast under hover; on a 360×740 phone the vote status
 * covers no antwoord. Screenshots of each go to target/screenshots/ for a human to look at.
 */
class BeamerLayoutTest extends BrowserTest {
  /** A remark of the longest length the server keeps (280 characters), in long Dutch words. */
  static final String LONGEST_REMARK = ("Buurtbewoners en wijkprofessionals willen samen onderzoeken welke "
      + "speelvoorzieningen, ontmoetingsplekken en groenvoorzieningen de leefbaarheid werkelijk vergroten; "
      + "vrijwilligersorganisaties, woningcorporaties en gemeenteambtenaren moeten daarbij structureel "
      + "samenwerken aan toekomstbestendige oplossingen voor iedereen hier.").substring(0, 280);

  /** Viewport sizes of the walls we promise to fit. */
  static final List<int[]> WALLS = List.of(new int[] {1280, 720}, new int[] {1920, 1080});
  /** The smallest text a room reads from the back, in CSS px (at 1280×720). */
  static final double MIN_TEXT_PX = 19.5;

  static TestServer server;
  static ContentView content;
  final PageChecks checks = new PageChecks();

  @BeforeAll
  static void start() throws Exception {
    // The protocol clients here stay quiet while the browser takes screenshots; the server's 30 s silence
    // limit would close them (the pages ping on their own).
    server = TestServer.start(Map.of("BUURTROUTE_DEAD_AFTER_MS", "600000"));
    content = ContentView.of(server);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void the_beamer_fits_the_wall_in_every_stage() {
    String widest = mostDemandingVraag();
    TestServer.CreatedSession session = server.createSession("Wijkavond Overvecht-Noord met een heel lange titel voor de muur");
    Page beamer = beamer(session);
    List<LiveClient> people = new ArrayList<>();
    try (Walk walk = new Walk(session)) {
      List<String> rollen = content.json().getJsonArray("rollen").stream().map(r -> ((JsonObject) r).getString("id")).toList();
      for (int i = 0; i < 3; i++) {
        LiveClient person = server.connect();
        person.join(session.joinCode(), "Deelnemer " + (i + 1), rollen.get(i % rollen.size()));
        people.add(person);
      }
      assertThat(beamer.locator(".beamer-count")).hasText("3 mensen doen mee.");
      assertThat(beamer.locator(".join-code")).hasText(grouped(session.joinCode()));
      assertThat(beamer.locator(".join-type-url")).hasText(java.util.regex.Pattern.compile(".+/j$"));
      fitsTheWall(beamer, "lobby");

      walk.start();
      // Before the first fase's first vraag: its inleiding.
      assertThat(beamer.locator(".stage-inleiding .beamer-inleiding-text")).hasText(fase(0).getString("inleiding").strip());
      fitsTheWall(beamer, "inleiding");
      walk.walkTo(widest);
      if (faseOfFirstVraag(widest) < 0) {
        assertThat(beamer.locator(".beamer-vraag")).hasText(content.vraag(widest).getString("tekst"));
        assertThat(beamer.locator(".beamer-count")).hasText("De stemming opent zo.");
        fitsTheWall(beamer, "question");
      }

      // A timed vote (the longest time there is), so the countdown sits in the head line too.
      walk.command(new JsonObject().put("type", "openVoting").put("seconds", 900), s -> "voting".equals(s.getString("stage")));
      assertThat(beamer.locator(".beamer-count-down .cd-time")).hasText(java.util.regex.Pattern.compile("1[45]:\\d\\d"));
      // Votes spread over the antwoorden each rol may give, so bars have segments and numbers.
      for (int i = 0; i < people.size(); i++) {
        List<String> allowed = content.allowed(widest, rollen.get(i % rollen.size()));
        assertThat(people.get(i).vote(widest, allowed.get(i % allowed.size())).getString("type")).isEqualTo("voted");
      }
      assertThat(beamer.locator(".beamer-count")).containsText("Gestemd: 3 van 3");
      fitsTheWall(beamer, "voting");
      walk.showTally();
      assertThat(beamer.locator(".vote-numbers").first()).isVisible();
      fitsTheWall(beamer, "voting-tally");

      // The longest remark there may be (280 characters, long words) on the wall under the vraag, with the
      // countdown and the tally: the fullest voting screen.
      people.get(0).send(new JsonObject().put("type", "remark").put("vraagId", widest).put("text", LONGEST_REMARK));
      JsonObject remarked = people.get(0).await(f -> "remarked".equals(f.getString("type"))
          || "error".equals(f.getString("type")), "remarked or error");
      assertThat(remarked.getString("type")).isEqualTo("remarked");
      walk.command(new JsonObject().put("type", "showRemark").put("remarkId", remarked.getString("remarkId")),
          s -> s.getJsonObject("shownRemark") != null);
      assertThat(beamer.locator(".beamer-remark blockquote")).hasText(LONGEST_REMARK);
      fitsTheWall(beamer, "voting-tally-remark");

      walk.stage("closeVoting", "result");
      assertThat(beamer.locator(".beamer-stage")).hasClass(java.util.regex.Pattern.compile(".*stage-(result|tie).*"));
      assertThat(beamer.locator(".beamer-count-down")).hasCount(0);
      assertThat(beamer.locator(".beamer-remark blockquote")).hasText(LONGEST_REMARK);
      fitsTheWall(beamer, "closed-remark");
      walk.command(new JsonObject().put("type", "withdrawRemark"), s -> s.getJsonObject("shownRemark") == null);
      assertThat(beamer.locator(".beamer-remark")).hasCount(0);
      fitsTheWall(beamer, "closed");

      // The results with the most to read (the longest bars beside a reflectie; the longest reflectie with
      // the most tags), each reached by walking again from the start of the same session.
      for (String richest : mostDemandingResults()) {
        walk.backToStart();
        walk.walkTo(vraagOf(richest));
        walk.decide(richest);
        assertThat(beamer.locator(".vote-row.is-chosen")).containsText(tekst(richest));
        assertThat(beamer.locator(".beamer-reflectie")).hasText(antwoord(richest).getString("reflectie").strip());
        fitsTheWall(beamer, "result-" + richest);
      }

      // Every overgang between two fasen: the afsluiting of the one beside the inleiding of the next.
      walk.backToStart();
      while (walk.vraag() != null) {
        walk.decide(content.open(walk.vraag(), 0));
        walk.next();
        int fase = walk.vraag() == null ? -1 : faseOfFirstVraag(walk.vraag());
        if (fase > 0) {
          assertThat(beamer.locator(".stage-overgang .beamer-inleiding-text")).hasText(fase(fase).getString("inleiding").strip());
          assertThat(beamer.locator(".stage-overgang .beamer-afsluiting")).hasText(fase(fase - 1).getString("afsluiting").strip());
          fitsTheWall(beamer, "overgang-" + fase(fase).getString("id"));
        }
      }
      // After the last step: the last fase's afsluiting.
      assertThat(beamer.locator(".beamer-title")).hasText("Alle vier de fasen zijn klaar");
      assertThat(beamer.locator(".stage-afsluiting .beamer-afsluiting")).hasText(fase(3).getString("afsluiting").strip());
      fitsTheWall(beamer, "afsluiting");
      walk.finish();
      assertThat(beamer.locator(".beamer-title")).hasText("Bedankt voor het meedoen!");
      fitsTheWall(beamer, "finished");
    } finally {
      people.forEach(LiveClient::close);
      beamer.context().close();
    }
    assertThat(checks.problems()).isEmpty();
  }

  @Test
  void the_chosen_antwoord_keeps_its_contrast_under_a_mouse_and_the_vote_status_covers_nothing() {
    String widest = mostDemandingVraag();
    TestServer.CreatedSession session = server.createSession("Buurtavond met muis");
    BrowserContext laptop = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
    BrowserContext phone = browser.newContext(new Browser.NewContextOptions()
        .setViewportSize(360, 740).setIsMobile(true).setHasTouch(true).setDeviceScaleFactor(2));
    try (Walk walk = new Walk(session)) {
      Page mouse = join(laptop, session, "Muis", "inwoner");
      Page hand = join(phone, session, "Hand", "inwoner");
      assertThat(hand.locator(".whoami")).containsText("code " + grouped(session.joinCode()));
      walk.start();
      walk.walkTo(widest);
      walk.stage("openVoting", "voting");
      List<String> allowed = content.allowed(widest, "inwoner");

      Locator chosen = choice(mouse, tekst(allowed.get(0)));
      chosen.click();
      assertThat(chosen).hasAttribute("aria-pressed", "true");
      chosen.hover();
      assertThat(mouse.evaluate("matchMedia('(hover: hover)').matches")).isEqualTo(true);
      double underHover = contrast(chosen);
      assertThat(underHover).as("contrast of the chosen antwoord under the mouse").isGreaterThanOrEqualTo(4.5);
      Locator other = choice(mouse, tekst(allowed.get(1)));
      other.hover();
      assertThat(contrast(other)).as("contrast of another antwoord under the mouse").isGreaterThanOrEqualTo(4.5);
      assertThat(contrast(chosen)).as("contrast of the chosen antwoord, mouse elsewhere").isGreaterThanOrEqualTo(4.5);
      chosen.hover();
      checks.screenshot(mouse, "phone-chosen-under-mouse");
      checks.axe(mouse, "chosen under mouse");

      // On the phone: vote for the first antwoord; the status appears and covers none of the antwoorden.
      Locator first = choice(hand, tekst(allowed.get(0)));
      first.click();
      assertThat(hand.locator(".vote-status")).containsText("Je stem is ontvangen");
      assertThat(coveredBy(hand, ".vote-status", "button.choice")).isEmpty();
      checks.check(hand, "phone-voted-360x740");
    } finally {
      laptop.close();
      phone.close();
    }
    assertThat(checks.problems()).isEmpty();
  }

  // ---- the checks ----

  /** At each wall size: a screenshot, no scrolling, nothing cut off, no small text, nothing covering the bars; then axe. */
  void fitsTheWall(Page beamer, String stage) {
    for (int[] wall : WALLS) {
      beamer.setViewportSize(wall[0], wall[1]);
      // The page's CSP forbids eval, so wait through an assertion rather than waitForFunction.
      assertThat(beamer.locator("br-beamer-page")).hasAttribute("data-fitted", wall[0] + "x" + wall[1]);
      String name = "beamer-" + stage + "-" + wall[0] + "x" + wall[1];
      beamer.bringToFront();
      beamer.screenshot(new Page.ScreenshotOptions().setPath(PageChecks.SCREENSHOTS.resolve(name + ".png")));
      @SuppressWarnings("unchecked")
      List<String> problems = (List<String>) beamer.evaluate(LAYOUT_PROBLEMS, MIN_TEXT_PX);
      assertThat(problems).as(name).isEmpty();
    }
    beamer.setViewportSize(1280, 720);
    assertThat(beamer.locator("br-beamer-page")).hasAttribute("data-fitted", "1280x720");
    checks.axe(beamer, "beamer " + stage);
  }

  /**
   * What is wrong with the layout as it is now: the page scrolls; a text or a bar lies (partly) outside the
   * viewport or under another element; a text is smaller than the floor; the full-screen button overlaps a bar.
   */
  static final String LAYOUT_PROBLEMS = """
      minPx => {
        const problems = [];
        const root = document.scrollingElement;
        if (root.scrollHeight > innerHeight || root.scrollWidth > innerWidth) {
          problems.push(`scrolls: content ${root.scrollWidth}×${root.scrollHeight} in ${innerWidth}×${innerHeight}`);
        }
        const outside = (r) => r.width > 0 && (r.top < -0.5 || r.left < -0.5 || r.bottom > innerHeight + 0.5 || r.right > innerWidth + 0.5);
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent.trim();
          const parent = node.parentElement;
          if (!text || parent.closest('.sr-only, script, style')) continue;
          const range = document.createRange();
          range.selectNodeContents(node);
          const rects = [...range.getClientRects()].filter((r) => r.width > 0);
          if (rects.length === 0) continue;
          if (rects.some(outside)) problems.push(`cut off: "${text.slice(0, 50)}"`);
          // Covered by something else (the footer, the full-screen button): what lies on top at the text's centre.
          const r = rects[0];
          const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          if (hit && !parent.contains(hit) && !hit.contains(parent)) {
            problems.push(`covered: "${text.slice(0, 50)}" by <${hit.tagName.toLowerCase()} class="${hit.className}">`);
          }
          const size = parseFloat(getComputedStyle(parent).fontSize);
          if (size < minPx) problems.push(`${size}px text: "${text.slice(0, 50)}"`);
        }
        for (const el of document.querySelectorAll('img, svg, button, .vote-row, .vote-track, .tag')) {
          if (outside(el.getBoundingClientRect())) problems.push(`cut off: <${el.tagName.toLowerCase()} class="${el.className}">`);
        }
        const button = document.querySelector('.fullscreen')?.getBoundingClientRect();
        if (button) {
          for (const row of document.querySelectorAll('.vote-row, .beamer-result')) {
            const r = row.getBoundingClientRect();
            if (r.width > 0 && !(r.right <= button.left || r.left >= button.right || r.bottom <= button.top || r.top >= button.bottom)) {
              problems.push('the full-screen button covers ' + row.className);
            }
          }
        }
        return problems;
      }""";

  /** Elements matching {@code over} that overlap an element matching {@code under}, as text. */
  @SuppressWarnings("unchecked")
  static List<String> coveredBy(Page page, String over, String under) {
    return (List<String>) page.evaluate("""
        ([over, under]) => {
          const found = [];
          for (const a of document.querySelectorAll(over)) {
            const r = a.getBoundingClientRect();
            if (r.width === 0) continue;
            for (const b of document.querySelectorAll(under)) {
              const s = b.getBoundingClientRect();
              if (!(r.right <= s.left || r.left >= s.right || r.bottom <= s.top || r.top >= s.bottom)) {
                found.push(over + ' covers ' + b.textContent.trim().slice(0, 40));
              }
            }
          }
          return found;
        }""", List.of(over, under));
  }

  /** WCAG contrast of an element's text colour on its background colour, both computed. */
  static double contrast(Locator element) {
    @SuppressWarnings("unchecked")
    Map<String, Object> colours = (Map<String, Object>) element.evaluate(
        "e => ({ fg: getComputedStyle(e).color, bg: getComputedStyle(e).backgroundColor })");
    return contrast(String.valueOf(colours.get("fg")), String.valueOf(colours.get("bg")));
  }

  static double contrast(String fg, String bg) {
    double a = luminance(fg);
    double b = luminance(bg);
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  }

  /** Relative luminance of an opaque 'rgb(r, g, b)' colour. */
  static double luminance(String rgb) {
    String[] parts = rgb.replaceAll("[^0-9.,]", "").split(",");
    if (parts.length > 3 && Double.parseDouble(parts[3]) < 1) {
      throw new AssertionError("not an opaque colour: " + rgb);
    }
    double[] c = new double[3];
    for (int i = 0; i < 3; i++) {
      double v = Double.parseDouble(parts[i]) / 255;
      c[i] = v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }

  static String grouped(String code) {
    // web/lib/joincode.js: threes when the length allows (6: 'HX4 K7P'), else fours (8: 'HX4K 7P2M').
    int size = code.length() % 3 == 0 || code.length() % 4 != 0 ? 3 : 4;
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < code.length(); i += size) {
      out.append(i == 0 ? "" : " ").append(code, i, Math.min(code.length(), i + size));
    }
    return out.toString();
  }

  // ---- pages ----

  Page beamer(TestServer.CreatedSession session) {
    BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 720));
    context.setDefaultTimeout(15_000);
    Page page = checks.watch(context.newPage(), "beamer");
    page.navigate(server.url("/b/" + session.sessionId() + "#token=" + session.facilitatorToken()));
    assertThat(page.locator(".beamer-title")).isVisible();
    return page;
  }

  Page join(BrowserContext context, TestServer.CreatedSession session, String name, String rol) {
    context.setDefaultTimeout(15_000);
    Page page = checks.watch(context.newPage(), name);
    page.navigate(server.url("/j/" + session.joinCode()));
    assertThat(page.locator(".join-code-known")).containsText(grouped(session.joinCode()));
    page.getByLabel("Je naam").fill(name);
    page.locator("input[name=rol][value=" + rol + "]").check();
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Meedoen")).click();
    assertThat(page.locator(".whoami")).containsText(name);
    return page;
  }

  static Locator choice(Page page, String tekst) {
    return page.locator("button.choice", new Page.LocatorOptions().setHasText(tekst));
  }

  // ---- walking the trees over the protocol ----

  /** The vraag with the most antwoorden, and of those the most text: the hardest to fit in voting. */
  static String mostDemandingVraag() {
    return allVragen().stream().max(Comparator
            .comparingInt((JsonObject v) -> v.getJsonArray("antwoorden").size())
            .thenComparingInt(v -> v.getString("tekst").length() + content.antwoorden(v.getString("id")).stream()
                .mapToInt(a -> a.getString("tekst").length()).sum()))
        .orElseThrow().getString("id");
  }

  /**
   * The antwoorden whose result screens hold the most: the one with the most text in its vraag's bars plus
   * its reflectie, and the one with the longest reflectie and most tags.
   */
  static List<String> mostDemandingResults() {
    Comparator<JsonObject> byPanel = Comparator.comparingInt(a -> a.getString("reflectie").length() + a.getString("tekst").length()
        + 40 * (a.getJsonArray("werkzameElementen").size() + (a.getJsonArray("interventies") == null ? 0 : a.getJsonArray("interventies").size())));
    Comparator<JsonObject> byAll = Comparator.comparingInt((JsonObject a) -> {
      String vraag = vraagOf(a.getString("id"));
      return content.vraag(vraag).getString("tekst").length()
          + content.antwoorden(vraag).stream().mapToInt(b -> b.getString("tekst").length() + 60).sum();
    }).thenComparing(byPanel);
    List<JsonObject> all = allVragen().stream().flatMap(v -> content.antwoorden(v.getString("id")).stream()).toList();
    String most = all.stream().max(byAll).orElseThrow().getString("id");
    String longest = all.stream().max(byPanel).orElseThrow().getString("id");
    return most.equals(longest) ? List.of(most) : List.of(most, longest);
  }

  static JsonObject fase(int index) {
    return content.fasen().getJsonObject(index);
  }

  /** The index of the fase whose first vraag this is, or -1 when it is no fase's first vraag. */
  static int faseOfFirstVraag(String vraagId) {
    for (int i = 0; i < content.fasen().size(); i++) {
      if (vraagId.equals(content.eersteVraag(i))) {
        return i;
      }
    }
    return -1;
  }

  static List<JsonObject> allVragen() {
    List<JsonObject> vragen = new ArrayList<>();
    for (Object f : content.fasen()) {
      ((JsonObject) f).getJsonArray("vragen").forEach(v -> vragen.add((JsonObject) v));
    }
    return vragen;
  }

  static String vraagOf(String antwoordId) {
    for (JsonObject vraag : allVragen()) {
      if (content.antwoorden(vraag.getString("id")).stream().anyMatch(a -> a.getString("id").equals(antwoordId))) {
        return vraag.getString("id");
      }
    }
    throw new AssertionError(antwoordId);
  }

  static JsonObject antwoord(String antwoordId) {
    return content.antwoorden(vraagOf(antwoordId)).stream().filter(a -> a.getString("id").equals(antwoordId)).findFirst().orElseThrow();
  }

  static String tekst(String antwoordId) {
    return antwoord(antwoordId).getString("tekst");
  }

  /**
   * A facilitator driving the session over the protocol. Every command waits for the state it causes,
   * recognised by the route's length (which only these commands change), so state frames caused by
   * participants in between are never mistaken for it.
   */
  static final class Walk implements AutoCloseable {
    final TestServer.CreatedSession session;
    LiveClient facilitator;
    JsonObject state;

    Walk(TestServer.CreatedSession session) {
      this.session = session;
      connect();
    }

    /**
     * A protocol client stays silent for long stretches while the browser checks the screens; should its
     * connection have been closed meanwhile, it comes back as a facilitator does (a fresh facilitate).
     */
    private void connect() {
      facilitator = server.connect();
      state = facilitator.facilitate(session.sessionId(), session.facilitatorToken()).getJsonObject("state");
    }

    int steps() {
      return state.getJsonArray("route").size();
    }

    String vraag() {
      return state.getString("vraagId");
    }

    void command(JsonObject message, java.util.function.Predicate<JsonObject> done) {
      if (facilitator.closeCode() != null) {
        facilitator.close();
        connect();
      }
      facilitator.send(message);
      try {
        state = facilitator.awaitState(done);
      } catch (AssertionError e) {
        throw new AssertionError("no state after " + message.encode() + " (connection closed: " + facilitator.closeCode() + ")", e);
      }
    }

    void start() {
      command(new JsonObject().put("type", "next"), s -> "running".equals(s.getString("status")));
    }

    void decide(String antwoordId) {
      int steps = steps();
      command(new JsonObject().put("type", "decide").put("antwoordId", antwoordId), s -> s.getJsonArray("route").size() == steps
          && s.getJsonObject("result") != null && antwoordId.equals(s.getJsonObject("result").getString("antwoordId")));
    }

    void next() {
      int steps = steps();
      command(new JsonObject().put("type", "next"), s -> s.getJsonArray("route").size() == steps + 1);
    }

    void back() {
      int steps = steps();
      command(new JsonObject().put("type", "back"), s -> s.getJsonArray("route").size() == steps - 1);
    }

    void stage(String type, String stage) {
      command(new JsonObject().put("type", type), s -> stage.equals(s.getString("stage")));
    }

    void showTally() {
      command(new JsonObject().put("type", "showTally").put("show", true), s -> s.getBoolean("tallyShown", false));
    }

    void finish() {
      command(new JsonObject().put("type", "finish"), s -> "finished".equals(s.getString("status")));
    }

    /** From the current vraag, decides the way to {@code target} (a vraag ahead) and stops at its question stage. */
    void walkTo(String target) {
      int targetFase = faseIndex(target);
      while (!vraag().equals(target)) {
        List<String> way = faseIndex(vraag()) == targetFase ? wayWithin(vraag(), target) : null;
        decide(way != null && !way.isEmpty() ? way.get(0) : content.open(vraag(), 0));
        next();
      }
    }

    void walkToTheEnd() {
      while (vraag() != null) {
        decide(content.open(vraag(), 0));
        next();
      }
    }

    /** Back to the first vraag (in its result stage), taking every step off the route. */
    void backToStart() {
      while (steps() > 0) {
        back();
      }
    }

    @Override
    public void close() {
      facilitator.close();
    }
  }

  /** The antwoorden that lead from {@code from} to {@code target} within one fase, or null if none does. */
  static List<String> wayWithin(String from, String target) {
    if (from.equals(target)) {
      return List.of();
    }
    for (JsonObject a : content.antwoorden(from)) {
      String next = a.getString("volgende");
      if (next != null) {
        List<String> rest = wayWithin(next, target);
        if (rest != null) {
          List<String> way = new ArrayList<>();
          way.add(a.getString("id"));
          way.addAll(rest);
          return way;
        }
      }
    }
    return null;
  }

  static int faseIndex(String vraagId) {
    for (int i = 0; i < content.fasen().size(); i++) {
      if (content.fasen().getJsonObject(i).getJsonArray("vragen").stream()
          .anyMatch(v -> ((JsonObject) v).getString("id").equals(vraagId))) {
        return i;
      }
    }
    throw new AssertionError(vraagId);
  }
}
