package dev.orderflow.core.simulation;

import static dev.orderflow.core.simulation.Invariant.I1;
import static dev.orderflow.core.simulation.Invariant.I2;
import static dev.orderflow.core.simulation.Invariant.I3;
import static dev.orderflow.core.simulation.Invariant.I4;
import static dev.orderflow.core.simulation.Invariant.I5;
import static dev.orderflow.core.simulation.Invariant.I6;
import static dev.orderflow.core.simulation.Invariant.I7;
import static dev.orderflow.core.simulation.Invariant.I8;

import dev.orderflow.core.application.CompleteOrder;
import dev.orderflow.core.application.DecidePayment;
import dev.orderflow.core.application.DeleteOrder;
import dev.orderflow.core.application.EmailOutcome;
import dev.orderflow.core.application.FailOrder;
import dev.orderflow.core.application.GetOrder;
import dev.orderflow.core.application.InitializeOrder;
import dev.orderflow.core.application.ListOrders;
import dev.orderflow.core.application.ListOrdersQuery;
import dev.orderflow.core.application.PlaceOrder;
import dev.orderflow.core.application.PlaceOrderCommand;
import dev.orderflow.core.application.ProcessOrder;
import dev.orderflow.core.application.StartOrderProcessing;
import dev.orderflow.core.application.UpdateOrder;
import dev.orderflow.core.application.UpdateOrderCommand;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.DetailsChange;
import dev.orderflow.core.domain.EmailAddress;
import dev.orderflow.core.domain.InvalidRequestException;
import dev.orderflow.core.domain.LimitExceededException;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderDeletedException;
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderNotFoundException;
import dev.orderflow.core.domain.OrderNotModifiableException;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.domain.OrderStatus;
import dev.orderflow.core.domain.PaymentDecision;
import dev.orderflow.core.domain.StatusChange;
import dev.orderflow.core.domain.VersionConflictException;
import dev.orderflow.core.payment.SimulatedPaymentGateway;
import dev.orderflow.core.port.CustomerMailer;
import dev.orderflow.core.port.OrderIdGenerator;
import dev.orderflow.core.port.OrderMessageFormat;
import dev.orderflow.core.port.OrderNotifier;
import dev.orderflow.core.port.OrderPage;
import dev.orderflow.core.port.OrderQueue;
import dev.orderflow.core.port.OrderRepository;
import dev.orderflow.core.port.OrderWorkflow;
import dev.orderflow.core.port.OutcomeEmail;
import dev.orderflow.core.port.PaymentGateway;
import dev.orderflow.core.port.TransientFailureException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One simulated sequence: the core's use cases and state machine on one family's adapters, every port behind a
 * fault-injecting and recording decorator, an oracle that reads the adapters directly, and a model of what
 * clients were told. {@link #perform} runs one action and checks the invariants over what it touched;
 * {@link #settle} drains the pipeline without faults and checks everything.
 */
final class World implements AutoCloseable {
  /** Knobs a test may turn to plant a bug and see the simulation catch it. */
  record Bugs(boolean gatewayIgnoresIdempotencyKey, boolean deleteDeletesNothing, boolean emailRecordsNothing) {
    static final Bugs NONE = new Bugs(false, false, false);
  }

  private record Known(OrderId id, CustomerId owner) {}

  private record Charge(String key, Order order, int action) {}

  private record Published(Order order, int action) {}

  private record Emailed(EmailAddress to, OutcomeEmail email, int action) {}

  private final SimulatedAdapters adapters;
  private final Bugs bugs;
  private final Clock clock;
  private final OrderRepository oracle;
  private final ArmedFaults faults = new ArmedFaults(this::faultFired);
  private final List<CustomerId> customers = new ArrayList<>();
  private final Map<CustomerId, EmailAddress> addresses = new HashMap<>();

  private final PlaceOrder place;
  private final GetOrder get;
  private final ListOrders list;
  private final UpdateOrder update;
  private final DeleteOrder delete;
  private final StartOrderProcessing consumer;
  private final ProcessOrder process;
  private final EmailOutcome emailOutcome;

  // what happened, as the simulation saw it
  private final List<Known> known = new ArrayList<>();
  private final Map<OrderId, CustomerId> owners = new HashMap<>();
  private final Map<CustomerId, List<String>> tokens = new HashMap<>();
  private final Map<CustomerId, String> issuedPageTokens = new LinkedHashMap<>();
  private final Set<OrderId> accepted = new LinkedHashSet<>();
  private final Map<OrderId, Integer> deletedAt = new HashMap<>();
  private final Map<OrderId, Long> lastVersion = new HashMap<>();
  private final Map<OrderId, List<Charge>> charges = new HashMap<>();
  private final Map<OrderId, List<Published>> notifications = new HashMap<>();
  private final Set<OrderId> publishWindow = new HashSet<>();
  private final Map<OrderId, List<Emailed>> emails = new HashMap<>();
  private final Set<OrderId> emailWindow = new HashSet<>();
  /** Outcome notifications waiting on the mail queue (the outcome topic's subscription), oldest first. */
  private final List<String> outcomesToMail = new ArrayList<>();
  private final Map<OrderId, ProcessOrder.Execution> executions = new LinkedHashMap<>();
  private final List<ProcessOrder.Execution> running = new ArrayList<>();
  private final List<SimulatedAdapters.Delivery> held = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();
  private final Set<CustomerId> touched = new LinkedHashSet<>();
  private Invariant firstViolated;
  private long submitted;
  private int action;
  private int nextToken;

  private final Set<OrderId> chargedButFailedAfterRetries = new HashSet<>();

  /** Counts for the report. */
  long duplicateNotificationsInWindow;
  long duplicateEmailsInWindow;
  long emailsSent;
  long timeouts;

  World(SimulatedAdapters adapters, String namespace, int customerCount, long seed, Bugs bugs) {
    this.adapters = adapters;
    this.bugs = bugs;
    this.clock = adapters.clock();
    this.oracle = adapters.repository();
    for (int i = 0; i < customerCount; i++) {
      CustomerId customer = CustomerId.of(namespace + "-c" + i);
      customers.add(customer);
      if (i % 5 != 4) { // every fifth customer gave no address
        addresses.put(customer, EmailAddress.of("c" + i + "." + namespace + "@example.com"));
      }
    }
    OrderRepository repository = new FaultyRepository(adapters.repository());
    PaymentGateway payments = new RecordingPayments(new SimulatedPaymentGateway(seed, 0.7));
    OrderNotifier notifier = new RecordingNotifier(adapters.notifier());
    OrderQueue queue = new CountingQueue(adapters.queue().port());
    this.emailOutcome = new EmailOutcome(repository, new RecordingMailer(adapters.mailer()), clock);
    this.process = new ProcessOrder(new InitializeOrder(repository), new DecidePayment(repository, payments, clock),
        new CompleteOrder(repository, notifier, clock), new FailOrder(repository, notifier, clock));
    this.place = new PlaceOrder(queue, repository, OrderIdGenerator.timeOrdered(clock, new Random(seed)), clock);
    this.get = new GetOrder(repository);
    this.list = new ListOrders(repository);
    this.update = new UpdateOrder(repository, clock);
    this.delete = new DeleteOrder(repository);
    this.consumer = new StartOrderProcessing(new SteppedWorkflow());
  }

  // ------------------------------------------------------------------ actions

  /** Runs one action, then checks the invariants over the customers it touched. */
  void perform(Action next, int index) {
    action = index;
    touched.clear();
    if (next instanceof Action.Post a) {
      post(a);
    } else if (next instanceof Action.Update a) {
      update(a);
    } else if (next instanceof Action.Delete a) {
      delete(a);
    } else if (next instanceof Action.Get a) {
      get(a);
    } else if (next instanceof Action.ListOrders a) {
      list(a);
    } else if (next instanceof Action.Receive) {
      adapters.queue().receive().ifPresent(held::add);
    } else if (next instanceof Action.Process a) {
      process(a);
    } else if (next instanceof Action.Mail a) {
      mail(a);
    } else if (next instanceof Action.ExpireVisibility) {
      expire();
    } else if (next instanceof Action.Step a) {
      step(a);
    } else if (next instanceof Action.Fault a) {
      faults.arm(a.operation(), a.afterEffect());
    }
    raiseRecorded();
    for (CustomerId customer : List.copyOf(touched)) {
      checkCustomer(customer);
    }
  }

  private void post(Action.Post a) {
    CustomerId actor = customers.get(a.actor());
    touched.add(actor);
    String token = switch (a.token()) {
      case NONE -> null;
      case FRESH -> "t" + nextToken++;
      case REPEAT -> {
        List<String> mine = tokens.getOrDefault(actor, List.of());
        yield mine.isEmpty() ? "t" + nextToken++ : mine.get(a.pick() % mine.size());
      }
    };
    boolean valid = a.input() == Action.Input.VALID;
    Snapshot before = valid ? null : snapshot(actor);
    try {
      PlaceOrderCommand command = new PlaceOrderCommand(actor, details(a),
          a.input() == Action.Input.BAD_TOKEN ? "bad token!" : token, addresses.get(actor));
      if (token != null) {
        tokens.computeIfAbsent(actor, c -> new ArrayList<>()).add(token);
      }
      Order placed = place.place(command);
      I7.check(valid, "postOrder with %s was accepted", a.input());
      I5.check(placed.customer().equals(actor), "postOrder by %s returned %s's order", actor, placed.customer());
      I2.check(!deletedAt.containsKey(placed.id()),
          "postOrder accepted order %s although it was deleted (it would never be processed)", placed.id());
      remember(placed.id(), actor);
      accepted.add(placed.id());
    } catch (InvalidRequestException refused) {
      I7.check(!valid, "a valid postOrder was refused: %s", refused.getMessage());
      I7.check(before.equals(snapshot(actor)), "a refused postOrder (%s) changed %s", a.input(), before.diff(snapshot(actor)));
    } catch (LimitExceededException refused) {
      long pending = all(actor).stream().filter(Order::isPending).count();
      I7.check(pending >= PlaceOrder.MAX_PENDING_ORDERS, "postOrder refused with %d orders pending", pending);
    } catch (OrderDeletedException refused) {
      OrderId id = OrderId.fromClientToken(actor, token);
      I1.check(oracle.isDeleted(actor, id), "postOrder refused token %s, whose order %s was not deleted", token, id);
    } catch (TransientFailureException clientMayRetry) {
      // the request may or may not have been queued; the client retries with its token, or gives up
    }
  }

  private static OrderDetails details(Action.Post a) {
    return switch (a.input()) {
      case BLANK_NAME -> new OrderDetails("  ", a.quantity(), "r1");
      case LONG_NAME -> new OrderDetails("n".repeat(OrderDetails.MAX_NAME_LENGTH + 1), a.quantity(), "r1");
      case CONTROL_CHARACTER -> new OrderDetails("Pizza\u0007", a.quantity(), "r1");
      case ZERO_QUANTITY -> new OrderDetails("Pizza", 0, "r1");
      case HUGE_QUANTITY -> new OrderDetails("Pizza", OrderDetails.MAX_QUANTITY + 1, "r1");
      case LONG_RESTAURANT -> new OrderDetails("Pizza", a.quantity(), "r".repeat(OrderDetails.MAX_RESTAURANT_ID_LENGTH + 1));
      case VALID, BAD_TOKEN -> new OrderDetails("Dish " + a.pick() % 7, a.quantity(), "r" + a.pick() % 3);
    };
  }

  private void update(Action.Update a) {
    if (known.isEmpty()) {
      return;
    }
    Known target = known.get(a.pick() % known.size());
    CustomerId actor = a.byOwner() ? target.owner() : customers.get(a.actor());
    touched.add(actor);
    touched.add(target.owner());
    Optional<Order> before = oracle.find(actor, target.id());
    Long expected = switch (a.expect()) {
      case NONE -> null;
      case CURRENT -> before.map(Order::version).orElse(1L);
      case STALE -> before.map(o -> o.version() > 1 ? o.version() - 1 : o.version() + 1).orElse(2L);
      case INVALID -> 0L;
    };
    boolean valid = a.expect() != Action.Expect.INVALID
        && a.change() != Action.Change.INVALID_QUANTITY && a.change() != Action.Change.NOTHING;
    Snapshot snapshot = valid ? null : snapshot(target.owner());
    try {
      DetailsChange change = switch (a.change()) {
        case QUANTITY -> new DetailsChange(null, a.quantity(), null);
        case NAME -> new DetailsChange("Renamed " + a.quantity(), null, null);
        case INVALID_QUANTITY -> new DetailsChange(null, 0, null);
        case NOTHING -> new DetailsChange(null, null, null);
      };
      Order updated = update.update(new UpdateOrderCommand(actor, target.id(), change, expected));
      I7.check(valid, "an invalid update (%s, %s) was applied", a.change(), a.expect());
      I5.check(actor.equals(target.owner()) && before.isPresent(), "%s updated %s's order %s", actor, target.owner(), target.id());
      I6.check(updated.version() == before.get().version() + 1, "update of %s from version %d gave version %d",
          target.id(), before.get().version(), updated.version());
      I6.check(expected == null || expected == before.get().version(),
          "update of %s expecting version %d overwrote version %d", target.id(), expected, before.get().version());
      I3.check(!(before.get().isPending() && before.get().paymentStarted()),
          "order %s changed while its payment was being decided", target.id());
      I3.check(before.get().status() != OrderStatus.SUCCESS, "order %s changed after it succeeded", target.id());
    } catch (InvalidRequestException refused) {
      I7.check(!valid, "a valid update was refused: %s", refused.getMessage());
      I7.check(snapshot.equals(snapshot(target.owner())), "a refused update changed %s", snapshot.diff(snapshot(target.owner())));
    } catch (OrderNotFoundException | VersionConflictException | OrderNotModifiableException | TransientFailureException expectedOutcome) {
      // typed outcomes the client handles; the invariants below say whether anything changed wrongly
    }
  }

  private void delete(Action.Delete a) {
    if (known.isEmpty()) {
      return;
    }
    Known target = known.get(a.pick() % known.size());
    CustomerId actor = a.byOwner() ? target.owner() : customers.get(a.actor());
    touched.add(actor);
    touched.add(target.owner());
    Optional<Order> ownersBefore = oracle.find(target.owner(), target.id());
    boolean confirmed = false;
    try {
      Optional<Order> gone = delete.delete(actor, target.id());
      confirmed = true;
      if (!actor.equals(target.owner())) {
        I5.check(gone.isEmpty(), "%s deleted %s's order %s", actor, target.owner(), target.id());
      }
    } catch (TransientFailureException clientMayRetry) {
      // the deletion may or may not have happened
    }
    if (actor.equals(target.owner())) {
      if (confirmed || oracle.isDeleted(actor, target.id())) {
        deletedAt.putIfAbsent(target.id(), action);
      }
    } else {
      I5.check(oracle.find(target.owner(), target.id()).equals(ownersBefore),
          "%s's delete changed %s's order %s", actor, target.owner(), target.id());
    }
  }

  private void get(Action.Get a) {
    if (known.isEmpty()) {
      return;
    }
    Known target = known.get(a.pick() % known.size());
    CustomerId actor = a.byOwner() ? target.owner() : customers.get(a.actor());
    touched.add(actor);
    try {
      Order order = get.get(actor, target.id());
      I5.check(actor.equals(target.owner()) && order.customer().equals(actor), "%s read %s's order %s", actor, target.owner(), target.id());
      I2.check(!deletedAt.containsKey(target.id()), "deleted order %s was read", target.id());
    } catch (OrderNotFoundException | TransientFailureException expectedOutcome) {
      // not (yet) created, deleted, another's, or a fault
    }
  }

  private void list(Action.ListOrders a) {
    CustomerId actor = customers.get(a.actor());
    touched.add(actor);
    try {
      switch (a.paging()) {
        case ALL_PAGES -> {
          String token = null;
          int pages = 0;
          do {
            OrderPage page = list.list(ListOrdersQuery.of(actor, a.limit(), token));
            for (Order order : page.items()) {
              I5.check(order.customer().equals(actor), "%s's list holds %s's order %s", actor, order.customer(), order.id());
              I2.check(!deletedAt.containsKey(order.id()), "deleted order %s was listed", order.id());
            }
            token = page.nextToken();
            if (token != null) {
              issuedPageTokens.put(actor, token);
            }
          } while (token != null && ++pages < 100);
        }
        case OTHER_CUSTOMERS_TOKEN -> {
          Optional<Map.Entry<CustomerId, String>> other = issuedPageTokens.entrySet().stream()
              .filter(e -> !e.getKey().equals(actor)).findFirst();
          if (other.isPresent()) {
            try {
              list.list(ListOrdersQuery.of(actor, a.limit(), other.get().getValue()));
              I5.check(false, "%s listed with %s's page token", actor, other.get().getKey());
            } catch (InvalidRequestException refused) {
              // as it must be
            }
          }
        }
        case GARBAGE_TOKEN -> refusedWithoutChange(actor, () -> list.list(ListOrdersQuery.of(actor, a.limit(), "garbage")));
        case BAD_LIMIT -> refusedWithoutChange(actor, () -> list.list(ListOrdersQuery.of(actor, 101, null)));
      }
    } catch (TransientFailureException clientMayRetry) {
      // a fault
    }
  }

  private void refusedWithoutChange(CustomerId actor, Supplier<?> request) {
    Snapshot before = snapshot(actor);
    try {
      request.get();
      I7.check(false, "an invalid list request was answered");
    } catch (InvalidRequestException refused) {
      I7.check(before.equals(snapshot(actor)), "a refused list request changed %s", before.diff(snapshot(actor)));
    }
  }

  private void process(Action.Process a) {
    if (held.isEmpty()) {
      return;
    }
    SimulatedAdapters.Delivery delivery = held.remove(a.pick() % held.size());
    boolean failed = false;
    for (int copy = 0; copy < a.copies() && !failed; copy++) {
      try {
        consumer.start(delivery.body());
      } catch (TransientFailureException e) {
        failed = true; // the message stays in flight and is delivered again when its visibility expires
      }
    }
    if (!failed && a.acknowledge()) {
      adapters.queue().acknowledge(delivery);
    }
  }

  /** The mail consumer: one waiting outcome notification, handled {@code copies} times. */
  private void mail(Action.Mail a) {
    if (outcomesToMail.isEmpty()) {
      return;
    }
    int index = a.pick() % outcomesToMail.size();
    String notification = outcomesToMail.get(index);
    boolean failed = false;
    for (int copy = 0; copy < a.copies() && !failed; copy++) {
      try {
        emailOutcome.onNotification(notification);
      } catch (TransientFailureException e) {
        failed = true; // left on the queue: delivered again later (a claim holds it off until it expires)
      }
    }
    if (!failed && a.acknowledge()) {
      outcomesToMail.remove(index);
    }
  }

  private void expire() {
    adapters.queue().expireVisibility();
    held.clear();
  }

  private void step(Action.Step a) {
    if (running.isEmpty()) {
      return;
    }
    ProcessOrder.Execution execution = running.get(a.pick() % running.size());
    touched.add(execution.request().customer());
    advance(execution, a.invocation());
  }

  private void advance(ProcessOrder.Execution execution, Action.Invocation invocation) {
    execution.advance(new ProcessOrder.Invoker() {
      @Override
      public <T> T invoke(ProcessOrder.State state, Supplier<T> task) {
        switch (invocation) {
          case TIMEOUT_BEFORE_EFFECT -> {
            timeouts++;
            throw new ProcessOrder.TaskTimeout(ProcessOrder.STATES_TIMEOUT);
          }
          case TIMEOUT_AFTER_EFFECT -> {
            task.get();
            timeouts++;
            throw new ProcessOrder.TaskTimeout(ProcessOrder.LAMBDA_TIMEOUT);
          }
          default -> {
            return task.get();
          }
        }
      }
    });
    execution.caught().filter(c -> charges.containsKey(execution.request().id())).ifPresent(caught -> {
      I3.check(caught.afterRetries(), "order %s was charged, then %s failed with %s and was not retried",
          execution.request().id(), caught.state().stateName(), caught.error());
      chargedButFailedAfterRetries.add(execution.request().id());
    });
    if (!execution.isRunning()) {
      running.remove(execution);
      I1.check(execution.outcome() != ProcessOrder.Outcome.RUN_FAILED,
          "the run for order %s failed even in FailOrder: %s", execution.request().id(), execution.runError());
    }
  }

  /** Drains the pipeline with no more faults — every message delivered, every run finished — then checks everything. */
  void settle() {
    action = Integer.MAX_VALUE;
    faults.disarmAll();
    for (int round = 0; ; round++) {
      if (round > 1_000) {
        throw new IllegalStateException("the pipeline did not settle");
      }
      expire();
      boolean moved = false;
      for (Optional<SimulatedAdapters.Delivery> d = adapters.queue().receive(); d.isPresent(); d = adapters.queue().receive()) {
        held.add(d.get());
        process(new Action.Process(held.size() - 1, 1, true));
        moved = true;
      }
      while (!running.isEmpty()) {
        advance(running.get(0), Action.Invocation.NORMAL);
        moved = true;
      }
      raiseRecorded();
      if (!moved) {
        break;
      }
    }
    drainMail();
    for (CustomerId customer : customers) {
      checkCustomer(customer);
    }
    for (OrderId id : accepted) {
      if (deletedAt.containsKey(id)) {
        continue;
      }
      Optional<Order> order = oracle.find(owners.get(id), id);
      I1.check(order.isPresent(), "accepted order %s is lost", id);
      I1.check(order.get().status().isFinal(), "accepted order %s is stuck %s", id, order.get().status());
    }
    for (CustomerId customer : customers) {
      for (Order order : all(customer)) {
        if (!order.status().isFinal()) {
          continue;
        }
        List<Published> sent = notifications.getOrDefault(order.id(), List.of());
        I4.check(!sent.isEmpty(), "final order %s (%s) was never notified", order.id(), order.status());
        I4.check(sent.get(sent.size() - 1).order().status() == order.status(),
            "order %s is %s but was notified %s", order.id(), order.status(), sent.get(sent.size() - 1).order().status());
        if (sent.size() > 1) {
          duplicateNotificationsInWindow++;
        }
        List<Emailed> mailed = emails.getOrDefault(order.id(), List.of());
        if (addresses.containsKey(customer)) {
          I8.check(!mailed.isEmpty(), "final order %s (%s) of %s was never emailed", order.id(), order.status(), customer);
          I8.check(order.email().isEmpty(), "order %s still keeps its address after its email was sent", order.id());
          if (mailed.size() > 1) {
            duplicateEmailsInWindow++;
          }
        }
        I3.check(order.status() == OrderStatus.SUCCESS || !charges.containsKey(order.id())
                || chargedButFailedAfterRetries.contains(order.id()),
            "order %s was charged but ended %s (%s)", order.id(), order.status(), order.failureReason());
      }
    }
  }

  /** Every waiting outcome notification delivered three times, until none waits (claims expire as time passes). */
  private void drainMail() {
    for (int round = 0; !outcomesToMail.isEmpty(); round++) {
      if (round > 100) {
        throw new IllegalStateException("the mail queue did not drain");
      }
      for (String notification : List.copyOf(outcomesToMail)) {
        outcomesToMail.remove(notification);
        for (int copy = 0; copy < 3; copy++) {
          try {
            emailOutcome.onNotification(notification);
          } catch (TransientFailureException e) {
            outcomesToMail.add(notification);
            break;
          }
        }
      }
      raiseRecorded();
      adapters.queue().expireVisibility(); // time passes, as between redeliveries
    }
  }

  // ------------------------------------------------------------------ checks

  private void checkCustomer(CustomerId customer) {
    for (Order order : all(customer)) {
      I5.check(order.customer().equals(customer), "%s's partition holds %s's order %s", customer, order.customer(), order.id());
      I2.check(!deletedAt.containsKey(order.id()), "deleted order %s reappeared as %s", order.id(), order.status());
      Long seen = lastVersion.put(order.id(), order.version());
      I6.check(seen == null || seen <= order.version(), "order %s went from version %d back to %d", order.id(), seen, order.version());
      if (order.status() == OrderStatus.SUCCESS) {
        List<Charge> paid = charges.getOrDefault(order.id(), List.of());
        I3.check(!paid.isEmpty(), "order %s succeeded without an approved payment", order.id());
        Charge charge = paid.get(0);
        I3.check(charge.key().equals(order.paymentKey()) && charge.order().details().equals(order.details()),
            "order %s succeeded with %s at version %d but was paid for with %s under key %s", order.id(), order.details(),
            order.paymentVersion(), charge.order().details(), charge.key());
      }
    }
  }

  private void raiseRecorded() {
    if (!violations.isEmpty()) {
      throw new Invariant.Violation(firstViolated, violations.get(0).substring(3));
    }
  }

  private void record(Invariant invariant, String detail, Object... args) {
    if (violations.isEmpty()) {
      firstViolated = invariant;
    }
    violations.add(invariant + " " + String.format(detail, args));
  }

  private List<Order> all(CustomerId customer) {
    List<Order> orders = new ArrayList<>();
    String token = null;
    do {
      OrderPage page = oracle.list(customer, ListOrdersQuery.MAX_LIMIT, token);
      orders.addAll(page.items());
      token = page.nextToken();
    } while (token != null);
    return orders;
  }

  /** What an invalid request must leave as it was: the customer's orders and every count of effects. */
  private record Snapshot(List<Order> orders, long submitted, int executions, int charges, int notifications,
      int emails) {
    String diff(Snapshot after) {
      return "from " + this + " to " + after;
    }
  }

  private Snapshot snapshot(CustomerId customer) {
    return new Snapshot(all(customer), submitted, executions.size(),
        charges.values().stream().mapToInt(List::size).sum(),
        notifications.values().stream().mapToInt(List::size).sum(),
        emails.values().stream().mapToInt(List::size).sum());
  }

  private void remember(OrderId id, CustomerId owner) {
    if (owners.putIfAbsent(id, owner) == null) {
      known.add(new Known(id, owner));
    }
  }

  private void faultFired(String operation, Object subject) {
    // the one window that may publish twice: the outcome went out, but recording that it did failed
    if (operation.equals("notifier.publish:after") && subject instanceof Order order) {
      publishWindow.add(order.id());
    }
    if (operation.startsWith("repository.markNotified") && subject instanceof OrderId id) {
      publishWindow.add(id);
    }
    // and its counterpart for emails: sent, but recording that it was failed
    if (operation.equals("mailer.send:after") && subject instanceof OrderId id) {
      emailWindow.add(id);
    }
    if (operation.startsWith("repository.markEmailed") && subject instanceof OrderId id) {
      emailWindow.add(id);
    }
  }

  @Override
  public void close() throws Exception {
    adapters.close();
  }

  int orders() {
    return accepted.size();
  }

  long chargedOrdersFailedAfterRetries() {
    return chargedButFailedAfterRetries.size();
  }

  long faultsFired() {
    return faults.fired();
  }

  // ------------------------------------------------------------------ decorated ports

  /** The workflow service: one execution per order id however often it is started, stepped by the sequence. */
  private final class SteppedWorkflow implements OrderWorkflow {
    @Override
    public boolean start(OrderRequest request) {
      return faults.call("workflow.start", request.id(), () -> {
        if (executions.containsKey(request.id())) {
          return false;
        }
        remember(request.id(), request.customer());
        ProcessOrder.Execution execution = process.start(request);
        executions.put(request.id(), execution);
        running.add(execution);
        return true;
      });
    }
  }

  private final class CountingQueue implements OrderQueue {
    private final OrderQueue queue;

    CountingQueue(OrderQueue queue) {
      this.queue = queue;
    }

    @Override
    public void submit(OrderRequest request) {
      faults.run("queue.submit", request.id(), () -> {
        queue.submit(request);
        submitted++;
      });
    }
  }

  /** The simulated gateway, idempotent by key (unless a planted bug says otherwise), recording every charge. */
  private final class RecordingPayments implements PaymentGateway {
    private final PaymentGateway decider;
    private final Map<String, PaymentDecision> decided = new HashMap<>();

    RecordingPayments(PaymentGateway decider) {
      this.decider = decider;
    }

    @Override
    public PaymentDecision decide(String idempotencyKey, Order order) {
      return faults.call("payment.decide", order.id(), () -> {
        PaymentDecision earlier = bugs.gatewayIgnoresIdempotencyKey() ? null : decided.get(idempotencyKey);
        if (earlier != null) {
          return earlier;
        }
        // decided by what is paid for, not by the key: ids carry the run's namespace, and a replay must decide alike
        PaymentDecision decision = decider.decide(order.details() + "@" + order.paymentVersion(), order);
        decided.put(idempotencyKey, decision);
        if (decision.approved()) {
          List<Charge> paid = charges.computeIfAbsent(order.id(), id -> new ArrayList<>());
          paid.add(new Charge(idempotencyKey, order, action));
          if (paid.size() > 1) {
            record(I3, "order %s was charged %d times (keys %s)", order.id(), paid.size(),
                paid.stream().map(Charge::key).toList());
          }
          if (deletedAt.containsKey(order.id())) {
            record(I2, "order %s was charged after its deletion", order.id());
          }
        }
        return decision;
      });
    }
  }

  private final class RecordingNotifier implements OrderNotifier {
    private final OrderNotifier notifier;

    RecordingNotifier(OrderNotifier notifier) {
      this.notifier = notifier;
    }

    @Override
    public void publish(Order order) {
      faults.run("notifier.publish", order, () -> {
        notifier.publish(order);
        outcomesToMail.add(OrderMessageFormat.encodeOutcome(order)); // the outcome topic's mail-queue subscription
        List<Published> sent = notifications.computeIfAbsent(order.id(), id -> new ArrayList<>());
        sent.add(new Published(order, action));
        if (deletedAt.containsKey(order.id())) {
          record(I2, "order %s was notified after its deletion", order.id());
        }
        if (sent.size() > 1 && !publishWindow.contains(order.id())) {
          record(I4, "order %s was notified %d times outside the publish/record window", order.id(), sent.size());
        }
      });
    }
  }

  /** Sends through the family's mailer and checks every email: the owner's address, once, never after deletion. */
  private final class RecordingMailer implements CustomerMailer {
    private final CustomerMailer mailer;

    RecordingMailer(CustomerMailer mailer) {
      this.mailer = mailer;
    }

    @Override
    public void send(EmailAddress to, OutcomeEmail email) {
      OrderId id = email.orderId();
      faults.run("mailer.send", id, () -> {
        mailer.send(to, email);
        emailsSent++;
        List<Emailed> sent = emails.computeIfAbsent(id, key -> new ArrayList<>());
        sent.add(new Emailed(to, email, action));
        CustomerId owner = owners.get(id);
        if (!to.equals(addresses.get(owner))) {
          record(I8, "order %s of %s was emailed to %s, not its owner's address %s", id, owner, to, addresses.get(owner));
        }
        if (deletedAt.containsKey(id)) {
          record(I2, "order %s was emailed after its deletion", id);
        }
        if (sent.size() > 1 && !emailWindow.contains(id)) {
          record(I8, "order %s was emailed %d times outside the send/record window", id, sent.size());
        }
      });
    }
  }

  private final class FaultyRepository implements OrderRepository {
    private final OrderRepository repository;

    FaultyRepository(OrderRepository repository) {
      this.repository = repository;
    }

    @Override
    public boolean createIfAbsent(Order order) {
      touched.add(order.customer());
      return faults.call("repository.createIfAbsent", order.id(), () -> repository.createIfAbsent(order));
    }

    @Override
    public Optional<Order> find(CustomerId customer, OrderId id) {
      touched.add(customer);
      return faults.call("repository.find", id, () -> repository.find(customer, id));
    }

    @Override
    public boolean isDeleted(CustomerId customer, OrderId id) {
      touched.add(customer);
      return faults.call("repository.isDeleted", id, () -> repository.isDeleted(customer, id));
    }

    @Override
    public int countPending(CustomerId customer, int upTo) {
      touched.add(customer);
      return faults.call("repository.countPending", null, () -> repository.countPending(customer, upTo));
    }

    @Override
    public Optional<Order> startPayment(CustomerId customer, OrderId id, Instant at) {
      touched.add(customer);
      return faults.call("repository.startPayment", id, () -> repository.startPayment(customer, id, at));
    }

    @Override
    public Optional<Order> transition(CustomerId customer, OrderId id, StatusChange change) {
      touched.add(customer);
      return faults.call("repository.transition", id, () -> repository.transition(customer, id, change));
    }

    @Override
    public void updateDetails(Order revised) {
      touched.add(revised.customer());
      faults.run("repository.updateDetails", revised.id(), () -> repository.updateDetails(revised));
    }

    @Override
    public void markNotified(CustomerId customer, OrderId id) {
      touched.add(customer);
      faults.run("repository.markNotified", id, () -> repository.markNotified(customer, id));
    }

    @Override
    public boolean claimEmail(CustomerId customer, OrderId id, Instant now, Instant until) {
      touched.add(customer);
      return faults.call("repository.claimEmail", id, () -> repository.claimEmail(customer, id, now, until));
    }

    @Override
    public void markEmailed(CustomerId customer, OrderId id) {
      touched.add(customer);
      if (bugs.emailRecordsNothing()) {
        faults.run("repository.markEmailed", id, () -> repository.find(customer, id)); // planted bug
        return;
      }
      faults.run("repository.markEmailed", id, () -> repository.markEmailed(customer, id));
    }

    @Override
    public Optional<Order> delete(CustomerId customer, OrderId id) {
      touched.add(customer);
      if (bugs.deleteDeletesNothing()) {
        return faults.call("repository.delete", id, () -> repository.find(customer, id)); // planted bug
      }
      return faults.call("repository.delete", id, () -> repository.delete(customer, id));
    }

    @Override
    public OrderPage list(CustomerId customer, int limit, String nextToken) {
      touched.add(customer);
      return faults.call("repository.list", null, () -> repository.list(customer, limit, nextToken));
    }
  }
}
