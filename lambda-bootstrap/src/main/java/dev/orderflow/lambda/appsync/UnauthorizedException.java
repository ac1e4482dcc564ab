package dev.orderflow.lambda.appsync;

/** The caller has no identity this API accepts; reported as the GraphQL error type {@code Unauthorized}. */
final class UnauthorizedException extends RuntimeException {
  static final String ERROR_TYPE = "Unauthorized";

  UnauthorizedException(String message) {
    super(message, null, false, false);
  }
}
