package org.torg.server.model;

/** A Group hosted here: its actor, its settings and how many follow it. */
public record LocalGroup(Actor actor, ReplyPolicy replyPolicy, long followers) {

  public String name() {
    return actor.username();
  }
}
