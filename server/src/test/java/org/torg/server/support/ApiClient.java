package org.torg.server.support;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.torg.server.model.Account;

/** Calls Torg's JSON API as a client would, blocking (tests run off the event loop). */
public final class ApiClient {

  /** The tokens of one sign-in. */
  public record Session(String accessToken, String refreshToken, String csrfToken) {}

  private final WebClient client;
  private final String host;
  private final int port;
  private final RunningTorg torg;
  private final String forwardedFor;

  ApiClient(WebClient client, String host, int port, RunningTorg torg) {
    this(client, host, port, torg, null);
  }

  private ApiClient(WebClient client, String host, int port, RunningTorg torg, String forwardedFor) {
    this.client = client;
    this.host = host;
    this.port = port;
    this.torg = torg;
    this.forwardedFor = forwardedFor;
  }

  /**
   * This client as seen from another address: it sends X-Forwarded-For, which a Torg started
   * with TORG_HTTP_BEHIND_PROXY=true believes (as it would a reverse proxy's).
   */
  public ApiClient from(String address) {
    return new ApiClient(client, host, port, torg, address);
  }

  public HttpRequest<Buffer> request(HttpMethod method, String path) {
    HttpRequest<Buffer> request = client.request(method, port, host, path);
    if (forwardedFor != null) {
      request.putHeader("X-Forwarded-For", forwardedFor);
    }
    return request;
  }

  public HttpResponse<Buffer> send(HttpMethod method, String path, String accessToken, JsonObject body) {
    HttpRequest<Buffer> request = request(method, path);
    if (accessToken != null) {
      request.putHeader("Authorization", "Bearer " + accessToken);
    }
    return (body == null ? request.send() : request.sendJsonObject(body)).await();
  }

  public HttpResponse<Buffer> get(String path, String accessToken) {
    return send(HttpMethod.GET, path, accessToken, null);
  }

  public HttpResponse<Buffer> post(String path, String accessToken, JsonObject body) {
    return send(HttpMethod.POST, path, accessToken, body);
  }

  public HttpResponse<Buffer> register(String username, String password) {
    return post("/api/v1/accounts", null,
        new JsonObject().put("username", username).put("email", username + "@example.org").put("password", password));
  }

  public HttpResponse<Buffer> signInResponse(String username, String password) {
    return post("/api/v1/sessions", null, new JsonObject().put("username", username).put("password", password));
  }

  /** Signs in; fails the test unless the answer is 200. */
  public Session signIn(String username, String password) {
    HttpResponse<Buffer> r = signInResponse(username, password);
    if (r.statusCode() != 200) {
      throw new AssertionError("sign-in of " + username + " answered " + r.statusCode() + ": " + r.bodyAsString());
    }
    JsonObject body = r.bodyAsJsonObject();
    return new Session(body.getString("accessToken"), body.getString("refreshToken"), body.getString("csrfToken"));
  }

  /**
   * Registers an account and signs it in. The registration goes through the service from an
   * address of its own, so that tests making many accounts stay clear of the per-address limit.
   */
  public Session newCitizen(String username) {
    torg.torg().services().accounts().registrations()
        .register(username, username + "@example.org", "password-of-" + username, null, "test:" + username).await();
    return signIn(username, "password-of-" + username);
  }

  /** An admin, made as the create-admin command makes one, then signed in. */
  public Session newAdmin(String username) {
    Account admin = torg.torg().services().accounts().registrations()
        .createAdmin(username, null, "password-of-" + username).await();
    if (!admin.active()) {
      throw new AssertionError("the admin is not active");
    }
    return signIn(username, "password-of-" + username);
  }
}
