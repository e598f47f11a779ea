package org.torg.server.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Optional;
import org.torg.server.error.HttpError;

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

  /** A list of strings (ids may come as numbers too); absent is empty, anything else 422. */
  public java.util.List<String> strings(String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return java.util.List.of();
    }
    if (value instanceof io.vertx.core.json.JsonArray array && array.size() <= 1000) {
      java.util.List<String> out = new java.util.ArrayList<>();
      for (Object item : array) {
        if (item instanceof String s) {
          out.add(s);
        } else if (item instanceof Number n && n.longValue() == n.doubleValue()) {
          out.add(String.valueOf(n.longValue()));
        } else {
          throw new HttpError(422, "invalid_" + field, field + " must be a list of ids.");
        }
      }
      return out;
    }
    throw new HttpError(422, "invalid_" + field, field + " must be a list of ids.");
  }

  /** A boolean field, when present; any other type is 422. */
  public Optional<Boolean> optionalFlag(String field) {
    return json.getValue(field) == null ? Optional.empty() : Optional.of(flag(field));
  }

  public boolean has(String field) {
    return json.containsKey(field);
  }

  /** A field as it came, of whatever JSON type (null when absent), for the caller to check. */
  public Object raw(String field) {
    return json.getValue(field);
  }
}
