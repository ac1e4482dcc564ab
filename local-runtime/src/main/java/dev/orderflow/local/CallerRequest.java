package dev.orderflow.local;

import java.util.Map;

/**
 * What the resolver events of one HTTP request share: the customer (from {@value #CUSTOMER_HEADER}), the
 * customer's verified email address if the request names one (from {@value #EMAIL_HEADER}; {@code null} otherwise),
 * the caller's network address and the request headers, named in lower case as AppSync passes them.
 */
record CallerRequest(String customer, String email, String sourceIp, Map<String, String> headers) {
  /** The request header that names the calling customer; without it the caller is the default demo customer. */
  static final String CUSTOMER_HEADER = "X-Orderflow-Customer";
  /**
   * The request header that gives the calling customer's email address, as the {@code email} claim of a Cognito ID
   * token with {@code email_verified} would on AppSync; without it the caller has no address (no outcome email).
   */
  static final String EMAIL_HEADER = "X-Orderflow-Email";

  /** A caller without an email address (a subscription's: its resolver needs none). */
  CallerRequest(String customer, String sourceIp, Map<String, String> headers) {
    this(customer, null, sourceIp, headers);
  }

  /** The value of {@value #EMAIL_HEADER}, stripped, or {@code null} if it is missing or blank. */
  static String email(String header) {
    return header == null || header.isBlank() ? null : header.strip();
  }
}
