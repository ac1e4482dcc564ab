package dev.orderflow.lambda.testing;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.orderflow.core.application.CompleteOrder;
import dev.orderflow.core.application.DecidePayment;
import dev.orderflow.core.application.DeleteOrder;
import dev.orderflow.core.application.FailOrder;
import dev.orderflow.core.application.GetOrder;
import dev.orderflow.core.application.InitializeOrder;
import dev.orderflow.core.application.ListOrders;
import dev.orderflow.core.application.PlaceOrder;
import dev.orderflow.core.application.ProcessOrder;
import dev.orderflow.core.application.StartOrderProcessing;
import dev.orderflow.core.application.UpdateOrder;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.domain.PaymentDecision;
import dev.orderflow.core.port.OrderIdGenerator;
import dev.orderflow.core.port.OrderMessageFormat;
import dev.orderflow.lambda.appsync.CallerIdentity;
import dev.orderflow.lambda.appsync.GraphQLResolverHandler;
import dev.orderflow.lambda.sqs.OrderQueueHandler;
import dev.orderflow.lambda.steps.CompleteOrderHandler;
import dev.orderflow.lambda.steps.DecidePaymentHandler;
import dev.orderflow.lambda.steps.FailOrderHandler;
import dev.orderflow.inmemory.InMemoryOrderNotifier;
import dev.orderflow.inmemory.InMemoryOrderQueue;
import dev.orderflow.inmemory.InMemoryOrderRepository;
import dev.orderflow.inmemory.ScriptedPaymentGateway;
import dev.orderflow.lambda.steps.InitializeOrderHandler;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every handler over the in-memory ports, with a workflow that runs the step handlers the way the state
 * machine does (docs/workflow-contract.md): each payload and result goes through the Lambda runtime's JSON.
 */
public final class Pipeline {
  public final TickingClock clock = new TickingClock(Instant.parse("2026-01-01T12:00:00Z"));
  public final InMemoryOrderRepository repository = new InMemoryOrderRepository();
  public final InMemoryOrderQueue queue = InMemoryOrderQueue.builder().clock(clock).build();
  public final InMemoryOrderNotifier notifier = new InMemoryOrderNotifier();
  public final ScriptedPaymentGateway payments = ScriptedPaymentGateway.approving();
  public final InMemoryPorts.Workflow workflow = new InMemoryPorts.Workflow(this::runStateMachine);

  public final InitializeOrderHandler initializeOrder = new InitializeOrderHandler(new InitializeOrder(repository));
  public final DecidePaymentHandler decidePayment = new DecidePaymentHandler(new DecidePayment(repository, payments, clock));
  public final CompleteOrderHandler completeOrder = new CompleteOrderHandler(new CompleteOrder(repository, notifier, clock));
  public final FailOrderHandler failOrder = new FailOrderHandler(new FailOrder(repository, notifier, clock));
  public final OrderQueueHandler queueConsumer = new OrderQueueHandler(new StartOrderProcessing(workflow));

  public GraphQLResolverHandler resolver(CallerIdentity callers) {
    OrderIdGenerator ids = OrderIdGenerator.timeOrdered(clock, new Random(7));
    return new GraphQLResolverHandler(new PlaceOrder(queue, repository, ids, clock), new GetOrder(repository),
        new ListOrders(repository), new UpdateOrder(repository, clock), new DeleteOrder(repository), callers);
  }

  /** Delivers the queued messages to the queue consumer in batches, deleting what it did not report failed. */
  public void drainQueue() {
    for (List<InMemoryOrderQueue.Received> batch = queue.receive(10); !batch.isEmpty(); batch = queue.receive(10)) {
      SQSBatchResponse response = queueConsumer.handleRequest(Events.sqs(batch.stream()
          .map(m -> new Events.Message(m.messageId(), m.body())).toList()), null);
      Set<String> failed = response.getBatchItemFailures().stream()
          .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).collect(Collectors.toSet());
      batch.stream().filter(m -> !failed.contains(m.messageId())).forEach(m -> queue.delete(m.receiptHandle()));
    }
  }

  /** Declines this order's payment with the reason. */
  public void decline(String orderId, String reason) {
    payments.decide(OrderId.of(orderId), PaymentDecision.decline(reason));
  }

  /** The state machine of the contract, without retries; returns the final state (a cancelled run has no result). */
  public Map<String, Object> runStateMachine(OrderRequest request) {
    Map<String, Object> state = LambdaJson.map(OrderMessageFormat.encode(request));
    Map<String, Object> key = new LinkedHashMap<>();
    key.put("orderId", state.get("orderId"));
    key.put("customer", state.get("customer"));
    try {
      Map<String, Object> initialized =
          LambdaJson.roundTrip(initializeOrder.handleRequest(LambdaJson.roundTrip(state), null));
      state.put("initialized", initialized);
      if (ProcessOrder.DELETED.equals(initialized.get("status"))) {
        return state;
      }
      Map<String, Object> payment = LambdaJson.roundTrip(decidePayment.handleRequest(LambdaJson.roundTrip(key), null));
      state.put("payment", payment);
      if (Boolean.TRUE.equals(payment.get("approved"))) {
        state.put("result", LambdaJson.roundTrip(completeOrder.handleRequest(LambdaJson.roundTrip(key), null)));
        return state;
      }
      if (Boolean.TRUE.equals(payment.get("deleted"))) {
        return state;
      }
    } catch (RuntimeException e) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("Error", e.getClass().getName());
      error.put("Cause", String.valueOf(e.getMessage()));
      state.put("error", error);
    }
    state.put("result", LambdaJson.roundTrip(failOrder.handleRequest(LambdaJson.roundTrip(state), null)));
    return state;
  }
}
