package dev.orderflow.infra.capacity;

import dev.orderflow.core.application.CompleteOrder;
import dev.orderflow.core.application.DecidePayment;
import dev.orderflow.core.application.FailOrder;
import dev.orderflow.core.application.InitializeOrder;
import dev.orderflow.core.application.PlaceOrder;
import dev.orderflow.core.application.PlaceOrderCommand;
import dev.orderflow.core.application.ProcessOrder;
import dev.orderflow.core.application.ProcessOrder.State;
import dev.orderflow.core.application.StartOrderProcessing;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.domain.OrderStatus;
import dev.orderflow.core.payment.SimulatedPaymentGateway;
import dev.orderflow.core.port.OrderIdGenerator;
import dev.orderflow.core.port.OrderNotifier;
import dev.orderflow.core.port.OrderQueue;
import dev.orderflow.core.port.OrderWorkflow;
import dev.orderflow.core.port.TransientFailureException;
import dev.orderflow.inmemory.InMemoryOrderRepository;
import dev.orderflow.inmemory.ManualClock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * A discrete-event simulation of the deployed pipeline — AppSync → resolver function → SQS → event source
 * mapping → consumer function → Step Functions (Standard) → step functions → DynamoDB, SNS → SES — on simulated
 * time: a priority queue of events, one seeded random source, no threads, no sleeps.
 *
 * <p>Every order runs through the real core: {@link PlaceOrder} when its resolver call ends, the consumer's
 * {@link StartOrderProcessing} at each StartExecution attempt, and the core's {@link ProcessOrder} state machine
 * one task attempt at a time (its own Retry and Catch decide what follows an error), on the in-memory repository
 * with a {@link ManualClock} set to the simulated instant. The simulation is the adapter of the other ports: its
 * queue is SQS (visibility timeout, receive count, redrive to the DLQ), its workflow port is StartExecution (a
 * token bucket, name-idempotent), and its notifier is SNS feeding an email stage metered by SES's sending quota.
 * Each AWS stage is modelled by its quota ({@link AwsModel}); a throttled call fails the way the service fails
 * it and is retried where the deployed code retries it.
 */
final class PipelineSimulation {
  private static final long SECOND = 1_000_000L;
  private static final Instant EPOCH = Instant.parse("2026-05-20T00:00:00Z");
  private static final OrderDetails[] MENU = {
      new OrderDetails("Margherita", 2, "luigis"), new OrderDetails("Diavola", 1, "luigis"),
      new OrderDetails("Quattro formaggi", 3, "napoli-express"), new OrderDetails("Marinara", 1, "da-michele")};
  private static final int CUSTOMERS = 100_000;

  private final AwsModel m;
  private final Scenario scenario;
  private final SplittableRandom random;
  private final PriorityQueue<Event> events = new PriorityQueue<>();
  private long now;
  private long sequence;

  // the core, on the in-memory repository
  private final ManualClock clock = new ManualClock(EPOCH);
  private final PlaceOrder placeOrder;
  private final StartOrderProcessing startOrderProcessing;
  private final ProcessOrder processOrder;
  private final CustomerId[] customers = new CustomerId[CUSTOMERS];

  // quotas
  private final TokenBucket appSync;
  private final TokenBucket startExecution;
  private final TokenBucket stateTransitions;
  private final TokenBucket dynamoWrites;
  private final TokenBucket dynamoReads;
  private final TokenBucket snsPublish;
  private final TokenBucket ses;
  private int lambdaInFlight;

  // SQS
  private final ArrayDeque<Message> visible = new ArrayDeque<>();
  private final ArrayList<Message> sent = new ArrayList<>();
  private int oldest;
  private int inFlight;
  private Message sending;
  private final Set<OrderId> executionNames = new HashSet<>();

  // event source mapping
  private int pollers;
  private int idlePollers;
  private boolean scalingTickScheduled;

  // SES
  private long emailBacklog;
  private long emailsSent;
  private boolean mailerScheduled;

  // arrivals and progress
  private long orderNumber;
  private boolean arrivalsOpen = true;
  private final long burstEnd;
  private long accepted;
  private long acceptedOfBurst;
  private long finished;
  private long finishedOfBurst;
  private long drainedAt = -1;
  private long queueBackAt = -1;
  private long stopArrivalsAt = Long.MAX_VALUE;
  private long clientsGaveUp;
  private final long[] outcomes = new long[ProcessOrder.Outcome.values().length];
  private final List<Minute> minutes = new ArrayList<>();

  PipelineSimulation(AwsModel model, Scenario scenario, long seed) {
    this.m = model;
    this.scenario = scenario;
    this.random = new SplittableRandom(seed);
    this.burstEnd = scenario.startSecond(scenario.burstPhase() + 1) * SECOND;
    InMemoryOrderRepository repository = new InMemoryOrderRepository();
    OrderQueue queue = this::sqsSendMessage;
    OrderWorkflow workflow = this::startExecution;
    OrderNotifier notifier = this::snsPublish;
    this.placeOrder = new PlaceOrder(queue, repository, OrderIdGenerator.timeOrdered(clock, new Random(seed)), clock);
    this.startOrderProcessing = new StartOrderProcessing(workflow);
    this.processOrder = new ProcessOrder(new InitializeOrder(repository),
        new DecidePayment(repository, new SimulatedPaymentGateway(seed, SimulatedPaymentGateway.DEFAULT_APPROVAL_RATE), clock),
        new CompleteOrder(repository, notifier, clock), new FailOrder(repository, notifier, clock));
    for (int i = 0; i < CUSTOMERS; i++) {
      customers[i] = CustomerId.of("customer-" + i);
    }
    this.appSync = new TokenBucket(m.appSyncTokensPerSecond, m.appSyncTokensPerSecond);
    this.startExecution = new TokenBucket(m.startExecutionBucket, m.startExecutionPerSecond);
    this.stateTransitions = new TokenBucket(m.stateTransitionBucket, m.stateTransitionsPerSecond);
    this.dynamoWrites = new TokenBucket(m.dynamoWritesPerSecond, m.dynamoWritesPerSecond);
    this.dynamoReads = new TokenBucket(m.dynamoReadsPerSecond, m.dynamoReadsPerSecond);
    this.snsPublish = new TokenBucket(m.snsPublishesPerSecond, m.snsPublishesPerSecond);
    this.ses = new TokenBucket(Math.max(1, m.sesPerSecond), m.sesPerSecond);
  }

  /** Runs the scenario until every accepted order's workflow has ended. */
  Report run() {
    long wallStart = System.nanoTime();
    schedule(0, this::arrival);
    schedule(SECOND, this::sample);
    long lastPhaseStart = scenario.startSecond(scenario.phases().size() - 1) * SECOND;
    long lastPhaseMinimum = lastPhaseStart + scenario.phases().get(scenario.phases().size() - 1).seconds() * SECOND;
    while (!events.isEmpty()) {
      Event event = events.poll();
      now = event.at;
      event.action.run();
      if (queueBackAt >= 0 && stopArrivalsAt == Long.MAX_VALUE) {
        stopArrivalsAt = Math.max(lastPhaseMinimum, queueBackAt + 60 * SECOND);
      }
      if (!arrivalsOpen && finished + dlqArrivals == accepted && visible.isEmpty() && inFlight == 0 && clientsWaiting == 0) {
        break;
      }
    }
    return new Report(scenario.name(), List.copyOf(minutes), accepted, finished, outcomes.clone(),
        dlqArrivals, burstEnd / SECOND, acceptedOfBurst, drainedAt < 0 ? -1 : (drainedAt - burstEnd) / (double) SECOND,
        queueBackAt < 0 ? -1 : (queueBackAt - burstEnd) / (double) SECOND, maxOldestAgeSeconds, now / (double) SECOND,
        emailsSent, emailBacklog, clientsGaveUp, stateTransitionsUsed, (System.nanoTime() - wallStart) / 1e9);
  }

  // ------------------------------------------------------------------------------------------------ arrivals

  private int clientsWaiting;

  private void arrival() {
    if (now >= stopArrivalsAt) {
      arrivalsOpen = false;
      return;
    }
    long number = orderNumber++;
    postOrder(number, 1);
    schedule(now + nextArrivalGap(), this::arrival);
  }

  /** Exponential gap at the rate of the current phase; past the phase's end, drawn anew at the next rate. */
  private long nextArrivalGap() {
    long t = now;
    while (true) {
      int phase = phaseAt(t);
      double rate = scenario.phases().get(phase).perSecond();
      long gap = (long) Math.ceil(-Math.log(1 - random.nextDouble()) / rate * SECOND);
      long phaseEnd = phase == scenario.phases().size() - 1 ? Long.MAX_VALUE : scenario.startSecond(phase + 1) * SECOND;
      if (t + gap < phaseEnd) {
        return Math.max(1, t + gap - now);
      }
      t = phaseEnd;
    }
  }

  private int phaseAt(long t) {
    for (int p = scenario.phases().size() - 1; p >= 0; p--) {
      if (t >= scenario.startSecond(p) * SECOND) {
        return p;
      }
    }
    return 0;
  }

  /** A client's postOrder: AppSync, then the resolver function, which runs PlaceOrder and sends to SQS. */
  private void postOrder(long number, int attempt) {
    Minute minute = minute();
    if (!appSync.tryTake(now, 1)) {
      minute.appSyncThrottles++;
      clientRetry(number, attempt);
      return;
    }
    if (lambdaInFlight >= m.accountConcurrency) {
      minute.lambdaThrottles++;
      clientRetry(number, attempt);
      return;
    }
    lambdaInFlight++;
    long duration = latency(m.resolverMillis);
    schedule(now + duration, () -> {
      lambdaInFlight--;
      // PlaceOrder with a client token: GetItem (find), GetItem (isDeleted), Query on the pending index
      if (!dynamoReads.tryTake(now, 2.5)) {
        minute().dynamoThrottles++;
        clientRetry(number, attempt);
        return;
      }
      if (transientError()) {
        clientRetry(number, attempt);
        return;
      }
      clock.set(EPOCH.plusNanos(now * 1_000));
      Order order = placeOrder.place(new PlaceOrderCommand(customers[(int) (number % CUSTOMERS)],
          MENU[(int) (number % MENU.length)], "token-" + number));
      if (order.status() != OrderStatus.PENDING) {
        throw new IllegalStateException("a new order must be accepted PENDING: " + order);
      }
    });
  }

  private void clientRetry(long number, int attempt) {
    if (attempt >= m.clientAttempts) {
      clientsGaveUp++;
      return;
    }
    clientsWaiting++;
    long delay = (long) (random.nextDouble() * Math.min(20_000, 1_000L << (attempt - 1)) * 1_000);
    schedule(now + delay, () -> {
      clientsWaiting--;
      postOrder(number, attempt + 1);
    });
  }

  // ------------------------------------------------------------------------------------------------ SQS

  /** The queue port: SendMessage at the resolver's end (its latency is part of the resolver's). */
  private void sqsSendMessage(OrderRequest request) {
    Message message = new Message(request, now);
    sent.add(message);
    visible.addLast(message);
    accepted++;
    if (now <= burstEnd) {
      acceptedOfBurst++;
    }
    minute().accepted++;
    wakePoller();
  }

  /** ReceiveMessage for one poller: up to a batch; a message past maxReceiveCount moves to the DLQ instead. */
  private List<Message> receive() {
    List<Message> batch = new ArrayList<>(m.batchSize);
    while (batch.size() < m.batchSize && !visible.isEmpty()) {
      Message message = visible.pollFirst();
      if (message.receives >= m.maxReceiveCount) {
        message.done = true;
        dlqArrivals++;
        if (message.sentAt <= burstEnd) {
          dlqOfBurst++;
        }
        minute().dlqArrivals++;
        continue;
      }
      message.receives++;
      message.epoch++;
      inFlight++;
      batch.add(message);
      int epoch = message.epoch;
      schedule(now + m.visibilityTimeoutSeconds * SECOND, () -> visibilityExpired(message, epoch));
    }
    return batch;
  }

  private void visibilityExpired(Message message, int epoch) {
    if (message.done || message.epoch != epoch) {
      return;
    }
    inFlight--;
    message.epoch++;
    visible.addLast(message);
    minute().redelivered++;
    wakePoller();
  }

  private void delete(Message message) {
    if (!message.done) {
      message.done = true;
      inFlight--;
    }
  }

  // ------------------------------------------------------------------------------------------------ the event source mapping

  private void wakePoller() {
    if (pollers == 0) {
      pollers = Math.min(m.pollersAtStart, m.consumerMaxConcurrency);
      idlePollers = pollers;
    }
    if (idlePollers > 0) {
      idlePollers--;
      schedule(now + latency(m.receiveMillis), () -> poll(false));
    }
    if (!scalingTickScheduled) {
      scalingTickScheduled = true;
      schedule(now + 60 * SECOND / m.pollersAddedPerMinute, this::scale);
    }
  }

  /** Lambda adds up to 300 concurrent invocations a minute while messages wait, up to the maximum concurrency. */
  private void scale() {
    scalingTickScheduled = false;
    if (visible.isEmpty()) {
      return;
    }
    if (idlePollers == 0 && pollers < m.consumerMaxConcurrency) {
      pollers++;
      schedule(now + latency(m.receiveMillis), () -> poll(false));
    }
    scalingTickScheduled = true;
    schedule(now + 60 * SECOND / m.pollersAddedPerMinute, this::scale);
  }

  /** One poller's ReceiveMessage (long polling) and, when it got messages, its invocation of the consumer. */
  private void poll(boolean waitedForWindow) {
    if (visible.isEmpty()) {
      idle();
      return;
    }
    if (m.batchingWindowSeconds > 0 && visible.size() < m.batchSize && !waitedForWindow) {
      schedule(now + m.batchingWindowSeconds * SECOND, () -> poll(true));
      return;
    }
    if (lambdaInFlight >= m.accountConcurrency) {
      minute().lambdaThrottles++;
      schedule(now + SECOND, () -> poll(false));
      return;
    }
    List<Message> batch = receive();
    if (batch.isEmpty()) {
      idle();
      return;
    }
    lambdaInFlight++;
    Invocation invocation = new Invocation(batch, now + m.consumerTimeoutSeconds * SECOND);
    schedule(now + latency(m.invokeMillis), () -> consume(invocation));
  }

  private void idle() {
    // Lambda scales back towards the initial pollers when there is nothing to read
    if (pollers > m.pollersAtStart) {
      pollers--;
    } else {
      idlePollers++;
    }
  }

  /** OrderQueueHandler: one message after the other, StartOrderProcessing each; failures are reported. */
  private void consume(Invocation invocation) {
    if (invocation.next == invocation.batch.size()) {
      endInvocation(invocation, false);
      return;
    }
    if (now >= invocation.deadline) {
      endInvocation(invocation, true);
      return;
    }
    Message message = invocation.batch.get(invocation.next);
    clock.set(EPOCH.plusNanos(now * 1_000));
    try {
      startOrderProcessing.start(message.request);
      invocation.attempt = 1;
      invocation.next++;
      schedule(now + latency(m.startExecutionMillis), () -> consume(invocation));
    } catch (Throttled e) {
      minute().startThrottles++;
      sdkRetry(invocation, true);
    } catch (TransientFailureException e) {
      sdkRetry(invocation, false);
    }
  }

  /** The SDK retries inside the call; after its last attempt the handler reports the message as failed. */
  private void sdkRetry(Invocation invocation, boolean throttled) {
    long spent = latency(throttled ? m.throttledCallMillis : m.startExecutionMillis);
    if (invocation.attempt >= m.sdkAttempts) {
      invocation.failures.add(invocation.batch.get(invocation.next));
      minute().itemFailures++;
      invocation.attempt = 1;
      invocation.next++;
      schedule(now + spent, () -> consume(invocation));
      return;
    }
    long ceiling = Math.min(m.sdkMaxBackoffMillis, (long) (throttled ? m.sdkThrottleBackoffMillis : m.sdkBackoffMillis)
        << (invocation.attempt - 1)) * 1_000L;
    long backoff = throttled ? ceiling / 2 + (long) (random.nextDouble() * ceiling / 2) : (long) (random.nextDouble() * ceiling);
    invocation.attempt++;
    schedule(now + spent + backoff, () -> consume(invocation));
  }

  private void endInvocation(Invocation invocation, boolean timedOut) {
    lambdaInFlight--;
    if (timedOut) {
      minute().consumerTimeouts++;
    } else {
      for (Message message : invocation.batch) {
        if (!invocation.failures.contains(message)) {
          delete(message);
        }
      }
    }
    advanceOldest();
    schedule(now + latency(m.receiveMillis), () -> poll(false));
  }

  // ------------------------------------------------------------------------------------------------ Step Functions

  /** The workflow port: StartExecution named after the order, idempotent. */
  private boolean startExecution(OrderRequest request) {
    if (!startExecution.tryTake(now, 1)) {
      throw new Throttled();
    }
    if (transientError()) {
      throw new TransientFailureException("StartExecution: 500 (simulated)");
    }
    if (!executionNames.add(request.id())) {
      return false; // ExecutionAlreadyExists
    }
    Run run = new Run(processOrder.start(request), request.acceptedAt().isAfter(EPOCH.plusNanos(burstEnd * 1_000L)));
    minute().started++;
    schedule(now + latency(m.startExecutionMillis), () -> task(run, 1));
    return true;
  }

  /** Enters the run's current task state (after {@code transitions} state transitions), invokes it once. */
  private void task(Run run, int transitions) {
    long wait = stateTransitions.microsUntil(now, transitions);
    if (wait > 0) {
      minute().transitionThrottles++;
      schedule(now + wait, () -> task(run, transitions));
      return;
    }
    stateTransitions.tryTake(now, transitions);
    stateTransitionsUsed += transitions;
    State state = run.execution.state();
    clock.set(EPOCH.plusNanos(now * 1_000));
    boolean[] invoked = {false};
    run.execution.advance(new ProcessOrder.Invoker() {
      @Override
      public <T> T invoke(State s, Supplier<T> work) {
        return invokeStep(s, work, invoked);
      }
    });
    long duration = latency(m.taskOverheadMillis) + (invoked[0] ? latency(stepMillis(state)) : 0);
    if (invoked[0]) {
      lambdaInFlight++;
    }
    schedule(now + duration, () -> {
      if (invoked[0]) {
        lambdaInFlight--;
      }
      afterTask(run, state);
    });
  }

  /** The Lambda invoke of one task, with the throttles its function meets on the way. */
  private <T> T invokeStep(State state, Supplier<T> work, boolean[] invoked) {
    if (lambdaInFlight >= m.accountConcurrency) {
      minute().lambdaThrottles++;
      throw new ProcessOrder.TaskTimeout("Lambda.TooManyRequestsException");
    }
    invoked[0] = true;
    double writes = switch (state) {
      case INITIALIZE_ORDER -> 2; // PutItem + the pending index
      case DECIDE_PAYMENT -> 1; // UpdateItem (keys-only index unchanged)
      case COMPLETE_ORDER, FAIL_ORDER -> 3; // UpdateItem status (+ index delete), UpdateItem notified
    };
    if (!dynamoReads.tryTake(now, 1) || !dynamoWrites.tryTake(now, writes)) {
      minute().dynamoThrottles++;
      throw new TransientFailureException("DynamoDB: ProvisionedThroughputExceededException (simulated)");
    }
    if (transientError()) {
      throw new TransientFailureException("simulated 5xx");
    }
    return work.get();
  }

  private void afterTask(Run run, State state) {
    ProcessOrder.Execution execution = run.execution;
    if (!execution.isRunning()) {
      finished++;
      outcomes[execution.outcome().ordinal()]++;
      minute().finished++;
      if (!run.afterBurst) {
        finishedOfBurst++;
        if (drainedAt < 0 && now > burstEnd && finishedOfBurst + dlqOfBurst == acceptedOfBurst) {
          drainedAt = now;
        }
      }
      return;
    }
    if (execution.state() == state) {
      // the state's Retry: interval × rate^n, capped, full jitter (as deployed)
      ProcessOrder.Retry retry = ProcessOrder.retryOf(state);
      long ceiling = (long) Math.min(retry.maxDelay().toMillis(),
          retry.interval().toMillis() * Math.pow(retry.backoffRate(), run.retries)) * 1_000L;
      run.retries++;
      minute().stepRetries++;
      schedule(now + (long) (random.nextDouble() * ceiling), () -> task(run, 1));
      return;
    }
    run.retries = 0;
    boolean viaChoice = execution.caught().isEmpty() && state != State.FAIL_ORDER;
    schedule(now + (viaChoice ? latency(m.choiceMillis) : 0), () -> task(run, viaChoice ? 2 : 1));
  }

  private double stepMillis(State state) {
    return switch (state) {
      case INITIALIZE_ORDER -> m.initializeMillis;
      case DECIDE_PAYMENT -> m.decideMillis;
      case COMPLETE_ORDER, FAIL_ORDER -> m.finalStepMillis;
    };
  }

  // ------------------------------------------------------------------------------------------------ SNS and SES

  private void snsPublish(Order order) {
    if (!snsPublish.tryTake(now, 1)) {
      minute().snsThrottles++;
      throw new TransientFailureException("SNS: Throttled (simulated)");
    }
    emailBacklog++;
    if (!mailerScheduled) {
      mailerScheduled = true;
      schedule(now, this::mail);
    }
  }

  /** The mailer sends one email per outcome at SES's sending rate, within the daily quota. */
  private void mail() {
    mailerScheduled = false;
    if (emailBacklog == 0 || emailsSent >= m.sesPerDay) {
      return;
    }
    long wait = ses.microsUntil(now, 1);
    if (wait == 0) {
      ses.tryTake(now, 1);
      emailBacklog--;
      emailsSent++;
      minute().emailsSent++;
    }
    mailerScheduled = true;
    schedule(now + Math.max(wait, 1), this::mail);
  }

  // ------------------------------------------------------------------------------------------------ sampling

  private long dlqArrivals;
  private long dlqOfBurst;
  private double maxOldestAgeSeconds;
  private long stateTransitionsUsed;

  /** Once a simulated second: queue depth, age of the oldest message, mapping concurrency. */
  private void sample() {
    advanceOldest();
    double age = oldest < sent.size() ? (now - sent.get(oldest).sentAt) / (double) SECOND : 0;
    maxOldestAgeSeconds = Math.max(maxOldestAgeSeconds, age);
    if (queueBackAt < 0 && now > burstEnd && age < 10) {
      queueBackAt = now;
    }
    Minute minute = minute();
    minute.maxVisible = Math.max(minute.maxVisible, visible.size());
    minute.maxInFlight = Math.max(minute.maxInFlight, inFlight);
    minute.maxOldestAgeSeconds = Math.max(minute.maxOldestAgeSeconds, age);
    minute.maxConsumers = Math.max(minute.maxConsumers, pollers - idlePollers);
    minute.maxLambdaConcurrency = Math.max(minute.maxLambdaConcurrency, lambdaInFlight);
    minute.emailBacklog = emailBacklog;
    if (arrivalsOpen || finished + dlqArrivals < accepted || !visible.isEmpty() || inFlight > 0) {
      schedule(now + SECOND, this::sample);
    }
  }

  private void advanceOldest() {
    while (oldest < sent.size() && sent.get(oldest).done) {
      sent.set(oldest++, null); // keep the list lean: a deleted message is not looked at again
    }
  }

  // ------------------------------------------------------------------------------------------------ machinery

  private Minute minute() {
    int index = (int) (now / (60 * SECOND));
    while (minutes.size() <= index) {
      minutes.add(new Minute(minutes.size()));
    }
    return minutes.get(index);
  }

  private void schedule(long at, Runnable action) {
    events.add(new Event(at, sequence++, action));
  }

  /** {@code fixedMillis} plus an exponential tail whose mean is {@link AwsModel#tailShare} of it, in µs. */
  private long latency(double fixedMillis) {
    return (long) (fixedMillis * (1 - Math.log(1 - random.nextDouble()) * m.tailShare) * 1_000);
  }

  private boolean transientError() {
    return m.transientErrorRate > 0 && random.nextDouble() < m.transientErrorRate;
  }

  private record Event(long at, long sequence, Runnable action) implements Comparable<Event> {
    @Override
    public int compareTo(Event other) {
      return at != other.at ? Long.compare(at, other.at) : Long.compare(sequence, other.sequence);
    }
  }

  /** An SQS message: the order request (the body's content), when it was sent, how often received. */
  private static final class Message {
    final OrderRequest request;
    final long sentAt;
    int receives;
    int epoch;
    boolean done;

    Message(OrderRequest request, long sentAt) {
      this.request = request;
      this.sentAt = sentAt;
    }
  }

  private static final class Invocation {
    final List<Message> batch;
    final long deadline;
    final List<Message> failures = new ArrayList<>(2);
    int next;
    int attempt = 1;

    Invocation(List<Message> batch, long deadline) {
      this.batch = batch;
      this.deadline = deadline;
    }
  }

  private static final class Run {
    final ProcessOrder.Execution execution;
    final boolean afterBurst;
    int retries;

    Run(ProcessOrder.Execution execution, boolean afterBurst) {
      this.execution = execution;
      this.afterBurst = afterBurst;
    }
  }

  /** StartExecution answered ThrottlingException (the SDK retries it; then it is a transient failure). */
  private static final class Throttled extends TransientFailureException {
    Throttled() {
      super("Step Functions StartExecution: ThrottlingException (simulated)");
    }
  }

  /** What happened in one simulated minute. */
  static final class Minute {
    final int index;
    long accepted;
    long appSyncThrottles;
    long lambdaThrottles;
    long dynamoThrottles;
    long snsThrottles;
    long startThrottles;
    long itemFailures;
    long consumerTimeouts;
    long redelivered;
    long dlqArrivals;
    long started;
    long transitionThrottles;
    long stepRetries;
    long finished;
    long emailsSent;
    long emailBacklog;
    int maxVisible;
    int maxInFlight;
    double maxOldestAgeSeconds;
    int maxConsumers;
    int maxLambdaConcurrency;

    Minute(int index) {
      this.index = index;
    }
  }

  /** The outcome of a run. */
  record Report(String scenario, List<Minute> minutes, long accepted, long finished, long[] outcomes,
      long dlqArrivals, long burstEndSecond, long acceptedByBurstEnd, double drainSeconds, double queueBackSeconds,
      double maxOldestAgeSeconds, double simulatedSeconds, long emailsSent, long emailBacklog, long clientsGaveUp,
      long stateTransitions, double wallSeconds) {

    long total(java.util.function.ToLongFunction<Minute> field) {
      return minutes.stream().mapToLong(field).sum();
    }

    long outcome(ProcessOrder.Outcome outcome) {
      return outcomes[outcome.ordinal()];
    }
  }
}
