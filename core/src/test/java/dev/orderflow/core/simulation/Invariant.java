package dev.orderflow.core.simulation;

/** The lifecycle's guarantees as the simulation checks them, each by name (docs/guarantees.md). */
public enum Invariant {
  I1("every accepted order that its owner did not delete ends SUCCESS or FAILED, never stuck"),
  I2("a deleted order never reappears, is never charged after the deletion, never notified after it"),
  I3("every SUCCESS order's details are those the approved decision was made for; at most one charge per order; "
      + "a charged order ends SUCCESS unless deleted or failed after its retries ran out"),
  I4("exactly one outcome notification per final order (a second only in the publish/record crash window)"),
  I5("no customer reads, lists, changes or deletes another's order"),
  I6("versions only grow; an update with expectedVersion never overwrites a concurrent one"),
  I7("an invalid request changes nothing anywhere"),
  I8("each final order whose owner gave an address gets exactly one outcome email, to that address, and the address is "
      + "then dropped; nobody else gets it (a second only in the send/record crash window)");

  private final String sentence;

  Invariant(String sentence) {
    this.sentence = sentence;
  }

  public String sentence() {
    return sentence;
  }

  /** A broken invariant, with what broke it. */
  public static final class Violation extends RuntimeException {
    private final Invariant invariant;

    Violation(Invariant invariant, String detail) {
      super(invariant + " " + invariant.sentence + ": " + detail, null, false, false);
      this.invariant = invariant;
    }

    public Invariant invariant() {
      return invariant;
    }
  }

  /** Throws a {@link Violation} of this invariant unless {@code holds}. */
  void check(boolean holds, String detail, Object... args) {
    if (!holds) {
      throw new Violation(this, String.format(detail, args));
    }
  }
}
