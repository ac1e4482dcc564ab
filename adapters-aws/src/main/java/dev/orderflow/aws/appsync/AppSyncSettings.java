package dev.orderflow.aws.appsync;

import dev.orderflow.aws.AwsSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where {@link AppSyncOrderChangePublisher} publishes: the GraphQL API's URL and its region.
 *
 * <p>Environment variables: {@code AWS_REGION} and {@value #URL_VARIABLE}, the API's GraphQL endpoint
 * ({@code https://<id>.appsync-api.<region>.amazonaws.com/graphql}, or a custom domain's).
 *
 * @param graphQlUrl {@code https}; plain {@code http} only to a loopback address (a local test server)
 * @param region the region the API is in, the SigV4 signing region
 */
public record AppSyncSettings(URI graphQlUrl, String region) {
  /** The environment variable that holds the API's GraphQL URL. */
  public static final String URL_VARIABLE = "ORDER_UPDATES_URL";

  public AppSyncSettings {
    Objects.requireNonNull(graphQlUrl, "graphQlUrl");
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException("AppSync settings need a region");
    }
    String problem = problemWith(graphQlUrl);
    if (problem != null) {
      throw new IllegalArgumentException("not a GraphQL URL to publish to (" + problem + "): " + graphQlUrl);
    }
  }

  /**
   * @throws IllegalStateException naming every missing or blank variable among {@code AWS_REGION} and
   *     {@value #URL_VARIABLE}, or a URL that is not one
   */
  public static AppSyncSettings fromEnvironment(Map<String, String> environment) {
    String region = blankToNull(environment.get(AwsSettings.REGION_VARIABLE));
    String url = blankToNull(environment.get(URL_VARIABLE));
    List<String> missing = new ArrayList<>();
    if (region == null) {
      missing.add(AwsSettings.REGION_VARIABLE);
    }
    if (url == null) {
      missing.add(URL_VARIABLE);
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("missing environment variable" + (missing.size() > 1 ? "s" : "") + ": "
          + String.join(", ", missing));
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(URL_VARIABLE + " is not a URL: " + url, e);
    }
    String problem = problemWith(uri);
    if (problem != null) {
      throw new IllegalStateException(URL_VARIABLE + " is not a GraphQL URL to publish to (" + problem + "): " + url);
    }
    return new AppSyncSettings(uri, region);
  }

  /** What is wrong with {@code uri} as an endpoint to publish to, or {@code null}. */
  private static String problemWith(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || uri.getRawPath() == null || uri.getRawPath().isEmpty()) {
      return "needs a host and a path";
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
      return "no query, fragment or user information";
    }
    if (scheme.equals("https")) {
      return null;
    }
    if (scheme.equals("http") && isLoopback(uri.getHost())) {
      return null;
    }
    return "https only; http to a loopback address only";
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
