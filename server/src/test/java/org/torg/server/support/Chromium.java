package org.torg.server.support;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Chromium, driven by Playwright for Java, for the browser tests. Playwright never
 * downloads a browser here (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD). Without /usr/bin/chromium the
 * tests are skipped with one line saying how to install it, except in CI (CI=true), where a
 * missing browser fails them: CI must run them.
 */
public final class Chromium implements AutoCloseable {

  public static final Path EXECUTABLE = Paths.get("/usr/bin/chromium");
  /** Where each test's screenshots go, for people to look at after a run. */
  public static final Path SCREENSHOTS = Paths.get("target", "screenshots");
  private static final String AXE = "META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";

  /**
   * The machine's network is closed: without these Chromium waits on connections to Google's
   * services that are refused or never answered. Playwright gives each launch a fresh profile
   * (user data dir) of its own, so no state survives between runs.
   */
  private static final List<String> ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage");

  private final Playwright playwright;
  private final Browser browser;

  private Chromium(Playwright playwright, Browser browser) {
    this.playwright = playwright;
    this.browser = browser;
  }

  /** A reader without JavaScript in {@code locale}, on the server at {@code baseUrl}: what every page must work for. */
  public com.microsoft.playwright.BrowserContext withoutJavaScript(String baseUrl, String locale) {
    var context = browser.newContext(new Browser.NewContextOptions().setBaseURL(baseUrl).setLocale(locale).setJavaScriptEnabled(false));
    context.setDefaultTimeout(15_000);
    return context;
  }

  /** Chromium launched headless, or the test skipped (failed in CI) when it is not installed. */
  public static Chromium launch() {
    if (!Files.isExecutable(EXECUTABLE)) {
      String message = "Browser tests skipped: no " + EXECUTABLE + ". Install it with `apt-get install -y chromium` to run them.";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(message.replace("skipped", "cannot run in CI"));
      }
      System.out.println(message);
      Assumptions.abort(message);
    }
    Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    try {
      Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
          .setExecutablePath(EXECUTABLE).setHeadless(true).setArgs(ARGS).setTimeout(60_000));
      return new Chromium(playwright, browser);
    } catch (RuntimeException e) {
      playwright.close();
      throw e;
    }
  }

  /** A context as a reader without JavaScript sees the pages: {@code locale} picks the language. */
  public com.microsoft.playwright.BrowserContext withoutScript(String baseUrl, String locale) {
    var context = browser().newContext(new Browser.NewContextOptions().setBaseURL(baseUrl).setLocale(locale)
        .setJavaScriptEnabled(false));
    context.setDefaultTimeout(15_000);
    return context;
  }

  public Browser browser() {
    return browser;
  }

  public static void screenshot(Page page, String name) {
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
  }

  /**
   * axe-core's serious and critical WCAG 2 A/AA violations on the page, as one readable line
   * each (empty: none). axe comes from its WebJar and is evaluated through the DevTools
   * protocol, which the page's Content-Security-Policy does not restrict.
   */
  public static List<String> seriousAxeViolations(Page page) {
    page.evaluate(axeSource());
    String json = (String) page.evaluate("async () => JSON.stringify((await axe.run(document, {runOnly: {type: 'tag',"
        + " values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations"
        + ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        + ".map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', ')))");
    return new io.vertx.core.json.JsonArray(json).stream().map(String::valueOf).toList();
  }

  private static String axeSource() {
    try (InputStream in = Chromium.class.getClassLoader().getResourceAsStream(AXE)) {
      if (in == null) {
        throw new IllegalStateException("axe-core WebJar missing: " + AXE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    browser.close();
    playwright.close();
  }
}
