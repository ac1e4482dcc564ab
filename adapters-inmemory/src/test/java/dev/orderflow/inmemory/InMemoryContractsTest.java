package dev.orderflow.inmemory;

import dev.orderflow.core.contract.CustomerMailerContract;
import dev.orderflow.core.contract.OrderNotifierContract;
import dev.orderflow.core.contract.OrderQueueContract;
import dev.orderflow.core.contract.OrderRepositoryContract;
import dev.orderflow.core.contract.OrderWorkflowContract;
import dev.orderflow.core.contract.PaymentGatewayContract;
import dev.orderflow.core.contract.PublishedOutcome;
import dev.orderflow.core.domain.EmailAddress;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.port.CustomerMailer;
import dev.orderflow.core.port.OrderNotifier;
import dev.orderflow.core.port.OrderQueue;
import dev.orderflow.core.port.OrderRepository;
import dev.orderflow.core.port.OrderWorkflow;
import dev.orderflow.core.port.PaymentGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;

/** Every port contract suite, run against the in-memory adapters. */
class InMemoryContractsTest {

  @Nested
  class Repository extends OrderRepositoryContract {
    private final InMemoryOrderRepository repository = new InMemoryOrderRepository();

    @Override
    protected OrderRepository repository() {
      return repository;
    }
  }

  @Nested
  class Queue extends OrderQueueContract {
    private final InMemoryOrderQueue queue = InMemoryOrderQueue.builder().build();

    @Override
    protected OrderQueue queue() {
      return queue;
    }

    @Override
    protected List<String> receiveBodies(int expected, Duration wait) {
      List<String> bodies = new ArrayList<>();
      List<InMemoryOrderQueue.Received> batch;
      while (!(batch = queue.receive(10)).isEmpty()) {
        batch.forEach(m -> bodies.add(m.body()));
        queue.deleteAll(batch.stream().map(InMemoryOrderQueue.Received::receiptHandle).toList());
      }
      return bodies;
    }
  }

  @Nested
  class Workflow extends OrderWorkflowContract {
    private final InMemoryOrderflow flow = InMemoryOrderflow.builder().build();

    @Override
    protected OrderWorkflow workflow() {
      return flow.workflow();
    }

    @Override
    protected long runsStartedFor(OrderId id) {
      return flow.workflow().runsStartedFor(id);
    }
  }

  @Nested
  class Notifier extends OrderNotifierContract {
    private final InMemoryOrderNotifier notifier = new InMemoryOrderNotifier();

    @Override
    protected OrderNotifier notifier() {
      return notifier;
    }

    @Override
    protected List<PublishedOutcome> published(int expected, Duration wait) {
      return notifier.published().stream().map(Notifier::outcome).toList();
    }

    private static PublishedOutcome outcome(Order o) {
      return new PublishedOutcome(o.id().value(), o.customer().value(), o.status(), o.failureReason());
    }
  }

  @Nested
  class Mailer extends CustomerMailerContract {
    private final InMemoryCustomerMailer mailer = new InMemoryCustomerMailer();

    @Override
    protected CustomerMailer mailer() {
      return mailer;
    }

    @Override
    protected List<ReceivedEmail> receivedBy(EmailAddress address, int expected, Duration wait) {
      return mailer.sentTo(address).stream()
          .map(e -> new ReceivedEmail(address.value(), e.subject(), e.text(), e.html())).toList();
    }
  }

  @Nested
  class ScriptedPayments extends PaymentGatewayContract {
    private final ScriptedPaymentGateway gateway = ScriptedPaymentGateway.approving()
        .declineName("Margherita pizza", "payment method declined");

    @Override
    protected PaymentGateway gateway() {
      return gateway;
    }

    @Override
    protected int chargesFor(String idempotencyKey) {
      return (int) gateway.charges().stream().filter(c -> c.idempotencyKey().equals(idempotencyKey)).count();
    }
  }
}
