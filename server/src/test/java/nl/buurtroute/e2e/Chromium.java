package nl.buurtroute.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Debian's Chromium, headless, driven by Playwright. Nothing downloads a browser at run time: without
 * /usr/bin/chromium the tests fail and say how to install it.
 */
final class Chromium {
  static final Path EXECUTABLE = Paths.get("/usr/bin/chromium");

  private Chromium() {
  }

  static Browser launch(Playwright playwright) {
    if (!Files.isExecutable(EXECUTABLE)) {
      throw new AssertionError("Chromium ontbreekt: installeer het met "
          + "'apt-get install -y --no-install-recommends chromium' (.ci/run doet dat ook).");
    }
    return playwright.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(EXECUTABLE)
        .setHeadless(true)
        .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run")));
  }
}
