package org.torg.server.http.pages;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the web client's Pebble templates ({@code templates/*.peb} in torg-web-client).
 * Auto-escaping is on: every value is HTML-escaped unless a template marks it {@code | raw},
 * which only Torg's own safe HTML (rendered Markdown, sanitized remote content) may be.
 * Templates are compiled once and cached; {@code t('key', args…)} gives a translated string.
 */
public final class PageRenderer {

  private final PebbleEngine engine;
  private final Messages messages;

  public PageRenderer(Messages messages) {
    this.messages = messages;
    ClasspathLoader loader = new ClasspathLoader(PageRenderer.class.getClassLoader());
    loader.setPrefix("templates");
    loader.setSuffix(".peb");
    this.engine = new PebbleEngine.Builder()
        .loader(loader)
        .autoEscaping(true)
        .strictVariables(false)
        .cacheActive(true)
        .extension(new AbstractExtension() {
          @Override
          public Map<String, Function> getFunctions() {
            return Map.of("t", new Translate());
          }
        })
        .build();
  }

  public Messages messages() {
    return messages;
  }

  public String render(String template, Map<String, Object> model, Locale locale) {
    PebbleTemplate compiled = engine.getTemplate(template);
    StringWriter out = new StringWriter(8192);
    try {
      compiled.evaluate(out, model, locale);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** {@code t('key')} or {@code t('key', a, b…)}: positional arguments fill {0}, {1}…. */
  private final class Translate implements Function {

    @Override
    public List<String> getArgumentNames() {
      return null;
    }

    @Override
    public Object execute(Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int lineNumber) {
      String key = String.valueOf(args.get("0"));
      int n = args.size() - 1;
      Object[] rest = new Object[Math.max(0, n)];
      for (int i = 0; i < rest.length; i++) {
        rest[i] = args.get(Integer.toString(i + 1));
      }
      return messages.get(context.getLocale(), key, rest);
    }
  }
}
