package org.torg.server.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The benchmarks' calls to Torg's JSON API and to its database, for setting up and checking a run (not the measured traffic). */
final class BenchApi {

  private BenchApi() {}

  /** A JSON call to a Torg on 127.0.0.1; anything but a 2xx ends the run, with what Torg said. */
  static JsonObject call(WebClient web, int port, HttpMethod method, String path, JsonObject body, String token) {
    var request = web.request(method, port, "127.0.0.1", path).timeout(10_000);
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    HttpResponse<Buffer> response = request.sendJsonObject(body).await();
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }

  /** Opens a thread in a Group as the token's account. */
  static JsonObject openThread(WebClient web, int port, String token, String group, String title, String content) {
    return call(web, port, HttpMethod.POST, "/api/v1/groups/" + group + "/threads",
        new JsonObject().put("title", title).put("content", content), token);
  }

  /** A count query's one number; its parameters are bound, never spliced into the SQL. */
  static long count(Connection sql, String query, Object... parameters) throws SQLException {
    try (PreparedStatement statement = sql.prepareStatement(query)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }
}
