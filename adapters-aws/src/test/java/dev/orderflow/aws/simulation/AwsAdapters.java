package dev.orderflow.aws.simulation;

import dev.orderflow.aws.LocalAws;
import dev.orderflow.aws.dynamodb.DynamoDbOrderRepository;
import dev.orderflow.aws.ses.SesCustomerMailer;
import dev.orderflow.aws.sns.SnsOrderNotifier;
import dev.orderflow.aws.sqs.SqsOrderQueue;
import dev.orderflow.core.port.CustomerMailer;
import dev.orderflow.core.port.OrderNotifier;
import dev.orderflow.core.port.OrderQueue;
import dev.orderflow.core.port.OrderRepository;
import dev.orderflow.core.simulation.SimulatedAdapters;
import dev.orderflow.inmemory.ManualClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageNotInflightException;
import software.amazon.awssdk.services.sqs.model.ReceiptHandleIsInvalidException;

/**
 * The AWS adapters for one simulated sequence, on the local servers: {@link DynamoDbOrderRepository} on a table,
 * {@link SnsOrderNotifier} on a topic and {@link SesCustomerMailer} on an SES server, each shared by every sequence
 * (the simulation namespaces each sequence's customers), and {@link SqsOrderQueue} on a queue of the sequence's own,
 * deleted on {@link #close()}.
 *
 * <p>The queue is driven one message at a time: a receive hides its message for {@value #VISIBILITY_SECONDS} s,
 * longer than any sequence, so a visibility timeout expires only when the simulation says so — then every
 * handle received and not yet acknowledged is made visible again with {@code ChangeMessageVisibility 0}, and the
 * simulation's clock moves on by {@link #REDELIVERY_DELAY}, as time passes between redeliveries: what is leased by
 * that clock (an outcome email's claim) expires after as many expiries as on the in-memory family.
 */
final class AwsAdapters implements SimulatedAdapters {
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  /** Far longer than a sequence: a message held by the simulation never becomes visible by itself. */
  static final int VISIBILITY_SECONDS = 600;
  /** The simulated time one expiry stands for: the in-memory family's visibility timeout (30 s) and a second. */
  static final Duration REDELIVERY_DELAY = Duration.ofSeconds(31);

  private final SqsClient sqs;
  private final String queueUrl;
  private final ManualClock clock = new ManualClock(START); // the simulation's time: no SQS visibility depends on it
  private final OrderRepository repository;
  private final OrderNotifier notifier;
  private final CustomerMailer mailer;
  private final SimulatedQueue queue;

  private AwsAdapters(SqsClient sqs, DynamoDbOrderRepository repository, SnsOrderNotifier notifier,
      SesCustomerMailer mailer, String namespace) {
    this.sqs = sqs;
    this.repository = repository;
    this.notifier = notifier;
    this.mailer = mailer;
    this.queueUrl = LocalAws.createQueue(sqs, "sim-" + namespace);
    this.queue = new SimulatedQueue(new SqsOrderQueue(sqs, queueUrl));
  }

  /** A family on shared clients and resources; each sequence gets a fresh queue on {@code sqs}. */
  static Family family(SqsClient sqs, DynamoDbOrderRepository repository, SnsOrderNotifier notifier,
      SesCustomerMailer mailer) {
    Objects.requireNonNull(sqs, "sqs");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(notifier, "notifier");
    Objects.requireNonNull(mailer, "mailer");
    return namespace -> new AwsAdapters(sqs, repository, notifier, mailer, namespace);
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public OrderRepository repository() {
    return repository;
  }

  @Override
  public OrderNotifier notifier() {
    return notifier;
  }

  @Override
  public CustomerMailer mailer() {
    return mailer;
  }

  @Override
  public Queue queue() {
    return queue;
  }

  @Override
  public void close() {
    sqs.deleteQueue(b -> b.queueUrl(queueUrl));
  }

  private final class SimulatedQueue implements Queue {
    private final SqsOrderQueue port;
    /** Receipt handles handed out and neither acknowledged nor expired yet. */
    private final Set<String> inFlight = new LinkedHashSet<>();

    SimulatedQueue(SqsOrderQueue port) {
      this.port = port;
    }

    @Override
    public OrderQueue port() {
      return port;
    }

    @Override
    public Optional<Delivery> receive() {
      Optional<Message> message = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(1)
          .waitTimeSeconds(0).visibilityTimeout(VISIBILITY_SECONDS)).messages().stream().findFirst();
      message.ifPresent(m -> inFlight.add(m.receiptHandle()));
      return message.map(m -> new Delivery(m.body(), m.receiptHandle()));
    }

    @Override
    public void acknowledge(Delivery delivery) {
      sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(delivery.receiptHandle()));
      inFlight.remove(delivery.receiptHandle());
    }

    @Override
    public void expireVisibility() {
      for (String handle : inFlight) {
        try {
          sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(handle).visibilityTimeout(0));
        } catch (ReceiptHandleIsInvalidException | MessageNotInflightException noLongerValid) {
          // deleted or already visible again: nothing to expire
        }
      }
      inFlight.clear();
      clock.advance(REDELIVERY_DELAY);
    }
  }
}
