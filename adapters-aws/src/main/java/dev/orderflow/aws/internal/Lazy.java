package dev.orderflow.aws.internal;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Not API (shared between the modules): a value built on first use, once, thread-safely. Adapters hold their SDK client through one, so an
 * injector (or a Lambda's init phase) that builds an adapter it never calls never builds its client.
 */
public final class Lazy<T> implements Supplier<T> {
  private final Supplier<? extends T> factory;
  private volatile T value;

  private Lazy(Supplier<? extends T> factory) {
    this.factory = factory;
  }

  public static <T> Lazy<T> of(Supplier<? extends T> factory) {
    return new Lazy<>(Objects.requireNonNull(factory, "factory"));
  }

  /** An already built value, e.g. a client a test made. */
  public static <T> Lazy<T> ready(T value) {
    Lazy<T> lazy = new Lazy<>(() -> value);
    lazy.value = Objects.requireNonNull(value, "value");
    return lazy;
  }

  @Override
  public T get() {
    T result = value;
    if (result == null) {
      synchronized (this) {
        result = value;
        if (result == null) {
          result = Objects.requireNonNull(factory.get(), "factory returned null");
          value = result;
        }
      }
    }
    return result;
  }

  /** Whether the value has been built. */
  public boolean isBuilt() {
    return value != null;
  }
}
