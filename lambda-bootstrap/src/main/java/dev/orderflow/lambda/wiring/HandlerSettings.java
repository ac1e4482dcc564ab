package dev.orderflow.lambda.wiring;

import dev.orderflow.core.payment.SimulatedPaymentGateway;
import java.util.Map;

/**
 * The settings this module reads itself (the AWS adapters read theirs, see {@code AwsSettings}).
 *
 * <ul>
 *   <li>{@code PAYMENT_APPROVAL_RATE}: share of payments the simulated gateway approves, 0.0–1.0;
 *       default {@value SimulatedPaymentGateway#DEFAULT_APPROVAL_RATE}.</li>
 *   <li>{@code PAYMENT_SEED}: any long; the same seed decides the same way for the same order in every
 *       container, so a retried step gets the same answer; default {@value #DEFAULT_PAYMENT_SEED}.</li>
 * </ul>
 */
public record HandlerSettings(double paymentApprovalRate, long paymentSeed) {
  public static final String PAYMENT_APPROVAL_RATE = "PAYMENT_APPROVAL_RATE";
  public static final String PAYMENT_SEED = "PAYMENT_SEED";
  public static final long DEFAULT_PAYMENT_SEED = 0L;

  /** @throws IllegalStateException naming the variable that holds no valid value */
  public static HandlerSettings fromEnvironment(Map<String, String> environment) {
    double rate = SimulatedPaymentGateway.DEFAULT_APPROVAL_RATE;
    String rateText = environment.get(PAYMENT_APPROVAL_RATE);
    if (rateText != null && !rateText.isBlank()) {
      try {
        rate = Double.parseDouble(rateText.strip());
      } catch (NumberFormatException e) {
        rate = Double.NaN;
      }
      if (!(rate >= 0.0 && rate <= 1.0)) {
        throw new IllegalStateException(PAYMENT_APPROVAL_RATE + " must be a number from 0.0 to 1.0, was: " + rateText);
      }
    }
    long seed = DEFAULT_PAYMENT_SEED;
    String seedText = environment.get(PAYMENT_SEED);
    if (seedText != null && !seedText.isBlank()) {
      try {
        seed = Long.parseLong(seedText.strip());
      } catch (NumberFormatException e) {
        throw new IllegalStateException(PAYMENT_SEED + " must be a whole number, was: " + seedText, e);
      }
    }
    return new HandlerSettings(rate, seed);
  }
}
