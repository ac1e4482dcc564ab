package dev.orderflow.lambda.wiring;

import dev.orderflow.aws.AwsSettings;
import dev.orderflow.core.domain.EmailAddress;
import dev.orderflow.core.domain.InvalidRequestException;
import dev.orderflow.core.payment.SimulatedPaymentGateway;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The settings this module reads itself (the AWS adapters read theirs, see {@code AwsSettings}).
 *
 * <ul>
 *   <li>{@code PAYMENT_APPROVAL_RATE}: share of payments the simulated gateway approves, 0.0–1.0;
 *       default {@value SimulatedPaymentGateway#DEFAULT_APPROVAL_RATE}.</li>
 *   <li>{@code PAYMENT_SEED}: any long; the same seed decides the same way for the same order in every
 *       container, so a retried step gets the same answer; default {@value #DEFAULT_PAYMENT_SEED}.</li>
 * </ul>
 * The outcome mailer also reads {@link Mail}.
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

  /**
   * What the outcome mailer sends with, both required (the SES adapter's variables, see {@code AwsSettings}):
   * <ul>
   *   <li>{@value #SENDER}: the verified SES identity the emails are sent from — an address, which is the sender, or
   *       a domain, whose {@value #DOMAIN_SENDER_LOCAL_PART}{@code @<domain>} is (the stack's {@code SenderIdentity}
   *       parameter may be either);</li>
   *   <li>{@value #CONFIGURATION_SET}: the SES configuration set every email is sent with (its suppression list and
   *       reputation metrics).</li>
   * </ul>
   *
   * @param sender the From address
   */
  public record Mail(EmailAddress sender, String configurationSet, double sendsPerSecond) {
    public static final String SENDER = AwsSettings.EMAIL_FROM_VARIABLE;
    public static final String CONFIGURATION_SET = AwsSettings.EMAIL_CONFIGURATION_SET_VARIABLE;
    /** The account's SES maximum send rate (emails per second), optional: without it a mailer is not paced. */
    public static final String ACCOUNT_SENDS_PER_SECOND = "ORDER_EMAIL_ACCOUNT_SENDS_PER_SECOND";
    /** How many mailers share that rate at most (the event source's maximum concurrency), default 1. */
    public static final String MAILERS = "ORDER_EMAIL_MAILERS";
    /** The sender's local part when {@value #SENDER} is a domain. */
    public static final String DOMAIN_SENDER_LOCAL_PART = "no-reply";
    /** SES: a configuration set's name is 1–64 letters, digits, hyphens and underscores. */
    private static final Pattern CONFIGURATION_SET_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public Mail(EmailAddress sender, String configurationSet) {
      this(sender, configurationSet, Double.POSITIVE_INFINITY);
    }

    public Mail {
      Objects.requireNonNull(sender, "sender");
      if (!(sendsPerSecond > 0)) {
        throw new IllegalArgumentException("a mailer's sending rate is a positive number per second, was "
            + sendsPerSecond);
      }
      if (configurationSet == null || !CONFIGURATION_SET_NAME.matcher(configurationSet).matches()) {
        throw new IllegalArgumentException("a configuration set name is 1-64 letters, digits, '-' or '_', was: "
            + configurationSet);
      }
    }

    /** @throws IllegalStateException naming every missing variable, or the one that holds no valid value */
    public static Mail fromEnvironment(Map<String, String> environment) {
      String identity = stripped(environment.get(SENDER));
      String configurationSet = stripped(environment.get(CONFIGURATION_SET));
      List<String> missing = new ArrayList<>(2);
      if (identity == null) {
        missing.add(SENDER);
      }
      if (configurationSet == null) {
        missing.add(CONFIGURATION_SET);
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException("missing environment variable" + (missing.size() > 1 ? "s" : "") + ": "
            + String.join(", ", missing));
      }
      EmailAddress sender;
      try {
        sender = EmailAddress.of(identity.indexOf('@') >= 0 ? identity : DOMAIN_SENDER_LOCAL_PART + "@" + identity);
      } catch (InvalidRequestException e) {
        throw new IllegalStateException(SENDER + " must be an email address or a domain, was: " + identity, e);
      }
      double accountRate = positive(environment, ACCOUNT_SENDS_PER_SECOND, Double.POSITIVE_INFINITY);
      double mailers = positive(environment, MAILERS, 1);
      try {
        return new Mail(sender, configurationSet, accountRate / mailers);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(CONFIGURATION_SET + ": " + e.getMessage(), e);
      }
    }

    /** {@code environment} with the sender and configuration set as the SES adapter reads them: the From address. */
    public Map<String, String> applyTo(Map<String, String> environment) {
      Map<String, String> applied = new HashMap<>(environment);
      applied.put(SENDER, sender.value());
      applied.put(CONFIGURATION_SET, configurationSet);
      return applied;
    }

    private static String stripped(String value) {
      return value == null || value.isBlank() ? null : value.strip();
    }

    private static double positive(Map<String, String> environment, String variable, double absent) {
      String text = stripped(environment.get(variable));
      if (text == null) {
        return absent;
      }
      try {
        double value = Double.parseDouble(text);
        if (value > 0 && !Double.isInfinite(value)) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalStateException(variable + " must be a positive number, was: " + text);
    }
  }
}
