package org.torg.server.processing.inbound;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.PriorityQueue;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
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
   * A row handed over longer ago is left to the table: its lease ({@link InboxWorker#LEASE}) may
   * run out before it is done, and then another worker may claim it, so it is not taken from
   * memory too. Half the lease leaves the other half to handle it.
   */
  static final Duration FRESH_FOR = InboxWorker.LEASE.dividedBy(2);

  private record Handed(QueuedActivity row, long atNanos) {}

  /**
   * Oldest row first: statements in flight together may commit out of order, and the table's
   * order (the row id) is the order an actor's activities arrived in.
   */
  private final PriorityQueue<Handed> queue = new PriorityQueue<>(Comparator.comparingLong(h -> h.row().id()));
  private final LongSupplier nanoClock;
  private IntSupplier node;

  public InboxHandoff() {
    this(System::nanoTime);
  }

  /** @param nanoClock {@link System#nanoTime}, or a test's */
  InboxHandoff(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

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
      long now = nanoClock.getAsLong();
      stored.forEach(row -> queue.add(new Handed(row, now)));
    }
  }

  /** Up to {@code max} of the oldest handed rows; rows handed over too long ago are dropped, left to the table. */
  synchronized List<QueuedActivity> take(int max) {
    long staleBefore = nanoClock.getAsLong() - FRESH_FOR.toNanos();
    List<QueuedActivity> out = new ArrayList<>(Math.min(max, queue.size()));
    while (!queue.isEmpty() && out.size() < max) {
      Handed next = queue.poll();
      if (next.atNanos() - staleBefore >= 0) {
        out.add(next.row());
      }
    }
    return out;
  }
}
