package dev.orderflow.lambda.wiring;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Which threads built a DynamoDB or SNS client: the SDK instantiates the interceptors named in
 * {@code software/amazon/awssdk/services/<service>/execution.interceptors} (test resources) each time it
 * builds a client of that service, on the building thread. It intercepts nothing; it only records.
 */
public final class BuildThreads implements ExecutionInterceptor {
  private static final List<Thread> BUILT_ON = new CopyOnWriteArrayList<>();

  public BuildThreads() {
    BUILT_ON.add(Thread.currentThread());
  }

  /** The threads that built a client so far, in order (also other tests' builds: filter by thread). */
  static List<Thread> all() {
    return List.copyOf(BUILT_ON);
  }

  /** How many clients {@code thread} built so far. */
  static long by(Thread thread) {
    return BUILT_ON.stream().filter(t -> t == thread).count();
  }
}
