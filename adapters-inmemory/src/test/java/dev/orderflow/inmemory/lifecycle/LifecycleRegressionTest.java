package dev.orderflow.inmemory.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.core.application.PlaceOrderCommand;
import dev.orderflow.core.application.ProcessOrder;
import dev.orderflow.core.application.UpdateOrderCommand;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.DetailsChange;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderDeletedException;
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.domain.OrderNotModifiableException;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.domain.OrderStatus;
import dev.orderflow.core.port.OrderMessageFormat;
import dev.orderflow.inmemory.InMemoryOrderflow;
import dev.orderflow.inmemory.ScriptedPaymentGateway;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The three sequences that broke the lifecycle before it became one state machine with cancellation. */
class LifecycleRegressionTest {
  private final CustomerId alice = CustomerId.of("alice");
  private final ScriptedPaymentGateway payments = ScriptedPaymentGateway.approving();

  @Test
  void aClientTokenReusedAfterItsOrderWasDeletedIsRefusedInsteadOfAcceptedAndLost() {
    try (InMemoryOrderflow flow = InMemoryOrderflow.builder().payments(payments).build()) {
      PlaceOrderCommand command = new PlaceOrderCommand(alice, new OrderDetails("Pizza", 1, "luigis"), "token-1");
      Order placed = flow.placeOrder().place(command);
      flow.runUntilQuiescent();
      flow.deleteOrder().delete(alice, placed.id());

      assertThatThrownBy(() -> flow.placeOrder().place(command))
          .isInstanceOfSatisfying(OrderDeletedException.class, e -> {
            assertThat(e.errorType()).isEqualTo("OrderDeleted");
            assertThat(e.getMessage()).contains("clientToken");
          });
      assertThat(flow.queue().pending()).isZero();
      flow.runUntilQuiescent();
      assertThat(flow.repository().find(alice, placed.id())).isEmpty();
    }
  }

  @Test
  void anOrderDeletedWhileItsRequestWaitsInTheQueueIsNeverCreatedAndItsTokenIsRefused() {
    try (InMemoryOrderflow flow = InMemoryOrderflow.builder().payments(payments).build()) {
      PlaceOrderCommand command = new PlaceOrderCommand(alice, new OrderDetails("Pizza", 1, "luigis"), "token-2");
      Order placed = flow.placeOrder().place(command);

      assertThat(flow.deleteOrder().delete(alice, placed.id())).isEmpty();
      assertThatThrownBy(() -> flow.placeOrder().place(command)).isInstanceOf(OrderDeletedException.class);
      flow.runUntilQuiescent();

      assertThat(flow.repository().find(alice, placed.id())).isEmpty();
      assertThat(flow.listOrders().list(dev.orderflow.core.application.ListOrdersQuery.of(alice, null, null)).items())
          .isEmpty();
      assertThat(payments.charges()).isEmpty();
      assertThat(flow.notifier().publishedFor(placed.id())).isEmpty();
      assertThat(flow.workflow().failedRuns()).isEmpty();
    }
  }

  @Test
  void anUpdateBetweenDecidePaymentAndCompleteOrderIsRefusedAndTheOrderCompletesAsPaidFor() {
    try (InMemoryOrderflow flow = InMemoryOrderflow.builder().payments(payments).build()) {
      ProcessOrder.Execution run = flow.processOrder().start(placedAndReceived(flow, 1));
      run.advance(); // InitializeOrder
      run.advance(); // DecidePayment: approved for quantity 1
      assertThat(run.state()).isEqualTo(ProcessOrder.State.COMPLETE_ORDER);

      assertThatThrownBy(() -> flow.updateOrder().update(new UpdateOrderCommand(alice, run.request().id(),
          new DetailsChange(null, 1000, null), null)))
          .isInstanceOfSatisfying(OrderNotModifiableException.class,
              e -> assertThat(e.errorType()).isEqualTo("InvalidStateError"));
      run.advance(); // CompleteOrder

      Order done = flow.getOrder().get(alice, run.request().id());
      assertThat(done.status()).isEqualTo(OrderStatus.SUCCESS);
      assertThat(done.details().quantity()).isEqualTo(1);
      assertThat(payments.charges()).singleElement()
          .satisfies(charge -> assertThat(charge.order().details()).isEqualTo(done.details()));
    }
  }

  @Test
  void aStepThatTimesOutAfterItsEffectIsRetriedAndAnApprovedOrderSucceedsChargedOnce() {
    for (String timeout : new String[] {ProcessOrder.LAMBDA_TIMEOUT, ProcessOrder.STATES_TIMEOUT}) {
      for (ProcessOrder.State slow : new ProcessOrder.State[] {
          ProcessOrder.State.INITIALIZE_ORDER, ProcessOrder.State.DECIDE_PAYMENT, ProcessOrder.State.COMPLETE_ORDER}) {
        ScriptedPaymentGateway gateway = ScriptedPaymentGateway.approving();
        try (InMemoryOrderflow flow = InMemoryOrderflow.builder().payments(gateway).build()) {
          ProcessOrder.Execution run = flow.processOrder().start(placedAndReceived(flow, 2));
          boolean[] timedOut = {false};
          ProcessOrder.Invoker afterEffect = new ProcessOrder.Invoker() {
            @Override
            public <T> T invoke(ProcessOrder.State state, Supplier<T> task) {
              T result = task.get();
              if (state == slow && !timedOut[0]) {
                timedOut[0] = true;
                throw new ProcessOrder.TaskTimeout(timeout);
              }
              return result;
            }
          };
          while (run.isRunning()) {
            run.advance(afterEffect);
          }

          Order done = flow.getOrder().get(alice, run.request().id());
          assertThat(done.status()).as("%s timing out in %s", timeout, slow).isEqualTo(OrderStatus.SUCCESS);
          assertThat(gateway.charges()).hasSize(1);
          assertThat(flow.notifier().publishedFor(done.id())).hasSize(1);
        }
      }
    }
  }

  private OrderRequest placedAndReceived(InMemoryOrderflow flow, int quantity) {
    flow.placeOrder().place(new PlaceOrderCommand(alice, new OrderDetails("Pizza", quantity, "luigis")));
    return OrderMessageFormat.decode(flow.queue().receive(1).get(0).body());
  }
}
