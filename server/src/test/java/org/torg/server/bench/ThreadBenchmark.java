package org.torg.server.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.torg.federation.signature.HttpSigner;
import org.torg.federation.signature.SignatureFormat;
import org.torg.server.app.ConfigLoader;
import org.torg.server.app.Services;
import org.torg.server.app.Torg;

/**
 * The thread benchmark of the README's Performance section: a real Torg on its embedded
 * PostgreSQL, read over loopback HTTP by clients in this JVM (which share the 2 cores with Torg and
 * PostgreSQL). Measures whole-thread reads of a 50-post thread at 32 concurrent clients beside a
 * static file served by the same server at the same concurrency (the HTTP ceiling of this run),
 * reads of a 1,000-reply thread (cached, and re-rendered after every change), and the time from a
 * remote reply's inbox POST until a thread read shows it. Bounded; stops by itself.
 * Run: server/bench/threads.sh
 */
public final class ThreadBenchmark {

  private static final int CLIENTS = 32;
  private static final int READS = Integer.getInteger("bench.reads", 30_000);
  private static final int WARM_UP = Integer.getInteger("bench.warmup", 20_000);

  public static void main(String[] args) throws Exception {
    Vertx driver = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    BenchPeer peer = new BenchPeer(driver);
    int peerPort = peer.start(1).get(0);
    var dataDir = Files.createTempDirectory("torg-bench");
    Map<String, String> env = new HashMap<>();
    env.put("TORG_DATA_DIR", dataDir.toString());
    env.put("TORG_HTTP_PORT", "0");
    env.put("TORG_PUBLIC_URL", "http://127.0.0.1");
    env.put("TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true");
    System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("TORG_"))
        .forEach(k -> env.put(k, System.getProperty(k)));
    Torg torg = Torg.start(ConfigLoader.load(Optional.empty(), env));
    HttpClientAgent client = driver.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(CLIENTS));
    try {
      Services services = torg.services();
      int port = torg.httpPort();
      services.accounts().registrations().createAdmin("bencher", "bench@example.org", "a long bench password").await();
      String token = call(client, port, HttpMethod.POST, "/api/v1/sessions",
          new JsonObject().put("username", "bencher").put("password", "a long bench password"), null).getString("accessToken");
      call(client, port, HttpMethod.POST, "/api/v1/groups", new JsonObject().put("name", "bench").put("displayName", "Bench"), token);

      phase("seeding: a 50-post thread of about 100 KB, and a 1,000-reply thread");
      String small = seedThread(client, port, token, "Fifty posts", 49, 1_900);
      String large = seedThread(client, port, token, "A thousand replies", 1_000, 300);
      int smallBytes = read(client, port, "/api/v1/threads/" + small).length();
      int largeBytes = read(client, port, "/api/v1/threads/" + large).length();
      int smallGzip = WebClient.wrap(client).get(port, "127.0.0.1", "/api/v1/threads/" + small).putHeader("Accept-Encoding", "gzip")
          .send().await().body().length();
      System.out.printf("50-post thread: %,d bytes of JSON (%,d gzipped); 1,000-reply thread: %,d bytes%n", smallBytes, smallGzip,
          largeBytes);

      phase("warm-up (" + WARM_UP + " reads of each, unmeasured)");
      gets(client, port, "/torg.css", WARM_UP);
      gets(client, port, "/api/v1/threads/" + small, WARM_UP, true);
      gets(client, port, "/api/v1/threads/" + small, WARM_UP / 2);

      phase("ceiling: a static file from the same server, " + CLIENTS + " clients");
      LoadRun.Result ceiling = gets(client, port, "/torg.css", READS);
      System.out.println("static file: " + ceiling);
      phase("50-post thread, " + CLIENTS + " clients asking for gzip");
      var before = FederationBenchmark.Cpu.now(dataDir);
      LoadRun.Result reads = gets(client, port, "/api/v1/threads/" + small, READS, true);
      System.out.println("50-post thread reads, gzip: " + reads);
      System.out.println(FederationBenchmark.Cpu.now(dataDir).since(before, READS));
      System.out.printf("  = %.0f %% of the static-file rate%n", 100 * reads.perSecond() / ceiling.perSecond());
      phase("50-post thread, " + CLIENTS + " clients not asking for compression");
      before = FederationBenchmark.Cpu.now(dataDir);
      LoadRun.Result plain = gets(client, port, "/api/v1/threads/" + small, READS / 2);
      System.out.println("50-post thread reads, uncompressed: " + plain);
      System.out.println(FederationBenchmark.Cpu.now(dataDir).since(before, READS / 2));

      phase("50-post thread page (HTML, as a browser signed out asks for it), " + CLIENTS + " clients");
      gets(client, port, "/threads/" + small, WARM_UP / 2, true, "text/html"); // warm-up of the page path
      before = FederationBenchmark.Cpu.now(dataDir);
      LoadRun.Result pages = gets(client, port, "/threads/" + small, READS, true, "text/html");
      System.out.println("50-post thread pages, gzip: " + pages);
      System.out.println(FederationBenchmark.Cpu.now(dataDir).since(before, READS));
      phase("50-post thread page, signed in (the shared part kept per version, the reader's part per request), "
          + CLIENTS + " clients");
      String cookie = "torg_access=" + token;
      String signedInPage = WebClient.wrap(client).get(port, "127.0.0.1", "/threads/" + small).putHeader("Accept", "text/html")
          .putHeader("Cookie", cookie).send().await().bodyAsString();
      if (!signedInPage.contains("data-signed-in=\"true\"")) {
        throw new IllegalStateException("the cookie did not sign the reader in");
      }
      gets(client, port, "/threads/" + small, WARM_UP / 2, true, "text/html", cookie);
      before = FederationBenchmark.Cpu.now(dataDir);
      LoadRun.Result signedIn = gets(client, port, "/threads/" + small, READS, true, "text/html", cookie);
      System.out.println("50-post thread pages, signed in, gzip: " + signedIn);
      System.out.println(FederationBenchmark.Cpu.now(dataDir).since(before, READS));
      System.out.printf("  = %.0f %% of the static-file rate%n", 100 * signedIn.perSecond() / ceiling.perSecond());
      long[] largePage = new long[100];
      for (int i = 0; i < largePage.length; i++) {
        long t0 = System.nanoTime();
        page(client, port, "/threads/" + large);
        largePage[i] = System.nanoTime() - t0;
      }
      System.out.println("1,000-reply thread page, one client, unchanged: " + percentiles(largePage));
      for (int i = 0; i < largePage.length; i++) {
        services.pool().preparedQuery("UPDATE thread SET version = version + 1 WHERE id = $1").execute(Tuple.of(Long.parseLong(large)))
            .await();
        long t0 = System.nanoTime();
        page(client, port, "/threads/" + large);
        largePage[i] = System.nanoTime() - t0;
      }
      System.out.println("1,000-reply thread page, one client, read after a change (rendered anew): " + percentiles(largePage));

      phase("1,000-reply thread, one client: read whole, unchanged (served from the cache) and after each change");
      long[] cached = new long[100];
      long[] changed = new long[100];
      for (int i = 0; i < 100; i++) {
        long t0 = System.nanoTime();
        read(client, port, "/api/v1/threads/" + large);
        cached[i] = System.nanoTime() - t0;
      }
      for (int i = 0; i < 100; i++) {
        // A change to the thread (what a like or an edit does to its version): the next read renders it anew.
        services.pool().preparedQuery("UPDATE thread SET version = version + 1 WHERE id = $1").execute(Tuple.of(Long.parseLong(large)))
            .await();
        long t0 = System.nanoTime();
        read(client, port, "/api/v1/threads/" + large);
        changed[i] = System.nanoTime() - t0;
      }
      System.out.println("1,000-reply thread, unchanged: " + percentiles(cached));
      System.out.println("1,000-reply thread, read after a change (rendered anew): " + percentiles(changed));

      phase("a remote reply: signed inbox POST until a thread read shows it, 100 replies one after another");
      JsonObject thread = new JsonObject(read(client, port, "/api/v1/threads/" + small));
      String rootUri = thread.getJsonObject("root").getString("uri");
      long[] visible = new long[100];
      for (int i = 0; i < visible.length; i++) {
        visible[i] = remoteReplyVisible(client, port, peer, peerPort, rootUri, small);
      }
      System.out.println("inbox POST until visible in the thread: " + percentiles(visible));
    } catch (RuntimeException | Error e) {
      e.printStackTrace(System.out); // before stopping Torg, whose shutdown may end the JVM first
      throw e;
    } finally {
      torg.stop();
      driver.close().await();
    }
  }

  private static void phase(String name) {
    System.out.println("== " + name + " (" + Instant.now() + ")");
  }

  /** A thread with {@code replies} replies of about {@code bytes} characters each, under the root or each other. */
  private static String seedThread(HttpClientAgent client, int port, String token, String title, int replies, int bytes) {
    java.util.Random random = new java.util.Random(title.hashCode());
    JsonObject opened = call(client, port, HttpMethod.POST, "/api/v1/groups/bench/threads",
        new JsonObject().put("title", title).put("content", prose(random, bytes)), token);
    List<String> posts = new ArrayList<>();
    posts.add(opened.getJsonObject("root").getString("id"));
    for (int i = 0; i < replies; i++) {
      // A bushy tree: each reply answers one of the earlier posts, as discussions branch.
      String parent = posts.get((int) ((i * 7919L) % posts.size()));
      posts.add(call(client, port, HttpMethod.POST, "/api/v1/posts/" + parent + "/replies",
          new JsonObject().put("content", "Reply " + i + ". " + prose(random, bytes)), token).getString("id"));
    }
    return opened.getString("id");
  }

  private static final String[] WORDS = ("the council should budget for a new library branch and keep it open on sundays because"
      + " families work during the week while pensioners and students need quiet space transport costs matter too so"
      + " consider bus routes cycling lanes parking fees schools housing rents taxes climate jobs healthcare clinics"
      + " i disagree with this proposal since we cannot afford it without cutting other services however maybe volunteers"
      + " could help **important** *really* [link](https://example.org/page) data shows numbers from 2024 and 2025 percent").split(" ");

  /** Markdown of about {@code chars} characters, words drawn at random: compresses like real text, not like a repeated line. */
  private static String prose(java.util.Random random, int chars) {
    StringBuilder out = new StringBuilder(chars + 32);
    while (out.length() < chars) {
      out.append(WORDS[random.nextInt(WORDS.length)]).append(out.length() % 400 < 8 ? ".\n\n" : " ");
    }
    return out.toString();
  }

  private static LoadRun.Result gets(HttpClientAgent client, int port, String path, int n) {
    return gets(client, port, path, n, false);
  }

  private static LoadRun.Result gets(HttpClientAgent client, int port, String path, int n, boolean gzip) {
    return gets(client, port, path, n, gzip, null);
  }

  private static void page(HttpClientAgent client, int port, String path) {
    HttpResponse<Buffer> response = WebClient.wrap(client).get(port, "127.0.0.1", path).putHeader("Accept", "text/html")
        .timeout(10_000).send().await();
    if (response.statusCode() != 200 || !response.bodyAsString().contains("</html>")) {
      throw new IllegalStateException(path + " answered " + response.statusCode());
    }
  }

  /** {@code gzip}: ask for it as browsers and fediverse servers do (the answer is read, not decompressed). */
  /** {@code accept}: the Accept header, null for none. */
  private static LoadRun.Result gets(HttpClientAgent client, int port, String path, int n, boolean gzip, String accept) {
    return gets(client, port, path, n, gzip, accept, null);
  }

  /** {@code cookie}: a Cookie header (a signed-in reader's session), null for none; a page that is not 200 fails the run. */
  private static LoadRun.Result gets(HttpClientAgent client, int port, String path, int n, boolean gzip, String accept,
      String cookie) {
    WebClient web = WebClient.wrap(client);
    return LoadRun.run(CLIENTS, n, i -> {
      var request = web.get(port, "127.0.0.1", path);
      if (accept != null) {
        request.putHeader("Accept", accept);
      }
      if (cookie != null) {
        request.putHeader("Cookie", cookie);
      }
      if (gzip) {
        request.putHeader("Accept-Encoding", "gzip, deflate, br");
      }
      return request.send().map(response -> response.statusCode());
    });
  }

  /**
   * Through WebClient, which reads the whole body itself: a raw client's response read with
   * body() from a thread outside Vert.x now and then never completed (the lost answers the README
   * mentions).
   */
  private static String read(HttpClientAgent client, int port, String path) {
    HttpResponse<Buffer> response = WebClient.wrap(client).get(port, "127.0.0.1", path).timeout(10_000).send().await();
    if (response.statusCode() != 200) {
      throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.bodyAsString());
    }
    return response.bodyAsString();
  }

  private static JsonObject call(HttpClientAgent client, int port, HttpMethod method, String path, JsonObject body, String token) {
    return BenchApi.call(WebClient.wrap(client), port, method, path, body, token);
  }

  /** Sends one signed Create of a reply to the thread's root; ns until the thread's JSON names it. */
  private static long remoteReplyVisible(HttpClientAgent client, int port, BenchPeer peer, int peerPort, String rootUri,
      String threadId) {
    String actor = BenchPeer.actorUri(peerPort);
    String noteId = BenchPeer.base(peerPort) + "/notes/" + UUID.randomUUID();
    JsonObject note = new JsonObject().put("id", noteId).put("type", "Note").put("attributedTo", actor)
        .put("inReplyTo", rootUri).put("content", "<p>A remote reply</p>").put("published", Instant.now().toString())
        .put("to", new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"));
    byte[] body = new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams")
        .put("id", noteId + "/activity").put("type", "Create").put("actor", actor).put("object", note)
        .encode().getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = HttpSigner.sign(SignatureFormat.DRAFT_CAVAGE, "POST", URI.create("http://127.0.0.1/inbox"),
        Map.of("Content-Type", "application/activity+json"), body, actor + "#main-key", peer.key.getPrivate(), Instant.now());
    var request = WebClient.wrap(client).post(port, "127.0.0.1", "/inbox").timeout(10_000);
    headers.forEach(request::putHeader);
    long t0 = System.nanoTime();
    int status = request.sendBuffer(Buffer.buffer(body)).await().statusCode();
    if (status != 202) {
      throw new IllegalStateException("the inbox answered " + status);
    }
    long deadline = t0 + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (read(client, port, "/api/v1/threads/" + threadId).contains(noteId)) {
        return System.nanoTime() - t0;
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted");
      }
    }
    throw new IllegalStateException("the reply " + noteId + " did not show within 10 s");
  }

  private static String percentiles(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return String.format("p50 %.1f ms, p95 %.1f ms, max %.1f ms (%d samples)", sorted[sorted.length / 2] / 1e6,
        sorted[(int) (sorted.length * 0.95)] / 1e6, sorted[sorted.length - 1] / 1e6, sorted.length);
  }
}
