package org.torg.federation.signature;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subset of RFC 8941 structured fields that RFC 9421 and RFC 9530 need: dictionaries whose
 * members are items or inner lists, with parameters. Parsing is strict where a lax parser could
 * make two parties disagree on what was signed, and keeps each member's raw text because the
 * {@code @signature-params} line of a signature base is the inner list as the signer wrote it.
 */
final class StructuredFields {

  /** A token (unquoted identifier), kept apart from a string because they serialize differently. */
  record Token(String value) {}

  /** An sf-binary; the array is not copied, these values never leave the package. */
  record ByteSequence(byte[] bytes) {}

  /** A bare item: Long, BigDecimal, String, Token, ByteSequence or Boolean. */
  record Item(Object value, Map<String, Object> params) {}

  record InnerList(List<Item> items, Map<String, Object> params) {}

  /** A dictionary member: its value (an {@link Item} or an {@link InnerList}) and its text as received. */
  record Member(Object value, String raw) {}

  static final class MalformedFieldException extends Exception {
    MalformedFieldException(String message) {
      super(message, null, false, false);
    }
  }

  private final String input;
  private int pos;

  private StructuredFields(String input) {
    this.input = input;
  }

  /** Parses a dictionary; duplicate keys keep the last value, as RFC 8941 §4.2.2 says. */
  static Map<String, Member> parseDictionary(String field) throws MalformedFieldException {
    StructuredFields parser = new StructuredFields(field);
    Map<String, Member> members = new LinkedHashMap<>();
    parser.skipSpaces();
    while (!parser.atEnd()) {
      String key = parser.parseKey();
      int start = parser.pos;
      Object value;
      if (parser.peek() == '=') {
        parser.pos++;
        start = parser.pos;
        value = parser.peek() == '(' ? parser.parseInnerList() : parser.parseItem();
      } else {
        value = new Item(Boolean.TRUE, parser.parseParameters());
      }
      members.remove(key);
      members.put(key, new Member(value, field.substring(start, parser.pos)));
      parser.skipOptionalWhitespace();
      if (parser.atEnd()) {
        break;
      }
      parser.expect(',');
      parser.skipOptionalWhitespace();
      if (parser.atEnd()) {
        throw new MalformedFieldException("trailing comma");
      }
    }
    return Collections.unmodifiableMap(members);
  }

  /** The canonical serialization of an inner list (RFC 8941 §4.1.1.1). */
  static String serialize(InnerList list) {
    StringBuilder out = new StringBuilder("(");
    for (int i = 0; i < list.items().size(); i++) {
      if (i > 0) {
        out.append(' ');
      }
      Item item = list.items().get(i);
      out.append(serializeBareItem(item.value())).append(serializeParameters(item.params()));
    }
    return out.append(')').append(serializeParameters(list.params())).toString();
  }

  static String serializeParameters(Map<String, Object> params) {
    StringBuilder out = new StringBuilder();
    params.forEach((key, value) -> {
      out.append(';').append(key);
      if (!Boolean.TRUE.equals(value)) {
        out.append('=').append(serializeBareItem(value));
      }
    });
    return out.toString();
  }

  static String serializeBareItem(Object value) {
    if (value instanceof String s) {
      return serializeString(s);
    }
    if (value instanceof Token t) {
      return t.value();
    }
    if (value instanceof ByteSequence b) {
      return ":" + Base64.getEncoder().encodeToString(b.bytes()) + ":";
    }
    if (value instanceof Boolean b) {
      return b ? "?1" : "?0";
    }
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    return String.valueOf(value);
  }

  /** An sf-string; refuses what the format cannot carry rather than sending something ambiguous. */
  static String serializeString(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException("a structured-field string carries printable ASCII only: " + s);
      }
      if (c == '"' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.append('"').toString();
  }

  private InnerList parseInnerList() throws MalformedFieldException {
    expect('(');
    List<Item> items = new ArrayList<>();
    while (true) {
      skipSpaces();
      if (peek() == ')') {
        pos++;
        return new InnerList(List.copyOf(items), parseParameters());
      }
      items.add(parseItem());
      char next = peek();
      if (next != ' ' && next != ')') {
        throw new MalformedFieldException("inner list items must be separated by spaces");
      }
    }
  }

  private Item parseItem() throws MalformedFieldException {
    Object bare = parseBareItem();
    return new Item(bare, parseParameters());
  }

  private Map<String, Object> parseParameters() throws MalformedFieldException {
    Map<String, Object> params = new LinkedHashMap<>();
    while (peek() == ';') {
      pos++;
      skipSpaces();
      String key = parseKey();
      Object value = Boolean.TRUE;
      if (peek() == '=') {
        pos++;
        value = parseBareItem();
      }
      params.remove(key);
      params.put(key, value);
    }
    return Collections.unmodifiableMap(params);
  }

  private Object parseBareItem() throws MalformedFieldException {
    char c = peek();
    if (c == '-' || isDigit(c)) {
      return parseNumber();
    }
    if (c == '"') {
      return parseString();
    }
    if (c == ':') {
      return parseByteSequence();
    }
    if (c == '?') {
      pos++;
      char b = peek();
      pos++;
      if (b == '1') {
        return Boolean.TRUE;
      }
      if (b == '0') {
        return Boolean.FALSE;
      }
      throw new MalformedFieldException("bad boolean");
    }
    if (c == '*' || isAlpha(c)) {
      int start = pos;
      while (!atEnd() && isTokenChar(peek())) {
        pos++;
      }
      return new Token(input.substring(start, pos));
    }
    throw new MalformedFieldException("unexpected character at " + pos);
  }

  private Object parseNumber() throws MalformedFieldException {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (!isDigit(peek())) {
      throw new MalformedFieldException("bad number");
    }
    boolean decimal = false;
    while (!atEnd() && (isDigit(peek()) || (peek() == '.' && !decimal))) {
      decimal |= peek() == '.';
      pos++;
    }
    String text = input.substring(start, pos);
    if (decimal) {
      if (text.endsWith(".") || text.length() - text.indexOf('.') > 4) {
        throw new MalformedFieldException("bad decimal " + text);
      }
      return new BigDecimal(text);
    }
    if (text.replace("-", "").length() > 15) {
      throw new MalformedFieldException("integer too long " + text);
    }
    return Long.parseLong(text);
  }

  private String parseString() throws MalformedFieldException {
    pos++;
    StringBuilder out = new StringBuilder();
    while (!atEnd()) {
      char c = input.charAt(pos++);
      if (c == '\\') {
        char escaped = peek();
        if (escaped != '"' && escaped != '\\') {
          throw new MalformedFieldException("bad escape in string");
        }
        out.append(escaped);
        pos++;
      } else if (c == '"') {
        return out.toString();
      } else if (c < 0x20 || c > 0x7e) {
        throw new MalformedFieldException("non-printable character in string");
      } else {
        out.append(c);
      }
    }
    throw new MalformedFieldException("unterminated string");
  }

  private ByteSequence parseByteSequence() throws MalformedFieldException {
    int end = input.indexOf(':', pos + 1);
    if (end < 0) {
      throw new MalformedFieldException("unterminated byte sequence");
    }
    String base64 = input.substring(pos + 1, end);
    pos = end + 1;
    if (!base64.matches("[A-Za-z0-9+/]*={0,2}")) {
      throw new MalformedFieldException("byte sequence is not base64");
    }
    try {
      return new ByteSequence(Base64.getDecoder().decode(base64));
    } catch (IllegalArgumentException e) {
      throw new MalformedFieldException("byte sequence is not base64");
    }
  }

  private String parseKey() throws MalformedFieldException {
    char first = peek();
    if (!(first == '*' || (first >= 'a' && first <= 'z'))) {
      throw new MalformedFieldException("a key starts with a lower-case letter or '*' at " + pos);
    }
    int start = pos;
    while (!atEnd()) {
      char c = peek();
      if ((c >= 'a' && c <= 'z') || isDigit(c) || c == '_' || c == '-' || c == '.' || c == '*') {
        pos++;
      } else {
        break;
      }
    }
    return input.substring(start, pos);
  }

  private static boolean isTokenChar(char c) {
    return isAlpha(c) || isDigit(c) || ":/!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private void expect(char c) throws MalformedFieldException {
    if (peek() != c) {
      throw new MalformedFieldException("expected '" + c + "' at " + pos);
    }
    pos++;
  }

  private char peek() {
    return atEnd() ? '\0' : input.charAt(pos);
  }

  private boolean atEnd() {
    return pos >= input.length();
  }

  private void skipSpaces() {
    while (peek() == ' ') {
      pos++;
    }
  }

  private void skipOptionalWhitespace() {
    while (peek() == ' ' || peek() == '\t') {
      pos++;
    }
  }
}
