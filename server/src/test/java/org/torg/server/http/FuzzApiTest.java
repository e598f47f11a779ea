package org.torg.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.torg.server.support.ApiClient;
import org.torg.server.support.JsonMutations;
import org.torg.server.support.RunningTorg;

/**
 * Property-based fuzzing of the JSON API: every write route of the OpenAPI document, called by an
 * admin (so permission checks pass and the handlers run) with a body made from the route's own
 * schema and then mutated, or with a body that is not the right JSON at all. Whatever comes in:
 * no 5xx, no stack trace or class name in the answer, and a refused request changes no row.
 */
class FuzzApiTest {

  /** Routes that would end the fuzzing admin's own session or account: the rest is fair game. */
  private static final Set<String> SKIPPED = Set.of("DELETE /api/v1/me", "POST /api/v1/me/password", "DELETE /api/v1/sessions");

  /** Tables whose row counts a refused request must leave as they were. */
  private static final List<String> TABLES = List.of("account", "group_profile", "group_member", "thread", "post", "post_edit",
      "post_reaction", "follow", "report", "domain_block", "actor_sanction", "group_ban", "held_post", "modlog_entry", "appeal",
      "consultation", "consultation_citation", "poll", "poll_vote", "outbox_activity", "delivery", "notification");

  static Vertx vertx;
  static RunningTorg torg;
  static ApiClient api;
  static String admin;
  static List<Route> routes;
  static Map<String, String> ids;

  record Route(HttpMethod method, String template, JsonObject schema) {
    String path(String salt) {
      String p = template;
      for (var e : ids.entrySet()) {
        p = p.replace("{" + e.getKey() + "}", e.getValue());
      }
      return p.replace("{domain}", salt + ".example");
    }
  }

  @BeforeContainer
  static void start() throws IOException {
    vertx = Vertx.vertx();
    torg = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "http://fuzz.test"));
    api = torg.api(vertx);
    admin = api.newAdmin("boss").accessToken();
    api.newCitizen("cit");
    api.post("/api/v1/groups", admin, new JsonObject().put("name", "branch"));
    JsonObject thread = api.post("/api/v1/groups/branch/threads", admin, new JsonObject().put("title", "Buses")
        .put("content", "Night buses?")).bodyAsJsonObject();
    JsonObject consultation = api.post("/api/v1/groups/branch/consultations", admin, new JsonObject().put("title", "Budget")
        .put("content", "What first?").put("inputClosesAt", Instant.now().plus(1, ChronoUnit.DAYS).toString())
        .put("poll", new JsonObject().put("options", new JsonArray().add("Parks").add("Schools")))).bodyAsJsonObject();
    String report = api.post("/api/v1/reports", admin, new JsonObject().put("targetAccount", "@cit@fuzz.test")
        .put("comment", "spam")).bodyAsJsonObject().getString("id");
    ids = Map.of("name", "branch", "username", "cit", "id", thread.getJsonObject("root").getString("id"),
        "threadId", consultation.getString("id"), "reportId", report);
    routes = new ArrayList<>();
    JsonObject paths;
    try (InputStream in = FuzzApiTest.class.getResourceAsStream("/api/openapi.json")) {
      paths = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getJsonObject("paths");
    }
    for (String path : paths.fieldNames()) {
      JsonObject ops = paths.getJsonObject(path);
      for (String method : ops.fieldNames()) {
        if (!Set.of("post", "put", "patch", "delete").contains(method) || SKIPPED.contains(method.toUpperCase() + " " + path)) {
          continue;
        }
        JsonObject schema = ops.getJsonObject(method).getJsonObject("requestBody", new JsonObject())
            .getJsonObject("content", new JsonObject()).getJsonObject("application/json", new JsonObject())
            .getJsonObject("schema", new JsonObject());
        // A consultation's routes take its thread id, a report's its report id.
        String template = path.startsWith("/api/v1/threads/") ? path.replace("{id}", "{threadId}")
            : path.startsWith("/api/v1/admin/reports/") ? path.replace("{id}", "{reportId}") : path;
        routes.add(new Route(HttpMethod.valueOf(method.toUpperCase()), template, schema));
      }
    }
    assertTrue(routes.size() > 30, "the OpenAPI document lists the write routes: " + routes.size());
  }

  @AfterContainer
  static void stop() {
    if (torg != null) {
      torg.close();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  record Call(int route, List<JsonMutations.Mutation> mutations) {}

  @Provide
  Arbitrary<Call> calls() {
    return Combinators.combine(Arbitraries.integers().between(0, routes.size() - 1),
        JsonMutations.mutations(List.of("branch", "cit", "boss", "@cit@fuzz.test", ids.get("id"))).list().ofMaxSize(4))
        .as(Call::new);
  }

  @Property(tries = 400)
  void anyRouteWithAMutatedBodyFromItsSchemaAnswersWithoutAServerErrorAndARefusalChangesNothing(@ForAll("calls") Call call) {
    Route route = routes.get(call.route());
    String salt = "f" + UUID.randomUUID().toString().substring(0, 8);
    JsonObject body = JsonMutations.apply(sample(route.schema(), salt) instanceof JsonObject o ? o : new JsonObject(),
        call.mutations());
    check(route, salt, Buffer.buffer(body.encode()), call.mutations().toString());
  }

  @Property(tries = 150)
  void anyRouteWithABodyThatIsNotTheRightJsonAnswersWithoutAServerError(@ForAll("calls") Call call,
      @ForAll("notObjects") String raw) {
    Route route = routes.get(call.route());
    check(route, "g" + UUID.randomUUID().toString().substring(0, 8), Buffer.buffer(raw), raw);
  }

  /** Found by the property above: a vote without a body was a NullPointerException (500). */
  @net.jqwik.api.Example
  void aVoteOrAConsultationWithoutABodyIsRefusedWithItsReason() {
    for (String path : List.of("/api/v1/threads/" + ids.get("threadId") + "/votes", "/api/v1/groups/branch/consultations")) {
      HttpResponse<Buffer> answer = api.request(HttpMethod.POST, path).putHeader("Authorization", "Bearer " + admin)
          .putHeader("Content-Type", "application/json").send().await();
      assertEquals(422, answer.statusCode(), path + " " + answer.bodyAsString());
    }
  }

  @Provide
  Arbitrary<String> notObjects() {
    return Arbitraries.oneOf(
        Arbitraries.of("", "null", "[]", "[1,2]", "\"text\"", "42", "true", "{", "{\"a\":", "{\"a\":1}}", "\u0000", "{\"\u0000\":1}",
            "{\"title\":" + "[".repeat(2000) + "]".repeat(2000) + "}", "{\"a\":1,\"a\":2}", "\uFEFF{}"),
        Arbitraries.strings().ofMaxLength(60),
        JsonMutations.hostileValues(List.of("branch")).map(v -> v == null ? "null" : io.vertx.core.json.Json.encode(v)));
  }

  private void check(Route route, String salt, Buffer body, String label) {
    Map<String, Long> before = counts();
    HttpResponse<Buffer> answer = api.request(route.method(), route.path(salt))
        .putHeader("Authorization", "Bearer " + admin).putHeader("Content-Type", "application/json")
        .sendBuffer(body).await();
    String text = answer.bodyAsString() == null ? "" : answer.bodyAsString();
    String what = route.method() + " " + route.path(salt) + " " + label + " -> " + answer.statusCode() + " " + text;
    assertTrue(answer.statusCode() < 500, what);
    assertFalse(text.contains("Exception") || text.contains("\tat ") || text.contains("org.torg.") || text.contains("io.vertx."),
        "no internals: " + what);
    if (answer.statusCode() >= 400) {
      assertEquals(before, counts(), "a refused request changes no row: " + what);
    }
  }

  private static Map<String, Long> counts() {
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < TABLES.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append("(SELECT count(*) FROM ").append(TABLES.get(i)).append(')');
    }
    var row = torg.torg().services().pool().query(sql.toString()).execute().await().iterator().next();
    Map<String, Long> out = new java.util.LinkedHashMap<>();
    for (int i = 0; i < TABLES.size(); i++) {
      out.put(TABLES.get(i), row.getLong(i));
    }
    return out;
  }

  /** A value that fits the schema: the route's body as a client that read the document would send it. */
  static Object sample(JsonObject schema, String salt) {
    if (schema.containsKey("enum")) {
      return schema.getJsonArray("enum").getValue(0);
    }
    String type = schema.getString("type", "object");
    switch (type) {
      case "object": {
        JsonObject out = new JsonObject();
        JsonObject properties = schema.getJsonObject("properties", new JsonObject());
        for (String name : properties.fieldNames()) {
          out.put(name, sample(properties.getJsonObject(name), salt));
        }
        return out;
      }
      case "array": {
        JsonArray out = new JsonArray();
        int n = Math.max(2, schema.getInteger("minItems", 0));
        for (int i = 0; i < n; i++) {
          out.add(sample(schema.getJsonObject("items", new JsonObject().put("type", "string")), salt + i));
        }
        return out;
      }
      case "integer":
      case "number":
        return 1;
      case "boolean":
        return true;
      default:
        if ("date-time".equals(schema.getString("format"))) {
          return Instant.now().plus(2, ChronoUnit.HOURS).toString();
        }
        return salt;
    }
  }
}
