package dev.orderflow.core.application;

import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.EmailAddress;
import dev.orderflow.core.domain.InvalidRequestException;
import dev.orderflow.core.domain.OrderDetails;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A customer's request to place an order. {@code clientToken} is optional: placing again with the same
 * token (same customer) yields the same order instead of a second one — use it for client retries.
 * {@code emailTo} is optional too: the customer's verified address, where the outcome email goes (none is
 * sent without one).
 */
public record PlaceOrderCommand(CustomerId customer, OrderDetails details, String clientToken, EmailAddress emailTo) {
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public PlaceOrderCommand {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(details, "details");
    if (clientToken != null && !TOKEN.matcher(clientToken).matches()) {
      throw new InvalidRequestException("clientToken", "must be 1-64 characters of letters, digits, '-' or '_'");
    }
  }

  public PlaceOrderCommand(CustomerId customer, OrderDetails details, String clientToken) {
    this(customer, details, clientToken, null);
  }

  public PlaceOrderCommand(CustomerId customer, OrderDetails details) {
    this(customer, details, null, null);
  }
}
