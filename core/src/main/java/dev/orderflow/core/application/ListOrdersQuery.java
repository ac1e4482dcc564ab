package dev.orderflow.core.application;

import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.InvalidRequestException;
import java.util.Objects;

/** A page request over the customer's orders: {@code limit} 1–100 (default 20), opaque {@code nextToken}. */
public record ListOrdersQuery(CustomerId customer, int limit, String nextToken) {
  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;
  public static final int MAX_TOKEN_LENGTH = 2048;

  public ListOrdersQuery {
    Objects.requireNonNull(customer, "customer");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidRequestException("limit", "must be between 1 and " + MAX_LIMIT);
    }
    if (nextToken != null && (nextToken.isEmpty() || nextToken.length() > MAX_TOKEN_LENGTH)) {
      throw new InvalidRequestException("nextToken", "is not a token this API issued");
    }
  }

  /** A query with the default limit when {@code limit} is null. */
  public static ListOrdersQuery of(CustomerId customer, Integer limit, String nextToken) {
    return new ListOrdersQuery(customer, limit == null ? DEFAULT_LIMIT : limit, nextToken);
  }
}
