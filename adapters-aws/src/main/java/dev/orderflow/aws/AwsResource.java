package dev.orderflow.aws;

/** An AWS resource an adapter uses, with the environment variable that names it. */
public enum AwsResource {
  /** The orders table, used by the DynamoDB repository. */
  TABLE("ORDERS_TABLE"),
  /** The order queue's URL, used by the SQS queue and consumer. */
  QUEUE("ORDER_QUEUE_URL"),
  /** The order workflow's state machine ARN, used by the Step Functions workflow. */
  STATE_MACHINE("ORDER_STATE_MACHINE_ARN"),
  /** The outcome topic's ARN, used by the SNS notifier. */
  TOPIC("ORDER_TOPIC_ARN");

  private final String variable;

  AwsResource(String variable) {
    this.variable = variable;
  }

  /** The environment variable that configures this resource. */
  public String variable() {
    return variable;
  }
}
