package dev.orderflow.infra;

import java.util.Objects;
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

  public OrderNotifications(Construct scope, String id, Props props) {
    super(scope, id);
    Objects.requireNonNull(props, "props");
    IKey key = props.masterKey() != null ? props.masterKey() : Alias.fromAliasName(this, "AwsManagedKey", "alias/aws/sns");
    this.topic = Topic.Builder.create(this, "Topic")
        .displayName("Order outcomes")
        .enforceSsl(true)
        .masterKey(key)
        .build();
    if (props.email() != null) {
      topic.addSubscription(EmailSubscription.Builder.create(props.email()).build());
    }
  }

  public ITopic topic() {
    return topic;
  }

  /** Properties of {@link OrderNotifications}. */
  public static final class Props {
    private final String email;
    private final IKey masterKey;

    private Props(Builder b) {
      this.email = b.email;
      this.masterKey = b.masterKey;
    }

    public static Builder builder() {
      return new Builder();
    }

    public String email() {
      return email;
    }

    public IKey masterKey() {
      return masterKey;
    }

    /** Builder of {@link Props}. */
    public static final class Builder {
      private String email;
      private IKey masterKey;

      private Builder() {
      }

      /**
       * Address subscribed to every outcome (a token, e.g. a {@code CfnParameter}'s value, is fine).
       *
       * @default none: no subscription
       */
      public Builder email(String email) {
        this.email = email;
        return this;
      }

      /**
       * A customer-managed key; needed only if AWS services (e.g. CloudWatch alarms) must publish here.
       *
       * @default the AWS-managed key {@code alias/aws/sns}
       */
      public Builder masterKey(IKey masterKey) {
        this.masterKey = masterKey;
        return this;
      }

      public Props build() {
        return new Props(this);
      }
    }
  }
}
