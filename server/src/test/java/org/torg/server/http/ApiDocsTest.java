package org.torg.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.app.Routes;
import org.torg.server.support.RunningTorg;

/** The OpenAPI document is served, and names every API route the router has, with its methods. */
class ApiDocsTest {

  static Vertx vertx;
  static RunningTorg torg;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    torg = RunningTorg.start(Map.of());
  }

  @AfterAll
  static void stop() {
    torg.close();
    vertx.close().await();
  }

  @Test
  void everyApiRouteIsDocumented() {
    var r = torg.get(vertx, "/api/openapi.json").send().await();
    assertEquals(200, r.statusCode());
    JsonObject paths = r.bodyAsJsonObject().getJsonObject("paths");

    Router router = Routes.create(vertx, 1024 * 1024, new HealthRoutes(null), torg.torg().services());
    List<String> missing = new ArrayList<>();
    List<String> mounted = new ArrayList<>();
    int checked = 0;
    for (Route route : router.getRoutes()) {
      String path = route.getPath();
      if (path == null || !path.startsWith("/api/v1/") || route.methods() == null) {
        continue;
      }
      String documented = path.replaceAll(":([a-zA-Z]+)", "{$1}");
      for (HttpMethod method : route.methods()) {
        checked++;
        mounted.add(method.name().toLowerCase(Locale.ROOT) + " " + documented);
        JsonObject item = paths.getJsonObject(documented);
        if (item == null || !item.containsKey(method.name().toLowerCase(Locale.ROOT))) {
          missing.add(method + " " + documented);
        }
      }
    }
    assertTrue(checked >= 20, "found the API routes: " + checked);
    assertEquals(List.of(), missing, "routes without an OpenAPI entry");
    List<String> stale = new ArrayList<>();
    for (String documented : paths.fieldNames()) {
      if (documented.startsWith("/api/v1/")) {
        paths.getJsonObject(documented).fieldNames().stream().filter(m -> !mounted.contains(m + " " + documented))
            .forEach(m -> stale.add(m + " " + documented));
      }
    }
    assertEquals(List.of(), stale, "OpenAPI entries without a route");
  }
}
