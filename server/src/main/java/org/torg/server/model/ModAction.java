package org.torg.server.model;

import java.util.Locale;

/** What a moderator did: the {@code action} of a moderation log entry. */
public enum ModAction {
  DELETE_POST, SILENCE_ACCOUNT, SUSPEND_ACCOUNT, UNSILENCE_ACCOUNT, UNSUSPEND_ACCOUNT, FORWARD_REPORT,
  BLOCK_DOMAIN, UNBLOCK_DOMAIN, BAN_FROM_GROUP, UNBAN_FROM_GROUP, SET_REPLY_POLICY, SET_PREMODERATION,
  APPROVE_POST, REJECT_POST, DECIDE_APPEAL;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
