package dev.orderflow.infra;

import software.amazon.awscdk.services.kms.Alias;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * The topic the workflow publishes every order's final outcome to (message attributes {@code status}
 * and {@code customer}, see adapters-aws). TLS only, KMS-encrypted. Its subscriber is the outcome mail queue
 * ({@link OutcomeMail}), whose mailer emails each customer their own outcome; no person subscribes to it (the
 * operator gets the alarms, {@link AlarmTopic}).
 */
public final class OrderNotifications extends Construct {
  private final Topic topic;

  public OrderNotifications(Construct scope, String id) {
    this(scope, id, null);
  }

  /**
   * @param masterKey a customer-managed key; needed only if AWS services (e.g. CloudWatch alarms) must publish
   *                  here. Null: the AWS-managed key {@code alias/aws/sns}
   */
  public OrderNotifications(Construct scope, String id, IKey masterKey) {
    super(scope, id);
    IKey key = masterKey != null ? masterKey : Alias.fromAliasName(this, "AwsManagedKey", "alias/aws/sns");
    this.topic = Topic.Builder.create(this, "Topic")
        .displayName("Order outcomes")
        .enforceSsl(true)
        .masterKey(key)
        .build();
  }

  public ITopic topic() {
    return topic;
  }
}
