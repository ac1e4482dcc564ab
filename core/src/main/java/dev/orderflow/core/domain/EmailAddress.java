package dev.orderflow.core.domain;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A customer's verified email address, where the outcome email of an order goes. At most 254 characters of
 * printable ASCII in the form {@code local@domain}: a local part of 1–64 characters without spaces, quotes or
 * brackets, and a domain of dot-separated labels of letters, digits and hyphens with at least one dot. No
 * whitespace or control character anywhere, so the address cannot add a header to a message. The domain is
 * kept in lower case (domains are case-insensitive; local parts are not, so they are kept as given).
 *
 * <p>An address is personal data: {@link #toString()} and {@link #masked()} show only its first character
 * and its domain, for logs.
 */
public final class EmailAddress {
  /** RFC 5321's limit on a forward path, less the angle brackets. */
  public static final int MAX_LENGTH = 254;
  private static final Pattern LOCAL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}");
  private static final Pattern DOMAIN =
      Pattern.compile("(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

  private final String value;

  private EmailAddress(String value) {
    this.value = value;
  }

  /** @throws InvalidRequestException naming the field {@code email} if {@code value} is not an address */
  public static EmailAddress of(String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException("email", "must not be blank");
    }
    if (value.length() > MAX_LENGTH) {
      throw new InvalidRequestException("email", "must be at most " + MAX_LENGTH + " characters");
    }
    int at = value.lastIndexOf('@');
    if (at <= 0 || at == value.length() - 1) {
      throw new InvalidRequestException("email", "must have the form local@domain");
    }
    String local = value.substring(0, at);
    String domain = value.substring(at + 1);
    if (!LOCAL.matcher(local).matches() || local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
      throw new InvalidRequestException("email",
          "must have a local part of 1-64 letters, digits or !#$%&'*+/=?^_`{|}~.- (no leading, trailing or double dot)");
    }
    if (!DOMAIN.matcher(domain).matches()) {
      throw new InvalidRequestException("email", "must have a domain of dot-separated letters, digits and hyphens");
    }
    return new EmailAddress(local + "@" + domain.toLowerCase(Locale.ROOT));
  }

  /** The address itself: only for the message that goes to it and the store that keeps it, never for a log. */
  public String value() {
    return value;
  }

  /** The first character of the local part and the domain, e.g. {@code a***@example.com}: safe for a log. */
  public String masked() {
    int at = value.lastIndexOf('@');
    return value.charAt(0) + "***" + value.substring(at);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EmailAddress that && value.equals(that.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /** The masked form: an address never reaches a log by accident. */
  @Override
  public String toString() {
    return masked();
  }
}
