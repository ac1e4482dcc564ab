package dev.orderflow.core.architecture.offenders;

/** Breaks the no-Guice rule on purpose (test sources only), so the rule can be seen to fail. */
public class UsesGuice {
  public Object injector() {
    return com.google.inject.Guice.createInjector();
  }
}
