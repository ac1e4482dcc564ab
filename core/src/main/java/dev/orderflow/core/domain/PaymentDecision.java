package dev.orderflow.core.domain;

/** The payment outcome: approved, or declined with a reason the customer can read. */
public record PaymentDecision(boolean approved, String declineReason) {
  private static final PaymentDecision APPROVED = new PaymentDecision(true, null);

  public PaymentDecision {
    if (approved && declineReason != null) {
      throw new IllegalArgumentException("an approval carries no decline reason");
    }
    if (!approved && (declineReason == null || declineReason.isBlank())) {
      throw new IllegalArgumentException("a decline needs a reason");
    }
  }

  public static PaymentDecision approve() {
    return APPROVED;
  }

  public static PaymentDecision decline(String reason) {
    return new PaymentDecision(false, reason);
  }
}
