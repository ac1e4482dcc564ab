package dev.orderflow.testing.servers;

/** Credentials and region that every local server in this module accepts. */
public final class LocalAwsCredentials {
  public static final String ACCESS_KEY = "test";
  public static final String SECRET_KEY = "test";
  public static final String REGION = "us-east-1";
  /** Account id used in ARNs (ElasticMQ, the Step Functions stub). */
  public static final String ACCOUNT_ID = "000000000000";

  private LocalAwsCredentials() {
  }
}
