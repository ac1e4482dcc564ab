package dev.orderflow.lambda.wiring;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a function builds once per Lambda container — its injector, primed for SnapStart — held by the
 * handler's lazily initialised holder class. A failure to build it (a missing environment variable, say) is
 * kept and rethrown, as itself, to every caller: the Lambda runtime then reports the cause as the init error
 * ({@code IllegalStateException: missing environment variable: ORDERS_TABLE}) instead of an
 * {@code ExceptionInInitializerError} without a message, which is what a throwing static initialiser gives.
 */
public final class OncePerContainer<T> {
  private final T value;
  private final RuntimeException failure;

  private OncePerContainer(T value, RuntimeException failure) {
    this.value = value;
    this.failure = failure;
  }

  /** Runs {@code builder} now, keeping its result or its failure. */
  public static <T> OncePerContainer<T> build(Supplier<T> builder) {
    try {
      return new OncePerContainer<>(Objects.requireNonNull(builder.get(), "built nothing"), null);
    } catch (RuntimeException e) {
      return new OncePerContainer<>(null, e);
    }
  }

  /**
   * @return what was built
   * @throws RuntimeException the failure of the build, the same exception every time
   */
  public T get() {
    if (failure != null) {
      throw failure;
    }
    return value;
  }
}
