package dev.orderflow.aws;

import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where the adapters find their AWS resources. The region is always needed; each resource only by the
 * adapter that uses it, so a function that only reads the table needs no queue URL: a missing resource
 * is reported when its adapter is built ({@link #tableName()} etc. throw), or up front by
 * {@link #fromEnvironment(Map, Set)} for the resources a deployment declares it needs.
 *
 * <p>Environment variables: {@code ORDERS_TABLE}, {@code ORDER_QUEUE_URL}, {@code ORDER_STATE_MACHINE_ARN},
 * {@code ORDER_TOPIC_ARN}, {@code AWS_REGION}, and optionally {@code AWS_ENDPOINT_URL} (one endpoint for every
 * service, for local servers). The outcome emails' sender, {@value #EMAIL_FROM_VARIABLE}, and configuration set,
 * {@value #EMAIL_CONFIGURATION_SET_VARIABLE} (optional), are read when present; a missing sender is reported when
 * the SES adapter is built ({@link #emailFrom()} throws).
 *
 * @param tableName the orders table, or {@code null} if not configured
 * @param queueUrl the order queue's URL, or {@code null} if not configured
 * @param stateMachineArn the order workflow's ARN, or {@code null} if not configured
 * @param topicArn the outcome topic's ARN, or {@code null} if not configured
 * @param region e.g. {@code eu-west-1}
 * @param endpointOverride one endpoint for every service client (local servers, VPC endpoints)
 * @param emailFrom the outcome emails' sender, an SES verified identity: {@code orders@example.com} or
 *     {@code Example Orders <orders@example.com>}; {@code null} if not configured
 * @param emailConfigurationSet the SES configuration set the outcome emails are sent with, if any
 */
public record AwsSettings(
    String tableName,
    String queueUrl,
    String stateMachineArn,
    String topicArn,
    String region,
    Optional<URI> endpointOverride,
    String emailFrom,
    Optional<String> emailConfigurationSet) {

  public static final String REGION_VARIABLE = "AWS_REGION";
  public static final String ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL";
  /** The environment variable that holds the outcome emails' sender address. */
  public static final String EMAIL_FROM_VARIABLE = "ORDER_EMAIL_FROM";
  /** The environment variable that holds the outcome emails' SES configuration set (optional). */
  public static final String EMAIL_CONFIGURATION_SET_VARIABLE = "ORDER_EMAIL_CONFIGURATION_SET";

  public AwsSettings {
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException("AWS settings need a region (" + REGION_VARIABLE + ")");
    }
    tableName = blankToNull(tableName);
    queueUrl = blankToNull(queueUrl);
    stateMachineArn = blankToNull(stateMachineArn);
    topicArn = blankToNull(topicArn);
    endpointOverride = Objects.requireNonNullElse(endpointOverride, Optional.empty());
    emailFrom = blankToNull(emailFrom);
    if (emailFrom != null && emailFrom.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(EMAIL_FROM_VARIABLE + " must not hold control characters (line breaks)");
    }
    emailConfigurationSet = Objects.requireNonNullElse(emailConfigurationSet, Optional.<String>empty())
        .map(AwsSettings::blankToNull);
  }

  /** Settings without the outcome emails' sender and configuration set. */
  public AwsSettings(String tableName, String queueUrl, String stateMachineArn, String topicArn, String region,
      Optional<URI> endpointOverride) {
    this(tableName, queueUrl, stateMachineArn, topicArn, region, endpointOverride, null, Optional.empty());
  }

  /**
   * Settings for the whole pipeline: every resource is required.
   *
   * @throws IllegalStateException naming every missing or blank variable
   */
  public static AwsSettings fromEnvironment(Map<String, String> environment) {
    return fromEnvironment(environment, EnumSet.allOf(AwsResource.class));
  }

  /**
   * Settings for a deployment that uses only {@code needed}; other resources are read if present.
   *
   * @throws IllegalStateException naming every missing or blank variable among {@code AWS_REGION} and the needed ones
   */
  public static AwsSettings fromEnvironment(Map<String, String> environment, Set<AwsResource> needed) {
    List<String> missing = new ArrayList<>();
    if (blankToNull(environment.get(REGION_VARIABLE)) == null) {
      missing.add(REGION_VARIABLE);
    }
    for (AwsResource resource : AwsResource.values()) {
      if (needed.contains(resource) && blankToNull(environment.get(resource.variable())) == null) {
        missing.add(resource.variable());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("missing environment variable" + (missing.size() > 1 ? "s" : "") + ": "
          + String.join(", ", missing));
    }
    Optional<URI> endpoint = Optional.ofNullable(blankToNull(environment.get(ENDPOINT_VARIABLE))).map(value -> {
      try {
        URI uri = URI.create(value);
        if (uri.getScheme() == null || uri.getHost() == null) {
          throw new IllegalArgumentException("no scheme or host");
        }
        return uri;
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(ENDPOINT_VARIABLE + " is not a URL: " + value, e);
      }
    });
    String emailFrom = environment.get(EMAIL_FROM_VARIABLE);
    if (emailFrom != null && emailFrom.strip().chars().anyMatch(Character::isISOControl)) {
      throw new IllegalStateException(EMAIL_FROM_VARIABLE + " must not hold control characters (line breaks)");
    }
    return new AwsSettings(
        environment.get(AwsResource.TABLE.variable()),
        environment.get(AwsResource.QUEUE.variable()),
        environment.get(AwsResource.STATE_MACHINE.variable()),
        environment.get(AwsResource.TOPIC.variable()),
        environment.get(REGION_VARIABLE).strip(),
        endpoint,
        emailFrom,
        Optional.ofNullable(environment.get(EMAIL_CONFIGURATION_SET_VARIABLE)));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** @throws IllegalStateException if {@code ORDERS_TABLE} was not configured */
  @Override
  public String tableName() {
    return require(tableName, AwsResource.TABLE);
  }

  /** @throws IllegalStateException if {@code ORDER_QUEUE_URL} was not configured */
  @Override
  public String queueUrl() {
    return require(queueUrl, AwsResource.QUEUE);
  }

  /** @throws IllegalStateException if {@code ORDER_STATE_MACHINE_ARN} was not configured */
  @Override
  public String stateMachineArn() {
    return require(stateMachineArn, AwsResource.STATE_MACHINE);
  }

  /** @throws IllegalStateException if {@code ORDER_TOPIC_ARN} was not configured */
  @Override
  public String topicArn() {
    return require(topicArn, AwsResource.TOPIC);
  }

  /** @throws IllegalStateException if {@code ORDER_EMAIL_FROM} was not configured */
  @Override
  public String emailFrom() {
    if (emailFrom == null) {
      throw new IllegalStateException("missing environment variable: " + EMAIL_FROM_VARIABLE
          + " (needed by the SES adapter, which sends the outcome emails)");
    }
    return emailFrom;
  }

  /** Whether the resource was configured. */
  public boolean has(AwsResource resource) {
    return switch (resource) {
      case TABLE -> tableName != null;
      case QUEUE -> queueUrl != null;
      case STATE_MACHINE -> stateMachineArn != null;
      case TOPIC -> topicArn != null;
    };
  }

  private static String require(String value, AwsResource resource) {
    if (value == null) {
      throw new IllegalStateException("missing environment variable: " + resource.variable()
          + " (needed by the " + resource.name().toLowerCase().replace('_', ' ') + " adapter)");
    }
    return value;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** Builds settings in code, e.g. for tests or an embedding service. */
  public static final class Builder {
    private String tableName;
    private String queueUrl;
    private String stateMachineArn;
    private String topicArn;
    private String region;
    private URI endpointOverride;
    private String emailFrom;
    private String emailConfigurationSet;

    private Builder() {}

    public Builder tableName(String tableName) {
      this.tableName = tableName;
      return this;
    }

    public Builder queueUrl(String queueUrl) {
      this.queueUrl = queueUrl;
      return this;
    }

    public Builder stateMachineArn(String stateMachineArn) {
      this.stateMachineArn = stateMachineArn;
      return this;
    }

    public Builder topicArn(String topicArn) {
      this.topicArn = topicArn;
      return this;
    }

    public Builder region(String region) {
      this.region = region;
      return this;
    }

    public Builder endpointOverride(URI endpointOverride) {
      this.endpointOverride = endpointOverride;
      return this;
    }

    /** The outcome emails' sender (an SES verified identity). */
    public Builder emailFrom(String emailFrom) {
      this.emailFrom = emailFrom;
      return this;
    }

    /** The SES configuration set the outcome emails are sent with ({@code null} for none). */
    public Builder emailConfigurationSet(String emailConfigurationSet) {
      this.emailConfigurationSet = emailConfigurationSet;
      return this;
    }

    public AwsSettings build() {
      return new AwsSettings(tableName, queueUrl, stateMachineArn, topicArn, region, Optional.ofNullable(endpointOverride),
          emailFrom, Optional.ofNullable(emailConfigurationSet));
    }
  }
}
