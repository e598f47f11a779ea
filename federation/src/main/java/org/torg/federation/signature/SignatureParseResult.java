package org.torg.federation.signature;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link SignatureParser#parse}: a {@link ParsedSignature} when the outcome is
 * {@link ParseOutcome#PARSED}, otherwise the named failure and a detail fit for a log line
 * (never for the response body: it would teach a prober what we check).
 */
public final class SignatureParseResult {

  private final ParseOutcome outcome;
  private final ParsedSignature signature;
  private final String detail;

  private SignatureParseResult(ParseOutcome outcome, ParsedSignature signature, String detail) {
    this.outcome = outcome;
    this.signature = signature;
    this.detail = detail;
  }

  static SignatureParseResult parsed(ParsedSignature signature) {
    return new SignatureParseResult(ParseOutcome.PARSED, Objects.requireNonNull(signature), "parsed");
  }

  static SignatureParseResult failed(ParseOutcome outcome, String detail) {
    if (outcome == ParseOutcome.PARSED) {
      throw new IllegalArgumentException("a failure needs a failure outcome");
    }
    return new SignatureParseResult(outcome, null, detail);
  }

  public ParseOutcome outcome() {
    return outcome;
  }

  /** Present exactly when {@link #outcome()} is {@link ParseOutcome#PARSED}. */
  public Optional<ParsedSignature> signature() {
    return Optional.ofNullable(signature);
  }

  public String detail() {
    return detail;
  }

  @Override
  public String toString() {
    return outcome + ": " + detail;
  }
}
