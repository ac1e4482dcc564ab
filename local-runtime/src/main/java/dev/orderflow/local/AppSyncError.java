package dev.orderflow.local;

import graphql.ErrorClassification;
import graphql.GraphQLError;
import graphql.GraphqlErrorHelper;
import graphql.language.SourceLocation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A GraphQL error as AppSync reports one raised by {@code $util.error(message, errorType)}: {@code errorType}
 * at the top level of the error object (beside {@code data} and {@code errorInfo}, which this API never
 * sets), and for spec-minded clients also as {@code extensions.errorType}.
 */
final class AppSyncError implements GraphQLError {
  private final String errorType;
  private final String message;
  private final List<SourceLocation> locations;
  private final List<Object> path;

  AppSyncError(String errorType, String message, List<SourceLocation> locations, List<Object> path) {
    this.errorType = errorType;
    this.message = message;
    this.locations = locations;
    this.path = path;
  }

  /** A request-level error (no field): e.g. a malformed HTTP request. */
  static Map<String, Object> requestError(String errorType, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("errorType", errorType);
    error.put("message", message);
    return error;
  }

  @Override
  public String getMessage() {
    return message;
  }

  @Override
  public List<SourceLocation> getLocations() {
    return locations;
  }

  @Override
  public List<Object> getPath() {
    return path;
  }

  @Override
  public ErrorClassification getErrorType() {
    return ErrorClassification.errorClassification(errorType);
  }

  @Override
  public Map<String, Object> getExtensions() {
    return Map.of("errorType", errorType);
  }

  @Override
  public Map<String, Object> toSpecification() {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("path", path);
    spec.put("data", null);
    spec.put("errorType", errorType);
    spec.put("errorInfo", null);
    spec.putAll(GraphqlErrorHelper.toSpecification(this));
    return spec;
  }
}
