package nl.buurtroute.e2e;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ScreenshotCaret;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What every page in the e2e tests is held to: no serious or critical axe-core violations, no script
 * errors, no blocked (CSP) resources, no dialogs (a dialog would mean injected script ran); plus a
 * screenshot of each page kind under target/screenshots/ for a human to look at.
 */
final class PageChecks {
  static final Path SCREENSHOTS = Paths.get("target", "screenshots");
  private static final Set<String> BAD_IMPACT = Set.of("serious", "critical");

  private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
  /** axe-core itself adds inline styles while it runs; our CSP blocks those, which is no fault of the page. */
  private boolean axeRunning;

  /** Watches a page for script errors, CSP violations, failed requests to our server and dialogs. */
  Page watch(Page page, String name) {
    page.onPageError(error -> problems.add(name + ": script error: " + error));
    page.onConsoleMessage(message -> {
      boolean axeNoise = axeRunning && message.text().contains("Content Security Policy");
      if ("error".equals(message.type()) && !axeNoise && !message.text().contains("WebSocket")
          && !message.text().startsWith("Failed to load resource")) {
        problems.add(name + ": console error: " + message.text());
      }
    });
    page.onResponse(response -> {
      if (response.status() >= 400) {
        problems.add(name + ": " + response.status() + " for " + response.url());
      }
    });
    page.onDialog(dialog -> {
      problems.add(name + ": a dialog opened (" + dialog.type() + "): " + dialog.message());
      dialog.dismiss();
    });
    return page;
  }

  void screenshot(Page page, String name) {
    // A tab in the background may never paint, and then its screenshot waits forever.
    page.bringToFront();
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true)
        // Hiding the caret injects a <style>, which our CSP rightly blocks.
        .setCaret(ScreenshotCaret.INITIAL));
  }

  /** Runs axe-core on the page as it is now and records serious or critical violations. */
  void axe(Page page, String name) {
    AxeResults results;
    axeRunning = true;
    try {
      results = new AxeBuilder(page).analyze();
      // Playwright delivers page events in order: once this returns, every message from the axe run is in.
      page.evaluate("1");
    } finally {
      axeRunning = false;
    }
    for (Rule rule : results.getViolations()) {
      if (rule.getImpact() != null && BAD_IMPACT.contains(rule.getImpact())) {
        String nodes = rule.getNodes().stream().limit(3).map(n -> n.getHtml() + " → " + n.getFailureSummary())
            .collect(Collectors.joining(" | "));
        problems.add(name + ": axe " + rule.getImpact() + " " + rule.getId() + " (" + rule.getHelp() + "): " + nodes);
      }
    }
  }

  /** Both at once: what each page kind gets. */
  void check(Page page, String name) {
    screenshot(page, name);
    axe(page, name);
  }

  List<String> problems() {
    synchronized (problems) {
      return List.copyOf(problems);
    }
  }
}
