package org.torg.server.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Optional;

/**
 * A JSON request body, read as an object, with typed field access. A body that is not JSON gets
 * 415 or 400, a field of the wrong type 422, each naming what is wrong; nothing is half-applied.
 */
public final class JsonBody {

  private final JsonObject json;

  private JsonBody(JsonObject json) {
    this.json = json;
  }

  /** The request's body; an empty body reads as {} (e.g. a DELETE without one). */
  public static JsonBody of(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    var body = ctx.body();
    if (body == null || body.buffer() == null || body.buffer().length() == 0) {
      return new JsonBody(new JsonObject());
    }
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new HttpError(415, "unsupported_media_type", "Send JSON, with Content-Type: application/json.");
    }
    String text = body.asString().stripLeading();
    if (!text.startsWith("{")) {
      throw new HttpError(400, "bad_request", "The body must be a JSON object.");
    }
    try {
      return new JsonBody(new JsonObject(text));
    } catch (DecodeException e) {
      throw new HttpError(400, "bad_request", "The body is not valid JSON.");
    }
  }

  /** A string field; absent or null is empty, any other type is 422. */
  public Optional<String> string(String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof String s) {
      return Optional.of(s);
    }
    throw new HttpError(422, "invalid_" + field, field + " must be a string.");
  }

  public String requiredString(String field) {
    return string(field).orElseThrow(() -> new HttpError(422, "missing_" + field, field + " is required."));
  }

  public boolean flag(String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return false;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    throw new HttpError(422, "invalid_" + field, field + " must be true or false.");
  }

  public boolean has(String field) {
    return json.containsKey(field);
  }
}
