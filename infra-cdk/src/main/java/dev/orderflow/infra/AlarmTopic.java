package dev.orderflow.infra;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * Where every alarm of the stack goes: an SNS topic (TLS only) with the operator's email subscribed, encrypted
 * with a customer-managed KMS key.
 *
 * <p>Why not the AWS-managed {@code alias/aws/sns} like the outcome topic: CloudWatch publishes an alarm's
 * notification as the service principal {@code cloudwatch.amazonaws.com}, and SNS then needs that principal to
 * use the topic's key. An AWS-managed key's policy cannot be changed and does not allow it, so alarms would
 * fail to publish (silently, but for the alarm's history). This key's policy allows exactly that
 * ({@link #CLOUDWATCH_KEY_ACTIONS}) and lets the account administer the key ({@link #ADMIN_ACTIONS}, no
 * {@code kms:*}: nobody in the account encrypts or decrypts with it directly). The topic policy lets
 * CloudWatch alarms of this account and region publish, and refuses requests without TLS.
 */
public final class AlarmTopic extends Construct {
  /** What CloudWatch needs of the key to publish to the encrypted topic (AWS's documented policy). */
  public static final Set<String> CLOUDWATCH_KEY_ACTIONS = Set.of("kms:Decrypt", "kms:GenerateDataKey*");
  /**
   * What the account (its IAM policies: CloudFormation's deploy role, administrators) may do with the key: manage
   * it, not use it. KMS refuses a key policy that would lock the creating principal out of it.
   */
  public static final Set<String> ADMIN_ACTIONS = Set.of("kms:Create*", "kms:Describe*", "kms:Enable*",
      "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*",
      "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion");

  private final Key key;
  private final Topic topic;
  private final SnsAction action;

  /**
   * @param email the operator's address (a token such as a {@code CfnParameter}'s value is fine); null for no
   *              subscription
   */
  public AlarmTopic(Construct scope, String id, String email) {
    super(scope, id);
    Stack stack = Stack.of(this);
    PolicyDocument keyPolicy = PolicyDocument.Builder.create()
        .statements(List.of(
            PolicyStatement.Builder.create()
                .sid("AccountAdministersTheKey")
                .principals(List.of(new AccountRootPrincipal()))
                .actions(ADMIN_ACTIONS.stream().sorted().toList())
                .resources(List.of("*"))
                .build(),
            PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsPublishToTheEncryptedTopic")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(CLOUDWATCH_KEY_ACTIONS.stream().sorted().toList())
                .resources(List.of("*"))
                .build()))
        .build();
    this.key = Key.Builder.create(this, "Key")
        .description("Encrypts the alarm topic of " + stack.getStackName() + " (CloudWatch may use it to publish)")
        .enableKeyRotation(true)
        .policy(keyPolicy)
        // it protects alarm notifications in transit only: nothing to decrypt once the stack is gone
        .removalPolicy(RemovalPolicy.DESTROY)
        .pendingWindow(Duration.days(7))
        .build();
    this.topic = Topic.Builder.create(this, "Topic")
        .displayName("Orderflow alarms")
        .enforceSsl(true)
        .masterKey(key)
        .build();
    topic.addToResourcePolicy(PolicyStatement.Builder.create()
        .sid("CloudWatchAlarmsOfThisAccountPublish")
        .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
        .actions(List.of("sns:Publish"))
        .resources(List.of(topic.getTopicArn()))
        .conditions(Map.of(
            "ArnLike", Map.of("aws:SourceArn", "arn:" + stack.getPartition() + ":cloudwatch:" + stack.getRegion()
                + ":" + stack.getAccount() + ":alarm:*"),
            "StringEquals", Map.of("aws:SourceAccount", stack.getAccount())))
        .build());
    if (email != null) {
      topic.addSubscription(EmailSubscription.Builder.create(email).build());
    }
    this.action = new SnsAction(topic);
  }

  /** Sends the alarm's ALARM and OK notifications to {@link #topic()}. */
  public Alarm notifyOperator(Alarm alarm) {
    Objects.requireNonNull(alarm, "alarm");
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    return alarm;
  }

  public ITopic topic() {
    return topic;
  }

  public Key key() {
    return key;
  }
}
