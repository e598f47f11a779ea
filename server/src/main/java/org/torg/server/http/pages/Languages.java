package org.torg.server.http.pages;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The page's language: {@code ?lang=} (remembered in a cookie), else that cookie, else the
 * browser's Accept-Language, else English. Norwegian asked for as {@code no} or {@code nn} gets
 * Bokmål, the only Norwegian Torg has.
 */
public final class Languages {

  public static final String COOKIE = "torg_lang";
  public static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.forLanguageTag("sv"), Locale.forLanguageTag("nb"));
  private static final Duration REMEMBERED = Duration.ofDays(365);

  private Languages() {}

  public static Locale choose(RoutingContext ctx) {
    return choose(ctx, null);
  }

  /** As above, with the signed-in account's choice (null: none) between the cookie and Accept-Language. */
  public static Locale choose(RoutingContext ctx, String accountChoice) {
    String asked = ctx.request().getParam("lang");
    if (asked != null) {
      Locale chosen = supported(asked);
      if (chosen != null) {
        ctx.response().addCookie(Cookie.cookie(COOKIE, chosen.getLanguage()).setPath("/").setSameSite(CookieSameSite.LAX)
            .setMaxAge(REMEMBERED.toSeconds()));
        return chosen;
      }
    }
    Cookie cookie = ctx.request().getCookie(COOKIE);
    if (cookie != null) {
      Locale chosen = supported(cookie.getValue());
      if (chosen != null) {
        return chosen;
      }
    }
    Locale chosen = accountChoice == null ? null : supported(accountChoice);
    return chosen != null ? chosen : fromAcceptLanguage(ctx.request().getHeader("Accept-Language"));
  }

  /** The first supported language in the header's order of preference. */
  static Locale fromAcceptLanguage(String header) {
    if (header == null || header.isBlank()) {
      return Locale.ENGLISH;
    }
    List<Locale.LanguageRange> ranges;
    try {
      ranges = Locale.LanguageRange.parse(header.length() > 200 ? header.substring(0, 200) : header);
    } catch (IllegalArgumentException e) {
      return Locale.ENGLISH;
    }
    for (Locale.LanguageRange range : ranges) {
      if (range.getWeight() == 0) {
        continue;
      }
      String tag = range.getRange();
      if (tag.equals("*")) {
        return Locale.ENGLISH;
      }
      Locale chosen = supported(tag);
      if (chosen != null) {
        return chosen;
      }
    }
    return Locale.ENGLISH;
  }

  private static Locale supported(String tag) {
    String language = tag.split("[-_]", 2)[0].toLowerCase(Locale.ROOT);
    return switch (language) {
      case "en" -> Locale.ENGLISH;
      case "sv" -> SUPPORTED.get(1);
      case "nb", "no", "nn" -> SUPPORTED.get(2);
      default -> null;
    };
  }
}
