package dev.orderflow.inmemory;

import dev.orderflow.core.application.CompleteOrder;
import dev.orderflow.core.application.DecidePayment;
import dev.orderflow.core.application.DeleteOrder;
import dev.orderflow.core.application.EmailOutcome;
import dev.orderflow.core.application.FailOrder;
import dev.orderflow.core.application.GetOrder;
import dev.orderflow.core.application.InitializeOrder;
import dev.orderflow.core.application.ListOrders;
import dev.orderflow.core.application.PlaceOrder;
import dev.orderflow.core.application.ProcessOrder;
import dev.orderflow.core.application.StartOrderProcessing;
import dev.orderflow.core.application.UpdateOrder;
import dev.orderflow.core.payment.SimulatedPaymentGateway;
import dev.orderflow.core.port.OrderIdGenerator;
import dev.orderflow.core.port.OrderMessageFormat;
import dev.orderflow.core.port.PaymentGateway;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The whole order pipeline on in-memory adapters, wired once: use cases, queue, consumer, workflow,
 * repository, notifier, and the outcome emails — every published outcome goes to a mail queue of its own (as the
 * outcome topic feeds one on AWS), whose consumer runs {@link EmailOutcome} on the mailer. Two modes:
 * <ul>
 *   <li>{@link #builder()} — deterministic, for tests: a {@link ManualClock}, workflows run inline, and
 *       nothing moves until {@link #runUntilQuiescent()};
 *   <li>{@link Builder#live()} — for a running service: the system clock, a background consumer and a
 *       workflow thread pool; {@link #close()} stops them.
 * </ul>
 * <pre>{@code
 * try (InMemoryOrderflow flow = InMemoryOrderflow.builder()
 *     .payments(ScriptedPaymentGateway.approving()).build()) {
 *   Order placed = flow.placeOrder().place(new PlaceOrderCommand(alice, new OrderDetails("Pizza", 1, "luigis")));
 *   flow.runUntilQuiescent();
 *   assertThat(flow.getOrder().get(alice, placed.id()).status()).isEqualTo(OrderStatus.SUCCESS);
 *   assertThat(flow.notifier().publishedFor(placed.id())).hasSize(1);
 * }
 * }</pre>
 */
public final class InMemoryOrderflow implements AutoCloseable {
  /** Where a deterministic harness's clock starts. */
  public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private final Clock clock;
  private final InMemoryOrderRepository repository;
  private final InMemoryOrderQueue queue;
  private final InMemoryOrderNotifier notifier;
  private final InMemoryOrderWorkflow workflow;
  private final InMemoryQueueConsumer consumer;
  private final InMemoryCustomerMailer mailer;
  private final InMemoryOrderQueue mailQueue;
  private final InMemoryQueueConsumer mailConsumer;
  private final EmailOutcome emailOutcome;
  private final PaymentGateway payments;
  private final OrderIdGenerator ids;
  private final ExecutorService workflowPool;

  private final PlaceOrder placeOrder;
  private final GetOrder getOrder;
  private final ListOrders listOrders;
  private final UpdateOrder updateOrder;
  private final DeleteOrder deleteOrder;
  private final StartOrderProcessing startOrderProcessing;
  private final InitializeOrder initializeOrder;
  private final DecidePayment decidePayment;
  private final CompleteOrder completeOrder;
  private final FailOrder failOrder;
  private final ProcessOrder processOrder;

  private InMemoryOrderflow(Builder b) {
    this.clock = b.live ? Clock.systemUTC() : b.clock;
    this.payments = b.faults == Faults.none() ? b.payments
        : (key, order) -> b.faults.call("payment.decide", () -> b.payments.decide(key, order));
    this.ids = b.ids != null ? b.ids
        : b.live ? OrderIdGenerator.timeOrdered() // unpredictable ids for a running service
        : OrderIdGenerator.timeOrdered(clock, new Random(b.seed)); // reproducible ids for tests
    this.repository = new InMemoryOrderRepository(b.faults);
    this.queue = InMemoryOrderQueue.builder().clock(clock).visibilityTimeout(b.visibilityTimeout)
        .maxReceives(b.maxReceives).copiesPerSend(b.copiesPerSend).faults(b.faults).build();
    this.notifier = new InMemoryOrderNotifier(b.faults);
    this.mailer = new InMemoryCustomerMailer(b.faults);
    // SNS delivers to its SQS subscription reliably: the mail queue takes no faults, but copies and visibility
    this.mailQueue = InMemoryOrderQueue.builder().clock(clock).visibilityTimeout(EmailOutcome.CLAIM)
        .maxReceives(b.maxReceives).copiesPerSend(b.copiesPerSend).build();
    notifier.subscribe(order -> mailQueue.sendRaw(OrderMessageFormat.encodeOutcome(order)));

    this.initializeOrder = new InitializeOrder(repository);
    this.decidePayment = new DecidePayment(repository, payments, clock);
    this.completeOrder = new CompleteOrder(repository, notifier, clock);
    this.failOrder = new FailOrder(repository, notifier, clock);
    this.workflowPool = b.live ? Executors.newFixedThreadPool(b.workflowThreads, daemon("order-workflow")) : null;
    this.processOrder = new ProcessOrder(initializeOrder, decidePayment, completeOrder, failOrder);
    this.workflow = new InMemoryOrderWorkflow(processOrder, b.live ? workflowPool : Runnable::run, b.faults);

    this.placeOrder = new PlaceOrder(queue, repository, ids, clock);
    this.getOrder = new GetOrder(repository);
    this.listOrders = new ListOrders(repository);
    this.updateOrder = new UpdateOrder(repository, clock);
    this.deleteOrder = new DeleteOrder(repository);
    this.startOrderProcessing = new StartOrderProcessing(workflow);
    this.consumer = new InMemoryQueueConsumer(queue, startOrderProcessing);
    this.emailOutcome = new EmailOutcome(repository, mailer, clock);
    this.mailConsumer = new InMemoryQueueConsumer(mailQueue, emailOutcome::onNotification, "outcome-mail-consumer");
    if (b.live) {
      consumer.start(b.consumerThreads);
      mailConsumer.start(1);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Processes until nothing is left to do: receives and processes every visible message; when only
   * messages hidden by their visibility timeout remain, moves the clock past it; stops when the queue is
   * empty and no run is going. Deterministic mode only.
   *
   * @return what it did
   * @throws IllegalStateException if the pipeline does not settle (a bug: some message never leaves)
   */
  public Quiescence runUntilQuiescent() {
    if (!(clock instanceof ManualClock manual)) {
      throw new IllegalStateException("runUntilQuiescent needs the deterministic harness (a ManualClock)");
    }
    long batches = 0;
    long clockAdvances = 0;
    for (long steps = 0; steps < 100_000_000L; steps++) {
      if (consumer.pollOnce(Duration.ZERO) > 0) {
        batches++;
        continue;
      }
      if (queue.visibleNow() > 0) {
        continue; // the receive itself failed (an injected fault): try again
      }
      if (mailConsumer.pollOnce(Duration.ZERO) > 0) {
        batches++;
        continue;
      }
      Optional<Instant> next = Stream.of(queue.nextVisibility(), mailQueue.nextVisibility())
          .flatMap(Optional::stream).min(Comparator.naturalOrder());
      if (next.isEmpty()) {
        return new Quiescence(batches, clockAdvances, queue.deadLetters().size(), workflow.failedRuns().size(),
            mailQueue.deadLetters().size());
      }
      if (next.get().isAfter(manual.instant())) {
        manual.set(next.get());
        clockAdvances++;
      }
    }
    throw new IllegalStateException("the pipeline did not settle");
  }

  /**
   * What {@link #runUntilQuiescent()} did.
   *
   * @param deadLetters the order queue's dead letters
   * @param mailDeadLetters the outcome-mail queue's dead letters
   */
  public record Quiescence(long batches, long visibilityTimeoutsWaited, int deadLetters, int failedRuns,
      int mailDeadLetters) {}

  public PlaceOrder placeOrder() {
    return placeOrder;
  }

  public GetOrder getOrder() {
    return getOrder;
  }

  public ListOrders listOrders() {
    return listOrders;
  }

  public UpdateOrder updateOrder() {
    return updateOrder;
  }

  public DeleteOrder deleteOrder() {
    return deleteOrder;
  }

  public StartOrderProcessing startOrderProcessing() {
    return startOrderProcessing;
  }

  public InitializeOrder initializeOrder() {
    return initializeOrder;
  }

  public DecidePayment decidePayment() {
    return decidePayment;
  }

  public CompleteOrder completeOrder() {
    return completeOrder;
  }

  public FailOrder failOrder() {
    return failOrder;
  }

  /** The workflow's state machine, as every run executes it. */
  public ProcessOrder processOrder() {
    return processOrder;
  }

  public InMemoryOrderRepository repository() {
    return repository;
  }

  public InMemoryOrderQueue queue() {
    return queue;
  }

  public InMemoryOrderNotifier notifier() {
    return notifier;
  }

  /** Every outcome email sent, per recipient. */
  public InMemoryCustomerMailer mailer() {
    return mailer;
  }

  /** The queue of outcome notifications the mail consumer reads (fed by the notifier). */
  public InMemoryOrderQueue mailQueue() {
    return mailQueue;
  }

  public EmailOutcome emailOutcome() {
    return emailOutcome;
  }

  public InMemoryOrderWorkflow workflow() {
    return workflow;
  }

  public InMemoryQueueConsumer consumer() {
    return consumer;
  }

  public PaymentGateway payments() {
    return payments;
  }

  public OrderIdGenerator ids() {
    return ids;
  }

  public Clock clock() {
    return clock;
  }

  /** Stops the background consumer and workflow threads (live mode); in-flight runs finish first. */
  @Override
  public void close() {
    consumer.close();
    mailConsumer.close();
    if (workflowPool != null) {
      workflowPool.shutdown();
      try {
        workflowPool.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.getAndIncrement());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Settings. Defaults: SQS-like queue (visibility 30 s, 5 receives, one copy per send), simulated payments
   * (seed 0, half approved), no faults, deterministic mode. The workflow is the core's {@link ProcessOrder}.
   */
  public static final class Builder {
    private boolean live;
    private Clock clock = new ManualClock(START);
    private PaymentGateway payments = new SimulatedPaymentGateway(0, SimulatedPaymentGateway.DEFAULT_APPROVAL_RATE);
    private OrderIdGenerator ids;
    private long seed;
    private Faults faults = Faults.none();
    private Duration visibilityTimeout = Duration.ofSeconds(30);
    private int maxReceives = 5;
    private int copiesPerSend = 1;
    private int consumerThreads = 1;
    private int workflowThreads = 2;

    private Builder() {}

    /** Live mode: system clock, a background consumer and workflow threads. */
    public Builder live() {
      this.live = true;
      return this;
    }

    public Builder consumerThreads(int threads) {
      this.consumerThreads = threads;
      return this;
    }

    public Builder workflowThreads(int threads) {
      this.workflowThreads = threads;
      return this;
    }

    /** The deterministic mode's clock. */
    public Builder clock(ManualClock clock) {
      this.clock = clock;
      return this;
    }

    public Builder payments(PaymentGateway payments) {
      this.payments = payments;
      return this;
    }

    public Builder ids(OrderIdGenerator ids) {
      this.ids = ids;
      return this;
    }

    /** Seed of the default id generator in deterministic mode (live mode uses a secure random source). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Fault injection shared by every port: repository, queue, workflow start, notifier, mailer and payment gateway. */
    public Builder faults(Faults faults) {
      this.faults = faults;
      return this;
    }

    public Builder visibilityTimeout(Duration timeout) {
      this.visibilityTimeout = timeout;
      return this;
    }

    public Builder maxReceives(int maxReceives) {
      this.maxReceives = maxReceives;
      return this;
    }

    /** Every message is delivered this many times: at-least-once delivery at its worst. */
    public Builder deliveriesPerMessage(int copies) {
      this.copiesPerSend = copies;
      return this;
    }

    public InMemoryOrderflow build() {
      return new InMemoryOrderflow(this);
    }
  }
}
