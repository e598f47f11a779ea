package org.torg.server.processing.jobs;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.torg.server.db.NodeLocks;

/**
 * Jobs that must run on one node at a time (closing polls and sending their final Update, session
 * key rotation, sweeps of expired counters): the node holding the jobs' PostgreSQL advisory lock
 * runs them, each at its own period. Every other node tries to take the lock every
 * {@code takeover}; the holder's lock ends with its database connection, so when it dies another
 * node runs the jobs within that time. One node alone takes the lock at its first try.
 */
public final class RunOnceJobs {

  /** A periodic job; {@code run} completes when one run is over. */
  public record Job(String name, Duration every, Supplier<Future<?>> run) {}

  /** The advisory lock's number within the schema's job locks (NodeLocks). */
  static final int LOCK = 1;
  private static final Logger LOG = LoggerFactory.getLogger(RunOnceJobs.class);

  private final Vertx vertx;
  private final NodeLocks locks;
  private final Duration takeover;
  private final List<Scheduled> jobs;
  private volatile boolean leading;
  private long timer = -1;

  private static final class Scheduled {
    final Job job;
    final AtomicBoolean running = new AtomicBoolean();
    volatile long nextRunNanos;

    Scheduled(Job job) {
      this.job = job;
    }
  }

  public RunOnceJobs(Vertx vertx, NodeLocks locks, Duration takeover, List<Job> jobs) {
    this.vertx = vertx;
    this.locks = locks;
    this.takeover = takeover;
    this.jobs = jobs.stream().map(Scheduled::new).toList();
  }

  /** Starts trying; the first try runs now. */
  public void start() {
    long tick = Math.min(takeover.toMillis(), jobs.stream().mapToLong(s -> s.job.every().toMillis()).min().orElse(Long.MAX_VALUE));
    timer = vertx.setPeriodic(0, Math.max(1, tick), id -> tick());
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Whether this node runs the jobs now. */
  public boolean leading() {
    return leading;
  }

  private void tick() {
    if (locks.holds(LOCK)) {
      runDue();
      return;
    }
    if (leading) {
      leading = false;
      LOG.warn("this node lost the run-once jobs' lock; another node runs them now");
    }
    locks.tryLock(LOCK).onComplete(got -> {
      if (got.succeeded() && got.result()) {
        leading = true;
        LOG.info("node {} runs the run-once jobs", locks.node());
        // A new leader runs every job at once: the old one may have died just before they were due.
        jobs.forEach(s -> s.nextRunNanos = System.nanoTime());
        runDue();
      } else if (got.failed()) {
        LOG.warn("taking the run-once jobs' lock failed: {}", got.cause().getMessage());
      }
    });
  }

  private void runDue() {
    long now = System.nanoTime();
    for (Scheduled s : jobs) {
      if (now - s.nextRunNanos >= 0 && s.running.compareAndSet(false, true)) {
        s.nextRunNanos = now + s.job.every().toNanos();
        Future<?> run;
        try {
          run = s.job.run().get();
        } catch (RuntimeException e) {
          run = Future.failedFuture(e);
        }
        run.onComplete(done -> {
          s.running.set(false);
          if (done.failed()) {
            LOG.warn("{} failed: {}", s.job.name(), done.cause().getMessage());
          }
        });
      }
    }
  }
}
