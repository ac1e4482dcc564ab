package dev.orderflow.lambda.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.orderflow.aws.internal.Lazy;
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
    // OrderIdGenerator.timeOrdered(), created (and seeded) on the first id
    Lazy<OrderIdGenerator> generator = Lazy.of(OrderIdGenerator::timeOrdered);
    return () -> generator.get().next();
  }

  @Provides
  @Singleton
  PaymentGateway paymentGateway() {
    return new SimulatedPaymentGateway(settings.paymentSeed(), settings.paymentApprovalRate());
  }
}
