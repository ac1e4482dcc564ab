package dev.orderflow.core.port.offenders;

import dev.orderflow.core.application.GetOrder;

/** Breaks the ports-do-not-know-use-cases rule on purpose (test sources only), so the rule can be seen to fail. */
public class PortUsingAUseCase {
  public GetOrder useCase;
}
