package org.torg.server.processing.mail;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One email as Torg writes it: plain text, with any extra headers (List-Unsubscribe). */
public record MailMessage(String subject, String text, Map<String, String> headers) {

  public MailMessage(String subject, String text) {
    this(subject, text, Map.of());
  }

  byte[] encode() {
    return new JsonObject().put("subject", subject).put("text", text).put("headers", new JsonObject(new LinkedHashMap<>(headers)))
        .encode().getBytes(StandardCharsets.UTF_8);
  }

  static MailMessage decode(byte[] bytes) {
    JsonObject json = new JsonObject(new String(bytes, StandardCharsets.UTF_8));
    Map<String, String> headers = new LinkedHashMap<>();
    json.getJsonObject("headers", new JsonObject()).forEach(e -> headers.put(e.getKey(), String.valueOf(e.getValue())));
    return new MailMessage(json.getString("subject"), json.getString("text"), headers);
  }
}
