package dev.orderflow.lambda.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.payment.SimulatedPaymentGateway;
import dev.orderflow.core.port.OrderIdGenerator;
import dev.orderflow.core.port.PaymentGateway;
import java.time.Clock;
import java.util.Objects;

/**
 * What the handlers need besides the adapters: the clock, ids and the payment gateway. Side-effect free;
 * the id generator seeds its random source on first use, so a SnapStart snapshot holds no random state
 * that every restored container would share.
 */
public final class HandlerModule extends AbstractModule {
  private final HandlerSettings settings;

  public HandlerModule(HandlerSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  @Provides
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Provides
  @Singleton
  OrderIdGenerator orderIds() {
    return new SeededOnFirstUse();
  }

  @Provides
  @Singleton
  PaymentGateway paymentGateway() {
    return new SimulatedPaymentGateway(settings.paymentSeed(), settings.paymentApprovalRate());
  }

  /** {@link OrderIdGenerator#timeOrdered()}, created on the first id. */
  private static final class SeededOnFirstUse implements OrderIdGenerator {
    private volatile OrderIdGenerator delegate;

    @Override
    public OrderId next() {
      OrderIdGenerator generator = delegate;
      if (generator == null) {
        synchronized (this) {
          generator = delegate;
          if (generator == null) {
            generator = OrderIdGenerator.timeOrdered();
            delegate = generator;
          }
        }
      }
      return generator.next();
    }
  }
}
