package org.torg.server.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Locale;

/** Reads Accept-Encoding (RFC 9110 §12.5.3) for the one coding Torg serves precompressed. */
public final class AcceptEncoding {

  private AcceptEncoding() {}

  /**
   * Ends a response with a body kept in both forms: gzipped when the request accepts it. The
   * server's own compressor leaves a response that already has a Content-Encoding alone.
   */
  public static void end(HttpServerRequest request, HttpServerResponse response, Buffer plain, Buffer gzipped) {
    response.putHeader("Vary", varyWithEncoding(response.headers().get("Vary")));
    if (gzip(request.getHeader("Accept-Encoding"))) {
      response.putHeader("Content-Encoding", "gzip").end(gzipped);
    } else {
      response.end(plain);
    }
  }

  private static String varyWithEncoding(String vary) {
    if (vary == null || vary.isBlank()) {
      return "Accept-Encoding";
    }
    return vary.toLowerCase(Locale.ROOT).contains("accept-encoding") ? vary : vary + ", Accept-Encoding";
  }

  /** True when gzip (or x-gzip, or *) is acceptable, i.e. named without q=0. */
  public static boolean gzip(String header) {
    if (header == null || header.isBlank()) {
      return false;
    }
    for (String part : header.split(",")) {
      String[] pieces = part.strip().split(";");
      String coding = pieces[0].strip().toLowerCase(Locale.ROOT);
      if (!coding.equals("gzip") && !coding.equals("x-gzip") && !coding.equals("*")) {
        continue;
      }
      boolean refused = false;
      for (int i = 1; i < pieces.length; i++) {
        String param = pieces[i].strip().toLowerCase(Locale.ROOT).replace(" ", "");
        if (param.startsWith("q=")) {
          try {
            refused = Double.parseDouble(param.substring(2)) <= 0;
          } catch (NumberFormatException e) {
            refused = true;
          }
        }
      }
      if (!refused) {
        return true;
      }
    }
    return false;
  }
}
