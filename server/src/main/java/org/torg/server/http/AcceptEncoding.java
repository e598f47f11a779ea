package org.torg.server.http;

import java.util.Locale;

/** Reads Accept-Encoding (RFC 9110 §12.5.3) for the one coding Torg serves precompressed. */
public final class AcceptEncoding {

  private AcceptEncoding() {}

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
