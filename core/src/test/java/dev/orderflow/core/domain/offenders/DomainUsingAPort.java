package dev.orderflow.core.domain.offenders;

import dev.orderflow.core.port.OrderRepository;

/** Breaks the domain-is-innermost rule on purpose (test sources only), so the rule can be seen to fail. */
public class DomainUsingAPort {
  public OrderRepository repository;
}
