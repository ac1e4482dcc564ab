package dev.orderflow.infra;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.EventSourceMappingOptions;
import software.amazon.awscdk.services.ses.ConfigurationSet;
import software.amazon.awscdk.services.ses.EmailIdentity;
import software.amazon.awscdk.services.ses.Identity;
import software.amazon.awscdk.services.ses.SuppressionReasons;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Subscription;
import software.amazon.awscdk.services.sns.SubscriptionProtocol;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The customers' outcome emails, everything but the function that sends them: the SES sender identity and
 * configuration set, and the mail queue that the outcome topic feeds (with its dead-letter queue and an alarm on it).
 * SES is called by the mailer function reading the queue, never inside a workflow step, so a slow or throttled SES
 * never holds up an order (docs/capacity.md).
 *
 * <ul>
 *   <li><b>Identity</b> ({@code AWS::SES::EmailIdentity}): an email address or a domain, given at deploy time; SES
 *       verifies it (a mail to the address, or DKIM records in the domain's DNS) before anything is sent. Its
 *       default configuration set is this one.</li>
 *   <li><b>Configuration set</b>: sending through the account-level suppression list for {@code BOUNCE} and
 *       {@code COMPLAINT} (an address that bounced or complained is not mailed again), with reputation metrics.</li>
 *   <li><b>Mail queue</b>: subscribed to the outcome topic with raw message delivery, so each body is the
 *       notification itself ({@code OrderMessageFormat.encodeOutcome}); its policy lets only that topic send. The
 *       visibility timeout ({@value #VISIBILITY_TIMEOUT_SECONDS} s) is {@value #VISIBILITY_FACTOR}× the mailer's
 *       timeout and longer than {@code EmailOutcome.CLAIM} (2 minutes), so a redelivery finds the claim of a delivery
 *       that failed run out; after {@value #MAX_RECEIVE_COUNT} receives a message moves to the dead-letter queue.</li>
 * </ul>
 *
 * <p>Both queues are encrypted with a customer-managed KMS key, not {@code alias/aws/sqs} like the other queues: SNS
 * delivers to an encrypted queue only if it may use the queue's key, and an AWS-managed key's policy cannot allow that.
 * The key's policy lets the account administer it ({@link AlarmTopic#ADMIN_ACTIONS}), lets SNS use it for this topic
 * only ({@link #SNS_KEY_ACTIONS}), and lets the account's principals decrypt through SQS only
 * ({@code kms:ViaService}), so that the mailer's role — granted {@code kms:Decrypt} on the key by the stack — and an
 * operator inspecting the dead-letter queue can read the messages.
 */
public final class OutcomeMail extends Construct {
  /** Mail queue visibility timeout ÷ mailer timeout (AWS's guidance for Lambda event sources: at least 6). */
  public static final int VISIBILITY_FACTOR = 6;
  /** The mailer function's timeout: a batch of ten sends takes about a second; the rest is margin for retries. */
  public static final int MAILER_TIMEOUT_SECONDS = 30;
  /** Longer than {@code EmailOutcome.CLAIM} (120 s): a redelivery comes after a failed delivery's claim ran out. */
  public static final int VISIBILITY_TIMEOUT_SECONDS = VISIBILITY_FACTOR * MAILER_TIMEOUT_SECONDS;
  /** Receives before a notification moves to the dead-letter queue: 5 × 3 minutes of retries. */
  public static final int MAX_RECEIVE_COUNT = 5;
  /** Notifications per mailer invocation: the most one SQS receive returns. */
  public static final int BATCH_SIZE = 10;
  /**
   * Most mailer invocations at once (2, the least Lambda allows): SES's sending rate is the limit (14 emails a second
   * by default out of the sandbox, docs/capacity.md), not the mailer; a burst waits in the queue instead of
   * turning into throttled sends.
   */
  public static final int MAX_CONCURRENCY = 2;
  /** What SNS needs of the queues' key to deliver to the encrypted mail queue (AWS's documented policy). */
  public static final Set<String> SNS_KEY_ACTIONS = Set.of("kms:Decrypt", "kms:GenerateDataKey*");

  private final EmailIdentity identity;
  private final ConfigurationSet configurationSet;
  private final Key key;
  private final Queue queue;
  private final Queue deadLetterQueue;
  private final Subscription subscription;
  private final Alarm deadLetterAlarm;

  public OutcomeMail(Construct scope, String id, Props props) {
    super(scope, id);
    Objects.requireNonNull(props, "props");
    Stack stack = Stack.of(this);

    this.configurationSet = ConfigurationSet.Builder.create(this, "ConfigurationSet")
        .suppressionReasons(SuppressionReasons.BOUNCES_AND_COMPLAINTS)
        .reputationMetrics(true)
        .sendingEnabled(true)
        .build();
    // an address or a domain: SES tells them apart by the '@' (Identity.email and Identity.domain differ in name only)
    this.identity = EmailIdentity.Builder.create(this, "SenderIdentity")
        .identity(Identity.email(props.senderIdentity()))
        .configurationSet(configurationSet)
        .build();

    PolicyDocument keyPolicy = PolicyDocument.Builder.create()
        .statements(List.of(
            PolicyStatement.Builder.create()
                .sid("AccountAdministersTheKey")
                .principals(List.of(new AccountRootPrincipal()))
                .actions(AlarmTopic.ADMIN_ACTIONS.stream().sorted().toList())
                .resources(List.of("*"))
                .build(),
            PolicyStatement.Builder.create()
                .sid("TheOutcomeTopicDeliversToTheEncryptedQueue")
                .principals(List.of(new ServicePrincipal("sns.amazonaws.com")))
                .actions(SNS_KEY_ACTIONS.stream().sorted().toList())
                .resources(List.of("*"))
                .conditions(Map.of("ArnEquals", Map.of("aws:SourceArn", props.outcomes().getTopicArn())))
                .build(),
            PolicyStatement.Builder.create()
                .sid("AccountPrincipalsDecryptThroughSqsOnly")
                .principals(List.of(new AccountRootPrincipal()))
                .actions(List.of("kms:Decrypt"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of(
                    "kms:ViaService", "sqs." + stack.getRegion() + ".amazonaws.com",
                    "kms:CallerAccount", stack.getAccount())))
                .build()))
        .build();
    this.key = Key.Builder.create(this, "Key")
        .description("Encrypts the outcome mail queues of " + stack.getStackName() + " (SNS may use it to deliver)")
        .enableKeyRotation(true)
        .policy(keyPolicy)
        // it protects queued notifications (order ids, no addresses) for their days in the queues only
        .removalPolicy(RemovalPolicy.DESTROY)
        .pendingWindow(Duration.days(7))
        .build();

    this.deadLetterQueue = Queue.Builder.create(this, "DeadLetterQueue")
        .encryption(QueueEncryption.KMS)
        .encryptionMasterKey(key)
        .enforceSsl(true)
        .retentionPeriod(Duration.days(14))
        .build();
    this.queue = Queue.Builder.create(this, "Queue")
        .encryption(QueueEncryption.KMS)
        .encryptionMasterKey(key)
        .enforceSsl(true)
        .visibilityTimeout(Duration.seconds(VISIBILITY_TIMEOUT_SECONDS))
        .retentionPeriod(Duration.days(4))
        .deadLetterQueue(DeadLetterQueue.builder()
            .queue(deadLetterQueue)
            .maxReceiveCount(MAX_RECEIVE_COUNT)
            .build())
        .build();
    // the subscription and its queue policy by hand: SqsSubscription would also add an unconditioned statement
    // for SNS to the key's policy
    queue.addToResourcePolicy(PolicyStatement.Builder.create()
        .sid("OnlyTheOutcomeTopicSends")
        .principals(List.of(new ServicePrincipal("sns.amazonaws.com")))
        .actions(List.of("sqs:SendMessage"))
        .resources(List.of(queue.getQueueArn()))
        .conditions(Map.of("ArnEquals", Map.of("aws:SourceArn", props.outcomes().getTopicArn())))
        .build());
    this.subscription = Subscription.Builder.create(this, "Subscription")
        .topic(props.outcomes())
        .protocol(SubscriptionProtocol.SQS)
        .endpoint(queue.getQueueArn())
        .rawMessageDelivery(true)
        .build();
    // SNS checks the queue policy on its first delivery: subscribe once the policy exists
    subscription.getNode().addDependency(queue);

    this.deadLetterAlarm = Operations.whenNotEmpty(this, "DeadLetterAlarm", deadLetterQueue,
        "Outcome emails reached the mail dead-letter queue: their customers were not told the "
            + "outcome of their orders. The mailer's log says why (SES refused them, or kept throttling); fix the "
            + "cause, then redrive — a redriven outcome already emailed is not sent again.",
        "mail-dead-letter-queue-not-empty");
  }

  /**
   * The mailer's event source mapping on the mail queue: batches of {@value #BATCH_SIZE}, partial batch failures, at
   * most {@value #MAX_CONCURRENCY} invocations at once, no batching window. It grants nothing: the stack grants the
   * mailer's role what its allow-list names.
   */
  public EventSourceMappingOptions eventSource() {
    return EventSourceMappingOptions.builder()
        .eventSourceArn(queue.getQueueArn())
        .batchSize(BATCH_SIZE)
        .maxBatchingWindow(Duration.seconds(0))
        .reportBatchItemFailures(true)
        .maxConcurrency(MAX_CONCURRENCY)
        .build();
  }

  /** {@code arn:…:ses:<region>:<account>:identity/<address or domain>}: what {@code ses:SendEmail} is granted on. */
  public String identityArn() {
    return identity.getEmailIdentityArn();
  }

  /** {@code arn:…:ses:<region>:<account>:configuration-set/<name>}: SES v2 also authorizes the send on it. */
  public String configurationSetArn() {
    return Stack.of(this).formatArn(ArnComponents.builder()
        .service("ses")
        .resource("configuration-set")
        .resourceName(configurationSet.getConfigurationSetName())
        .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
        .build());
  }

  public EmailIdentity identity() {
    return identity;
  }

  public ConfigurationSet configurationSet() {
    return configurationSet;
  }

  public IKey key() {
    return key;
  }

  public IQueue queue() {
    return queue;
  }

  public IQueue deadLetterQueue() {
    return deadLetterQueue;
  }

  public Subscription subscription() {
    return subscription;
  }

  public Alarm deadLetterAlarm() {
    return deadLetterAlarm;
  }

  /**
   * Properties of {@link OutcomeMail}.
   *
   * @param outcomes       the outcome topic the mail queue subscribes to
   * @param senderIdentity the SES identity the emails are sent from: an address, or a domain (a token such as a
   *                       {@code CfnParameter}'s value is fine)
   */
  public record Props(ITopic outcomes, String senderIdentity) {
    public Props {
      Objects.requireNonNull(outcomes, "outcomes is required");
      Objects.requireNonNull(senderIdentity, "senderIdentity is required");
    }
  }
}
