package org.torg.server.processing.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.torg.server.db.InboxRepository.QueuedActivity;

/** What the inbox hands its worker in memory: oldest row first, only while fresh, only while the worker runs, within its capacity. */
class InboxHandoffTest {

  private static QueuedActivity row(long id) {
    return new QueuedActivity(id, "https://peer.test/a/" + id, "https://peer.test/users/a", "Like", null, new JsonObject(), 1);
  }

  @Test
  void rowsComeOutOldestFirstWhateverOrderTheirStatementsCommittedIn() {
    InboxHandoff handoff = new InboxHandoff();
    handoff.open(() -> 3);
    handoff.add(List.of(row(5), row(6)));
    handoff.add(List.of(row(2), row(3)));
    assertEquals(List.of(2L, 3L, 5L), handoff.take(3).stream().map(QueuedActivity::id).toList());
    assertEquals(List.of(6L), handoff.take(10).stream().map(QueuedActivity::id).toList());
  }

  @Test
  void aRowHandedOverLongerThanHalfItsLeaseAgoIsLeftToTheTable() {
    AtomicLong now = new AtomicLong(1_000);
    InboxHandoff handoff = new InboxHandoff(now::get);
    handoff.open(() -> 3);
    handoff.add(List.of(row(1)));
    now.addAndGet(InboxHandoff.FRESH_FOR.toNanos() / 2);
    handoff.add(List.of(row(2)));
    now.addAndGet(InboxHandoff.FRESH_FOR.toNanos() / 2 + 1);
    // Row 1 may be claimed by another worker once its lease runs out: it is not taken from memory.
    assertEquals(List.of(2L), handoff.take(10).stream().map(QueuedActivity::id).toList());
  }

  @Test
  void withoutARunningWorkerOrBeyondItsCapacityRowsAreStoredUnclaimed() {
    InboxHandoff handoff = new InboxHandoff();
    assertTrue(handoff.claimingNode().isEmpty(), "no worker yet");
    handoff.open(() -> 7);
    assertEquals(7, handoff.claimingNode().getAsInt());
    List<QueuedActivity> full = new ArrayList<>();
    for (int i = 0; i < InboxHandoff.CAPACITY; i++) {
      full.add(row(i));
    }
    handoff.add(full);
    assertTrue(handoff.claimingNode().isEmpty(), "full: new rows wait in the table");
    handoff.take(1);
    assertEquals(7, handoff.claimingNode().getAsInt());
    handoff.close();
    assertTrue(handoff.claimingNode().isEmpty(), "stopped");
    assertTrue(handoff.take(10).isEmpty(), "what it held is left to the table");
  }
}
