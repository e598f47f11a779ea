package org.torg.server.model;

/**
 * Where a consultation stands. Each phase decides who may still reply: citizens while it is
 * open for input, the Group's members during deliberation, its moderators after that.
 */
public enum ConsultationPhase {
  OPEN, DELIBERATION, CLOSED, ANSWERED;

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The reply policy in force: the thread's own while input is open, narrower after. */
  public ReplyPolicy replyPolicy(ReplyPolicy own) {
    return switch (this) {
      case OPEN -> own;
      case DELIBERATION -> own == ReplyPolicy.CLOSED ? ReplyPolicy.CLOSED : ReplyPolicy.MEMBERS;
      case CLOSED, ANSWERED -> ReplyPolicy.CLOSED;
    };
  }
}
