package org.torg.server.http.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every UI string exists in every language, and every key a template or script uses exists. */
class MessagesTest {

  static final Messages MESSAGES = Messages.load();
  static final String[] TEMPLATES = {"layout", "post-macros", "editor", "home", "group", "thread", "post", "profile",
      "message", "noscript", "signin", "register", "new-thread", "attachment-field", "follow", "notifications", "admin-layout", "admin-home",
      "admin-reports", "admin-domain-blocks", "admin-accounts", "admin-federation", "admin-settings"};
  static final String[] SCRIPTS = {"torg.js", "forms.js", "editor.js", "thread.js", "live.js", "media.js", "admin.js"};

  @Test
  void everyLanguageHasEveryKey() {
    Set<String> english = MESSAGES.keys(Locale.ENGLISH);
    for (Locale locale : Languages.SUPPORTED) {
      assertEquals(english, MESSAGES.keys(locale), "keys of " + locale);
    }
  }

  /** Two merged branches may add the same key: the file's later one would silently win. */
  @Test
  void noKeyIsDefinedTwice() throws IOException {
    for (String language : List.of("en", "sv", "nb")) {
      Set<String> keys = new java.util.HashSet<>();
      Set<String> twice = new TreeSet<>();
      for (String line : read("i18n/messages_" + language + ".properties").split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0 && !line.startsWith("#") && !keys.add(line.substring(0, eq).strip())) {
          twice.add(line.substring(0, eq).strip());
        }
      }
      assertEquals(Set.of(), twice, "keys defined twice in messages_" + language);
    }
  }

  @Test
  void translationsAreTranslated() {
    Locale sv = Locale.forLanguageTag("sv");
    Locale nb = Locale.forLanguageTag("nb");
    assertEquals("Logga in", MESSAGES.get(sv, "signin.title"));
    assertEquals("Logg inn", MESSAGES.get(nb, "signin.title"));
    assertEquals("3 replies", MESSAGES.get(Locale.ENGLISH, "thread.replies", 3));
    assertEquals("1 svar", MESSAGES.get(sv, "thread.replies", 1));
    assertEquals("Forward to the account's server", MESSAGES.get(Locale.ENGLISH, "report.forward"), "apostrophes without placeholders");
  }

  @Test
  void everyKeyUsedExists() throws IOException {
    Set<String> known = MESSAGES.keys(Locale.ENGLISH);
    Set<String> missing = new TreeSet<>();
    Pattern templateKey = Pattern.compile("t\\('([a-z_.]+)'\\s*[,)]");
    for (String template : TEMPLATES) {
      Matcher m = templateKey.matcher(read("templates/" + template + ".peb"));
      while (m.find()) {
        if (!known.contains(m.group(1))) {
          missing.add(template + ": " + m.group(1));
        }
      }
    }
    Pattern scriptKey = Pattern.compile("\\bs\\('([a-z_.]+)'");
    for (String script : SCRIPTS) {
      Matcher m = scriptKey.matcher(read("web/js/" + script));
      while (m.find()) {
        if (!known.contains("js." + m.group(1))) {
          missing.add(script + ": js." + m.group(1));
        }
      }
    }
    assertTrue(missing.isEmpty(), "keys used but not translated: " + missing);
  }

  private static String read(String resource) throws IOException {
    try (InputStream in = MessagesTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertTrue(in != null, resource);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
