package org.torg.server.processing.inbound;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.PriorityQueue;
import java.util.function.IntSupplier;
import org.torg.server.db.InboxRepository.QueuedActivity;

/**
 * Activities this node's inbox just stored, handed to its inbox worker as they are, parsed: they
 * are stored already claimed by this node ({@code claimed_by}, a lease), so no other node takes
 * them while this one lives, and the worker needs no claim statement and no second parse of
 * their JSON. Under load the claim took nearly a third of PostgreSQL's statement time per activity. A node that dies
 * loses only this memory: its rows are claimed again by the others at once (its node lock is
 * gone), or after a restart (a new node number). When the worker is far behind, or not running,
 * rows are stored unclaimed and the worker claims them from the table as before.
 */
public final class InboxHandoff {

  /** Activities held at most: beyond that the table is the queue. */
  static final int CAPACITY = 10_000;

  /**
   * Oldest row first: statements in flight together may commit out of order, and the table's
   * order (the row id) is the order an actor's activities arrived in.
   */
  private final PriorityQueue<QueuedActivity> queue = new PriorityQueue<>(Comparator.comparingLong(QueuedActivity::id));
  private IntSupplier node;

  /** From when the worker runs: rows are stored claimed by {@code node}. */
  synchronized void open(IntSupplier node) {
    this.node = node;
  }

  /** The worker stops: what it was handed stays claimed in the table, for the lease or until this node's lock goes. */
  synchronized void close() {
    node = null;
    queue.clear();
  }

  /** The node to store new rows claimed by, or empty when they should wait in the table unclaimed. */
  synchronized OptionalInt claimingNode() {
    return node == null || queue.size() >= CAPACITY ? OptionalInt.empty() : OptionalInt.of(node.getAsInt());
  }

  /** Rows stored claimed by this node. */
  synchronized void add(List<QueuedActivity> stored) {
    if (node != null) {
      queue.addAll(stored);
    }
  }

  /** Up to {@code max} of the oldest handed rows. */
  synchronized List<QueuedActivity> take(int max) {
    List<QueuedActivity> out = new ArrayList<>(Math.min(max, queue.size()));
    while (!queue.isEmpty() && out.size() < max) {
      out.add(queue.poll());
    }
    return out;
  }
}
