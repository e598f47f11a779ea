package org.torg.server.processing.mail;

import org.torg.server.error.HttpError;

/**
 * What a feature that needs mail answers when mail.host is unset: it says so rather than failing.
 * 409, not 503: the request conflicts with how the instance is configured, and retrying will not help.
 */
final class MailDisabled {

  private MailDisabled() {}

  static HttpError error() {
    return new HttpError(409, "mail_disabled", "This instance does not send email (mail.host is not set).");
  }
}
