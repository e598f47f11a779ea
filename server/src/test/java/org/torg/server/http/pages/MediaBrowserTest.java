package org.torg.server.http.pages;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.awt.Color;
import java.io.IOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.support.ApiClient;
import org.torg.server.support.Chromium;
import org.torg.server.support.RunningTorg;
import org.torg.server.support.TestMedia;

/**
 * Posting an image in a real browser: the new-thread form asks for the image's alt text (and
 * refuses to post it without), uploads it, and the thread page shows the thumbnail with that alt
 * text, linking to the full image, and a PDF as a link; axe finds nothing serious; the page
 * reads the same without JavaScript.
 */
class MediaBrowserTest {

  static final String ADDRESS = "127.0.0.134";
  static final String BASE = "http://" + ADDRESS;

  static Chromium chromium;
  static Vertx vertx;
  static RunningTorg torg;
  static String painter;

  @BeforeAll
  static void start() {
    chromium = Chromium.launch();
    vertx = Vertx.vertx();
    torg = RunningTorg.onLoopbackAddress(ADDRESS);
    ApiClient api = torg.api(vertx);
    String admin = api.newAdmin("chair").accessToken();
    painter = api.newCitizen("painter").accessToken();
    api.post("/api/v1/groups", admin, new JsonObject().put("name", "gallery").put("displayName", "Gallery"));
    api.send(HttpMethod.PUT, "/api/v1/groups/gallery/members/painter", admin, new JsonObject().put("role", "member"));
  }

  @AfterAll
  static void stop() {
    if (chromium != null) {
      chromium.close();
    }
    if (torg != null) {
      torg.close();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Test
  void anImageIsPostedWithItsAltTextAndShownWithIt() {
    BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions().setBaseURL(BASE).setLocale("en-GB"));
    try {
      context.setDefaultTimeout(15_000);
      Page page = context.newPage();
      List<String> errors = new ArrayList<>();
      page.onPageError(errors::add);
      page.navigate("/signin");
      page.getByLabel("Username").fill("painter");
      page.getByLabel("Password").fill("password-of-painter");
      page.locator("form[data-form=signin] button[type=submit]").click();
      page.waitForURL(BASE + "/");

      page.navigate("/groups/gallery/new");
      page.getByLabel("Title").fill("The new mural");
      page.locator("#thread-content").fill("Finished today.");
      page.getByLabel("File: JPEG, PNG, GIF, WebP or PDF").setInputFiles(new FilePayload("mural.jpg", "image/jpeg",
          TestMedia.jpegWithGps(800, 600)));
      // Without alt text the form says so and posts nothing.
      page.locator("form[data-form=new-thread] button[type=submit]").click();
      assertThat(page.locator("form[data-form=new-thread] .form-error")).containsText("Describe the image");
      assertThat(page.getByLabel("Description (alt text)")).isFocused();
      Chromium.screenshot(page, "media-alt-text-required");
      List<String> formViolations = Chromium.seriousAxeViolations(page);
      assertTrue(formViolations.isEmpty(), String.join("\n", formViolations));

      page.getByLabel("Description (alt text)").fill("A blue mural of the harbour on the school wall");
      page.locator("form[data-form=new-thread] button[type=submit]").click();
      assertThat(page.locator("h1")).hasText("The new mural");
      Locator image = page.locator(".post .attachments img");
      assertThat(image).hasAttribute("alt", "A blue mural of the harbour on the school wall");
      assertTrue(image.getAttribute("src").matches("/media/[0-9a-f]{32}-small\\.jpg"), image.getAttribute("src"));
      assertTrue(page.locator(".post .attachments a").first().getAttribute("href").matches("/media/[0-9a-f]{32}\\.jpg"));
      page.waitForFunction("() => { const i = document.querySelector('.post .attachments img'); return i && i.complete"
          + " && i.naturalWidth === 400; }");
      Chromium.screenshot(page, "media-thread");
      List<String> violations = Chromium.seriousAxeViolations(page);
      assertTrue(violations.isEmpty(), String.join("\n", violations));
      assertTrue(errors.isEmpty(), String.join("\n", errors));
      String threadUrl = page.url();

      // A reply with a PDF: a link with its name.
      page.locator("button[data-action=reply]").first().click();
      page.locator("#reply-text").fill("The council's decision, attached.");
      page.locator("#reply-media-file").setInputFiles(new FilePayload("decision.pdf", "application/pdf", TestMedia.pdf()));
      page.locator("#reply-media-description").fill("Council decision 2026-114");
      page.locator("form[data-form=reply] button[type=submit]").click();
      assertThat(page.locator("ol.replies .attachments a.document")).hasText("Document (download): Council decision 2026-114");

      // A reply with an image made elsewhere (the API) appears live, with its alt text.
      ApiClient api = torg.api(vertx);
      JsonObject photo = api.request(HttpMethod.POST, "/api/v1/media").putHeader("Authorization", "Bearer " + painter)
          .sendMultipartForm(MultipartForm.create().attribute("description", "The mural at night")
              .binaryFileUpload("file", "night.png", Buffer.buffer(TestMedia.image("png", 300, 200, Color.DARK_GRAY)), "image/png"))
          .await().bodyAsJsonObject();
      String rootId = threadUrl.substring(threadUrl.lastIndexOf('/') + 1);
      String root = api.get("/api/v1/threads/" + rootId, null).bodyAsJsonObject().getJsonObject("root").getString("id");
      assertEquals(201, api.post("/api/v1/posts/" + root + "/replies", painter, new JsonObject().put("content", "And at night.")
          .put("media_ids", new io.vertx.core.json.JsonArray().add(photo.getString("id")))).statusCode());
      assertThat(page.locator(".live-new .attachments img")).hasAttribute("alt", "The mural at night");
      List<String> liveViolations = Chromium.seriousAxeViolations(page);
      assertTrue(liveViolations.isEmpty(), String.join("\n", liveViolations));

      // Without JavaScript the thread reads the same, images included.
      BrowserContext plain = chromium.browser().newContext(new Browser.NewContextOptions().setJavaScriptEnabled(false)
          .setLocale("en-GB"));
      try {
        Page noJs = plain.newPage();
        noJs.navigate(threadUrl);
        assertThat(noJs.locator(".post .attachments img").first()).hasAttribute("alt", "A blue mural of the harbour on the school wall");
        assertEquals(1, noJs.locator("ol.replies .attachments a.document").count());
      } finally {
        plain.close();
      }
    } finally {
      context.close();
    }
  }

  /** WebP goes through TwelveMonkeys' reader: a file the browser itself encodes comes back as PNG. */
  @Test
  void aWebpFromTheBrowserIsDecodedAndReEncoded() throws IOException {
    BrowserContext context = chromium.browser().newContext();
    byte[] webp;
    try {
      Page page = context.newPage();
      String dataUrl = (String) page.evaluate("() => { const c = document.createElement('canvas'); c.width = 30; c.height = 20;"
          + " const g = c.getContext('2d'); g.fillStyle = '#3366cc'; g.fillRect(0, 0, 30, 20); return c.toDataURL('image/webp'); }");
      assertTrue(dataUrl.startsWith("data:image/webp;base64,"), dataUrl.substring(0, 30));
      webp = Base64.getDecoder().decode(dataUrl.substring(dataUrl.indexOf(',') + 1));
    } finally {
      context.close();
    }
    HttpResponse<Buffer> r = torg.api(vertx).request(HttpMethod.POST, "/api/v1/media").putHeader("Authorization", "Bearer " + painter)
        .sendMultipartForm(MultipartForm.create().attribute("description", "A blue rectangle")
            .binaryFileUpload("file", "blue.bin", Buffer.buffer(webp), "application/octet-stream")).await();
    assertEquals(200, r.statusCode(), r.bodyAsString());
    JsonObject m = r.bodyAsJsonObject();
    assertEquals("image/png", m.getString("media_type"));
    assertEquals(30, m.getJsonObject("meta").getInteger("width"));
    byte[] png = torg.get(vertx, java.net.URI.create(m.getString("url")).getRawPath()).send().await().body().getBytes();
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
    int rgb = decoded.getRGB(15, 10);
    assertTrue(Math.abs(((rgb >> 16) & 0xFF) - 0x33) < 10 && Math.abs((rgb & 0xFF) - 0xCC) < 10, Integer.toHexString(rgb));
  }
}
