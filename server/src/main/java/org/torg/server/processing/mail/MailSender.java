package org.torg.server.processing.mail;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.StartTLSOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.torg.server.config.TorgConfig;
import org.torg.server.db.OutgoingMailRepository;
import org.torg.server.db.OutgoingMailRepository.Queued;

/**
 * Sends the queued mail over SMTP, on every node: each claims due messages (no two nodes the
 * same one), at most {@code mail.sends_per_minute} across all nodes. A message the server
 * refuses, or that cannot reach it, is tried again after 1, 2, 4, … times the first retry delay,
 * {@code mail.max_attempts} times in all; then it is logged and kept as failed. A request
 * never waits for any of this.
 */
public final class MailSender {

  private static final Logger LOG = LoggerFactory.getLogger(MailSender.class);
  private static final int BATCH = 10;
  /** A claimed message that is neither sent nor failed by then (its node died) is claimed again. */
  private static final Duration LEASE = Duration.ofMinutes(5);
  private static final Duration MAX_RETRY = Duration.ofHours(1);
  private static final long POLL_MILLIS = 1000;

  private final Vertx vertx;
  private final OutgoingMailRepository queue;
  private final Mailer mailer;
  private final NotificationEmails notifications;
  private final TorgConfig.Mail config;
  private final Duration firstRetry;
  private final AtomicBoolean draining = new AtomicBoolean();
  private volatile boolean again;
  private MailClient client;
  private long timer = -1;

  public MailSender(Vertx vertx, OutgoingMailRepository queue, Mailer mailer, NotificationEmails notifications,
      TorgConfig.Mail config) {
    this.vertx = vertx;
    this.queue = queue;
    this.mailer = mailer;
    this.notifications = notifications;
    this.config = config;
    this.firstRetry = config.firstRetry();
  }

  /** Starts polling the queue; does nothing when mail is off. */
  public void start() {
    if (!config.enabled()) {
      return;
    }
    client = MailClient.create(vertx, smtp(config));
    mailer.onQueued(() -> vertx.runOnContext(v -> drain()));
    timer = vertx.setPeriodic(POLL_MILLIS, id -> drain());
  }

  public Future<Void> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return client == null ? Future.succeededFuture() : client.close();
  }

  static MailConfig smtp(TorgConfig.Mail config) {
    MailConfig smtp = new MailConfig().setHostname(config.host().orElseThrow()).setPort(config.port())
        .setKeepAlive(true).setMaxPoolSize(2);
    switch (config.security()) {
      case NONE -> smtp.setStarttls(StartTLSOptions.DISABLED);
      case STARTTLS -> smtp.setStarttls(StartTLSOptions.REQUIRED);
      case SSL -> smtp.setSsl(true).setStarttls(StartTLSOptions.DISABLED);
    }
    if (config.username().isEmpty()) {
      smtp.setLogin(LoginOption.DISABLED);
    } else {
      smtp.setLogin(LoginOption.REQUIRED).setUsername(config.username()).setPassword(config.password());
    }
    return smtp;
  }

  /** Sends what is due, batch after batch, while the minute's allowance lasts. */
  void drain() {
    if (!draining.compareAndSet(false, true)) {
      again = true;
      return;
    }
    again = false;
    queue.sentInLastMinute()
        .compose(sent -> {
          int allowance = config.sendsPerMinute() - sent;
          return allowance <= 0 ? Future.succeededFuture(List.<Queued>of()) : queue.claim(Math.min(BATCH, allowance), LEASE);
        })
        .compose(this::sendAll)
        .onComplete(done -> {
          draining.set(false);
          if (done.failed()) {
            LOG.warn("sending queued mail failed: {}", done.cause().getMessage());
          } else if (done.result() == BATCH || again) {
            vertx.runOnContext(v -> drain());
          }
        });
  }

  private Future<Integer> sendAll(List<Queued> claimed) {
    Future<Void> chain = Future.succeededFuture();
    for (Queued q : claimed) {
      chain = chain.compose(v -> sendOne(q));
    }
    return chain.map(claimed.size());
  }

  private Future<Void> sendOne(Queued q) {
    Future<Optional<MailMessage>> message = q.message() != null
        ? vertx.executeBlocking(() -> Optional.of(mailer.open(q)), false)
        : notifications.compose(q);
    return message.compose(m -> m.isEmpty() ? queue.drop(q.id()) : client.sendMail(smtpMessage(q, m.get()))
            .compose(result -> queue.sent(q.id())))
        .recover(e -> failed(q, e));
  }

  private io.vertx.ext.mail.MailMessage smtpMessage(Queued q, MailMessage m) {
    var out = new io.vertx.ext.mail.MailMessage().setFrom(config.from()).setTo(q.recipient()).setSubject(m.subject())
        .setText(m.text());
    m.headers().forEach(out::addHeader);
    return out;
  }

  private Future<Void> failed(Queued q, Throwable e) {
    String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    error = error.length() > 500 ? error.substring(0, 500) : error;
    if (q.attempts() >= config.maxAttempts()) {
      LOG.warn("giving up on mail {} ({}) to {} after {} attempts: {}", q.id(), q.kind(), q.recipient(), q.attempts(), error);
      return queue.failed(q.id(), error);
    }
    Duration wait = firstRetry.multipliedBy(1L << Math.min(q.attempts() - 1, 20));
    wait = wait.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait;
    LOG.info("mail {} ({}) not sent (attempt {} of {}), trying again in {}s: {}", q.id(), q.kind(), q.attempts(),
        config.maxAttempts(), wait.toSeconds(), error);
    return queue.retry(q.id(), error, wait);
  }
}
