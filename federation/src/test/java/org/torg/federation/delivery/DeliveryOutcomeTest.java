package org.torg.federation.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeliveryOutcomeTest {

  @ParameterizedTest
  @ValueSource(ints = {200, 201, 202, 204, 299})
  void anySuccessIsDelivered(int status) {
    assertEquals(DeliveryOutcome.DELIVERED, DeliveryOutcome.classify(status));
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 403, 404, 405, 409, 410, 413, 415, 422, 451, 499, 501})
  void clientErrorsAndNotImplementedAreRefused(int status) {
    assertEquals(DeliveryOutcome.REFUSED, DeliveryOutcome.classify(status));
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 408, 429, 500, 502, 503, 504, 520, 599})
  void authenticationTimeoutsThrottlingAndServerErrorsAreRetried(int status) {
    assertEquals(DeliveryOutcome.RETRY, DeliveryOutcome.classify(status));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 100, 199, 301, 302, 304, 307, 308, 600, 999})
  void anythingElseIsRetriedAsMastodonDoes(int status) {
    assertEquals(DeliveryOutcome.RETRY, DeliveryOutcome.classify(status));
  }
}
