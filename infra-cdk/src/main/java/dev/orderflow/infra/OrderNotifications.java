package dev.orderflow.infra;

import software.amazon.awscdk.services.kms.Alias;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * The topic the workflow publishes every order's final outcome to (message attributes {@code status}
 * and {@code customer}, see adapters-aws), with an email subscription. TLS only, KMS-encrypted.
 */
public final class OrderNotifications extends Construct {
  private final Topic topic;

  /**
   * @param email address subscribed to every outcome (a token, e.g. a {@code CfnParameter}'s value, is fine);
   *              null: no subscription
   */
  public OrderNotifications(Construct scope, String id, String email) {
    this(scope, id, email, null);
  }

  /**
   * @param email     as above
   * @param masterKey a customer-managed key; needed only if AWS services (e.g. CloudWatch alarms) must publish
   *                  here. Null: the AWS-managed key {@code alias/aws/sns}
   */
  public OrderNotifications(Construct scope, String id, String email, IKey masterKey) {
    super(scope, id);
    IKey key = masterKey != null ? masterKey : Alias.fromAliasName(this, "AwsManagedKey", "alias/aws/sns");
    this.topic = Topic.Builder.create(this, "Topic")
        .displayName("Order outcomes")
        .enforceSsl(true)
        .masterKey(key)
        .build();
    if (email != null) {
      topic.addSubscription(EmailSubscription.Builder.create(email).build());
    }
  }

  public ITopic topic() {
    return topic;
  }
}
