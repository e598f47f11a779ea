package org.torg.server.processing.mail;

import org.torg.server.http.HttpError;

/** What a feature that needs mail answers when mail.host is unset: it says so rather than failing. */
final class MailDisabled {

  private MailDisabled() {}

  static HttpError error() {
    return new HttpError(503, "mail_disabled", "This instance does not send email (mail.host is not set).");
  }
}
