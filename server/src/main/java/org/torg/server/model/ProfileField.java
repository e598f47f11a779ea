package org.torg.server.model;

/**
 * One of a profile's fields: Mastodon's {@code PropertyValue}. {@code value} is sanitized HTML
 * (what goes into the actor document and onto pages); {@code source} is what a local account
 * wrote (plain text, shown again in its settings form), null for remote actors.
 */
public record ProfileField(String name, String value, String source) {}
