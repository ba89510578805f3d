package nl.buurtroute.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.nio.file.Files;

/**
 * One headless Chromium per browser test class: launched before the class's own {@code @BeforeAll} and
 * closed after its {@code @AfterAll} (JUnit runs a superclass's set-up first and its tear-down last).
 */
abstract class BrowserTest {
  /** Pages on a loaded CI machine can take seconds to settle; Playwright's 5 s default made tests flaky. */
  private static final double ASSERTION_TIMEOUT_MS = 15_000;

  static Playwright playwright;
  static Browser browser;

  @BeforeAll
  static void launchBrowser() throws IOException {
    Files.createDirectories(PageChecks.SCREENSHOTS);
    playwright = Playwright.create();
    browser = Chromium.launch(playwright);
    PlaywrightAssertions.setDefaultAssertionTimeout(ASSERTION_TIMEOUT_MS);
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) {
      browser.close();
      browser = null;
    }
    if (playwright != null) {
      playwright.close();
      playwright = null;
    }
  }
}
