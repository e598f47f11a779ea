package org.torg.server.processing.mail;

import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.torg.server.db.EmailAccountRepository;
import org.torg.server.db.EmailAccountRepository.EmailSettings;
import org.torg.server.db.OutgoingMailRepository;
import org.torg.server.db.OutgoingMailRepository.Queued;
import org.torg.server.error.HttpError;
import org.torg.server.model.Principal;
import org.torg.server.processing.accounts.OpaqueTokens;

/**
 * The optional notification emails (replies, mentions, an official response that cites you),
 * each off until its person turns it on. The database queues one when a notification is stored
 * (V25's triggers); this writes it when it is sent, with an RFC 8058 one-click unsubscribe: a
 * POST to the List-Unsubscribe URL turns every notification email off, without a session.
 */
public final class NotificationEmails {

  public static final String UNSUBSCRIBE_PATH = "/unsubscribe";
  private static final int EXCERPT = 500;

  /** The choices, as the settings form and the API give them. */
  public record Choice(boolean replies, boolean mentions, boolean citations) {}

  private final Mailer mailer;
  private final EmailLinks links;
  private final EmailAccountRepository accounts;
  private final OutgoingMailRepository queue;
  private final MailTexts texts;
  private final String instanceName;
  private final String publicUrl;

  public NotificationEmails(Mailer mailer, EmailLinks links, EmailAccountRepository accounts, OutgoingMailRepository queue,
      MailTexts texts, String instanceName, String publicUrl) {
    this.mailer = mailer;
    this.links = links;
    this.accounts = accounts;
    this.queue = queue;
    this.texts = texts;
    this.instanceName = instanceName;
    this.publicUrl = publicUrl;
  }

  public boolean mailEnabled() {
    return mailer.enabled();
  }

  public Future<EmailSettings> settings(Principal principal) {
    return accounts.settings(principal.accountId()).map(Optional::orElseThrow);
  }

  /**
   * Stores the choices. With mail off, 409 mail_disabled; turning any on needs a verified address (409), or
   * the emails would go to an address no one proved is theirs. {@code language}: the page's, or null.
   */
  public Future<EmailSettings> choose(Principal principal, Choice choice, String language) {
    if (!mailer.enabled()) {
      return Future.failedFuture(MailDisabled.error());
    }
    return settings(principal).compose(current -> {
      boolean anyOn = choice.replies() || choice.mentions() || choice.citations();
      if (anyOn && (current.email().isEmpty() || !current.verified())) {
        return Future.failedFuture(new HttpError(409, "email_unverified",
            "Verify your email address first: notification emails go only to a verified address."));
      }
      return accounts.choose(principal.accountId(), choice.replies(), choice.mentions(), choice.citations(), language)
          .compose(v -> settings(principal));
    });
  }

  /** A one-click unsubscribe: false when the token is no unsubscribe link. */
  public Future<Boolean> unsubscribe(String token) {
    if (!OpaqueTokens.plausible(token)) {
      return Future.succeededFuture(false);
    }
    return links.tokens().owner(OpaqueTokens.hash(token), EmailLinks.UNSUBSCRIBE).compose(owner -> owner.isEmpty()
        ? Future.succeededFuture(false)
        : accounts.unsubscribe(owner.get()).map(true));
  }

  /** The email for a queued notification; empty when it is no longer wanted or its post is gone. */
  Future<Optional<MailMessage>> compose(Queued q) {
    if (q.postId() == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return accounts.settings(q.accountId()).compose(found -> {
      if (found.isEmpty() || !wanted(found.get(), q.kind())) {
        return Future.succeededFuture(Optional.<MailMessage>empty());
      }
      EmailSettings settings = found.get();
      // An official response mentions those it cites: who asked for citation emails gets that one, not a second.
      Future<Boolean> covered = q.kind().equals("mention") && settings.onCitation()
          ? queue.responseCites(q.postId(), q.accountId()) : Future.succeededFuture(false);
      return covered.compose(skip -> skip ? Future.succeededFuture(Optional.<MailMessage>empty()) : queue.about(q.postId()).compose(about -> about.isEmpty() || about.get().deleted()
          ? Future.succeededFuture(Optional.<MailMessage>empty())
          : links.create(accounts.pool(), q.accountId(), EmailLinks.UNSUBSCRIBE, null, null, UNSUBSCRIBE_PATH)
              .map(unsubscribe -> Optional.of(message(q, settings, about.get(), unsubscribe)))));
    });
  }

  private static boolean wanted(EmailSettings s, String kind) {
    return switch (kind) {
      case "reply" -> s.onReply();
      case "mention" -> s.onMention();
      case "citation" -> s.onCitation();
      default -> false;
    };
  }

  private MailMessage message(Queued q, EmailSettings settings, OutgoingMailRepository.AboutPost post, String unsubscribe) {
    var locale = MailTexts.locale(settings.language());
    String link = publicUrl + "/threads/" + post.threadId() + (q.kind().equals("citation") ? "" : "#post-" + q.postId());
    String title = post.threadTitle() == null ? "" : post.threadTitle();
    String subject = texts.get(locale, "mail." + q.kind() + ".subject", post.authorName(), title, instanceName);
    String text = texts.get(locale, "mail." + q.kind() + ".text", post.authorName(), post.authorHandle(), title,
        excerpt(post.contentHtml()), link, publicUrl + "/settings/email", unsubscribe);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("List-Unsubscribe", "<" + unsubscribe + ">");
    headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    return new MailMessage(subject, text, headers);
  }

  /** A post's HTML as plain text for the email: tags dropped, the common entities read back. */
  static String excerpt(String html) {
    String text = html.replaceAll("(?i)<br\\s*/?>|</p>", "\n").replaceAll("<[^>]*>", "")
        .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
        .replaceAll("\n{3,}", "\n\n").strip();
    return text.length() <= EXCERPT ? text : text.substring(0, EXCERPT) + "…";
  }
}
