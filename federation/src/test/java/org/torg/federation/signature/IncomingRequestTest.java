package org.torg.federation.signature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IncomingRequestTest {

  private static IncomingRequest request(String target, Map<String, List<String>> headers) {
    return new IncomingRequest("GET", target, "torg.example", "HTTPS", headers, null);
  }

  @Test
  void findsHeadersWhateverTheCaseAndJoinsRepeatedOnes() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Accept", List.of("application/activity+json"));
    headers.put("accept", List.of("application/ld+json"));
    headers.put("X-Empty", List.of());
    IncomingRequest request = request("/", headers);
    assertEquals(Optional.of("application/activity+json, application/ld+json"), request.header("ACCEPT"));
    assertEquals(List.of("accept", "x-empty"), List.copyOf(request.headers().keySet()));
    assertEquals(Optional.empty(), request.header("x-empty"));
    assertEquals(Optional.empty(), request.header("date"));
    assertEquals("https", request.scheme());
  }

  @Test
  void splitsTheTargetIntoPathAndQuery() {
    assertEquals("/inbox", request("/inbox?a=1?b", Map.of()).path());
    assertEquals(Optional.of("a=1?b"), request("/inbox?a=1?b", Map.of()).query());
    assertEquals(Optional.empty(), request("/inbox", Map.of()).query());
    assertEquals(Optional.of(""), request("/inbox?", Map.of()).query());
    assertEquals("/", request("?x", Map.of()).path());
  }

  @Test
  void theBodyCannotBeChangedFromOutside() {
    byte[] body = {1, 2, 3};
    IncomingRequest request = new IncomingRequest("POST", "/inbox", "torg.example", "https", Map.of(), body);
    body[0] = 9;
    request.body()[1] = 9;
    assertArrayEquals(new byte[] {1, 2, 3}, request.body());
    assertArrayEquals(new byte[0], request("/", Map.of()).body());
  }

  @Test
  void refusesARequestWithoutMethodTargetOrScheme() {
    assertThrows(IllegalArgumentException.class, () -> new IncomingRequest("", "/", "h", "https", Map.of(), null));
    assertThrows(IllegalArgumentException.class, () -> new IncomingRequest("GET", null, "h", "https", Map.of(), null));
    assertThrows(IllegalArgumentException.class, () -> new IncomingRequest("GET", "/", "h", null, Map.of(), null));
  }
}
