package dev.orderflow.lambda.appsync;

import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.EmailAddress;
import dev.orderflow.core.domain.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who the calling customer is, from the {@code identity} of an AppSync resolver event.
 *
 * <ul>
 *   <li><b>Cognito user pool</b> (and OIDC): {@code identity.sub}, the user's stable id.</li>
 *   <li><b>IAM</b>: {@code identity.cognitoIdentityId} when the caller came through a Cognito identity
 *       pool (every user of a pool signs with the pool's role, so the ARN would merge them), otherwise
 *       {@code identity.userArn} — the IAM user, or the assumed role with its session name. An ARN longer
 *       than {@link CustomerId#MAX_LENGTH} becomes {@code iam-sha256:<hex of the ARN>}.</li>
 *   <li><b>API key</b> (AppSync sends no identity): the configured demo customer, if there is one (a
 *       dev stage sets {@code DEMO_CUSTOMER}); otherwise the call is refused.</li>
 *   <li>Anything else (e.g. a Lambda authorizer's {@code resolverContext}): refused.</li>
 * </ul>
 *
 * <p>Where the outcome email of the caller's orders goes ({@link #verifiedEmailOf}): the address in the claims of
 * the Cognito ID token AppSync verified ({@code identity.claims.email}), only while the user pool says the user
 * proved it ({@code identity.claims.email_verified}). IAM and API-key callers have no claims, hence no address.
 */
public final class CallerIdentity {
  /** The environment variable that names the demo customer of API-key callers. */
  public static final String DEMO_CUSTOMER_VARIABLE = "DEMO_CUSTOMER";

  private final CustomerId demoCustomer;

  private CallerIdentity(CustomerId demoCustomer) {
    this.demoCustomer = demoCustomer;
  }

  /** Only authenticated callers: an API-key call (no identity) is refused. */
  public static CallerIdentity authenticatedOnly() {
    return new CallerIdentity(null);
  }

  /** Authenticated callers, and API-key callers acting as {@code demoCustomer}. */
  public static CallerIdentity withDemoCustomer(CustomerId demoCustomer) {
    return new CallerIdentity(Objects.requireNonNull(demoCustomer, "demoCustomer"));
  }

  /** From the environment: a demo customer exactly when {@code DEMO_CUSTOMER} is set and not blank. */
  public static CallerIdentity fromEnvironment(Map<String, String> environment) {
    String demo = environment.get(DEMO_CUSTOMER_VARIABLE);
    if (demo == null || demo.isBlank()) {
      return authenticatedOnly();
    }
    try {
      return withDemoCustomer(CustomerId.of(demo.strip()));
    } catch (InvalidRequestException e) {
      throw new IllegalStateException(DEMO_CUSTOMER_VARIABLE + " is not a valid customer id: " + e.getMessage(), e);
    }
  }

  public Optional<CustomerId> demoCustomer() {
    return Optional.ofNullable(demoCustomer);
  }

  /**
   * @param identity the event's {@code identity} ({@code null} for API-key calls)
   * @throws UnauthorizedException if no customer can be had from it
   */
  CustomerId customerOf(Map<String, Object> identity) {
    if (identity == null || identity.isEmpty()) {
      if (demoCustomer == null) {
        throw new UnauthorizedException("this API needs a signed-in user");
      }
      return demoCustomer;
    }
    String sub = text(identity, "sub");
    if (sub != null) {
      return customer(sub);
    }
    String identityId = text(identity, "cognitoIdentityId");
    if (identityId != null) {
      return customer(identityId);
    }
    String userArn = text(identity, "userArn");
    if (userArn != null) {
      return customer(userArn.length() <= CustomerId.MAX_LENGTH ? userArn : "iam-sha256:" + sha256(userArn));
    }
    throw new UnauthorizedException("the caller's identity names no user");
  }

  /**
   * The caller's verified email address: {@code identity.claims.email} when {@code identity.claims.email_verified}
   * is {@code true} (a boolean, or the string {@code "true"}, as a token's claims may carry it) and the address is
   * valid ({@link EmailAddress#of}). Anything else — no identity (API key), no claims (IAM, an access token), an
   * unverified, missing or invalid address — is no address: the order is placed all the same, without an email.
   * Never throws.
   *
   * @param identity the event's {@code identity} ({@code null} for API-key calls)
   */
  static Optional<EmailAddress> verifiedEmailOf(Map<String, Object> identity) {
    if (identity == null || !(identity.get("claims") instanceof Map<?, ?> claims)) {
      return Optional.empty();
    }
    Object verified = claims.get("email_verified");
    if (!(Boolean.TRUE.equals(verified) || "true".equals(verified))) {
      return Optional.empty();
    }
    if (!(claims.get("email") instanceof String email)) {
      return Optional.empty();
    }
    try {
      return Optional.of(EmailAddress.of(email));
    } catch (InvalidRequestException e) {
      return Optional.empty();
    }
  }

  private static String text(Map<String, Object> identity, String key) {
    Object value = identity.get(key);
    return value instanceof String s && !s.isBlank() ? s : null;
  }

  private static CustomerId customer(String value) {
    try {
      return CustomerId.of(value);
    } catch (InvalidRequestException e) {
      throw new UnauthorizedException("the caller's identity is not usable: " + e.getMessage());
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
