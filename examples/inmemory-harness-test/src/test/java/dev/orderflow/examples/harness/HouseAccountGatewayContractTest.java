package dev.orderflow.examples.harness;

import dev.orderflow.core.contract.PaymentGatewayContract;
import dev.orderflow.core.port.PaymentGateway;

/**
 * Our gateway against the core's {@code PaymentGateway} contract suite (from {@code orderflow-core}'s test-jar):
 * passing it means behaving like the gateways shipped with orderflow.
 */
class HouseAccountGatewayContractTest extends PaymentGatewayContract {
  private final HouseAccountGateway gateway = new HouseAccountGateway(3);

  @Override
  protected PaymentGateway gateway() {
    return gateway;
  }

  @Override
  protected int chargesFor(String idempotencyKey) {
    return gateway.chargesFor(idempotencyKey);
  }
}
