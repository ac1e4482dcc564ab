package dev.orderflow.lambda.testing;

import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.port.OrderWorkflow;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;


/**
 * The one port the shared in-memory adapters cannot play here: a workflow that runs this module's step
 * handlers (the in-memory module's workflow runs the core's steps directly).
 */
public final class InMemoryPorts {
  private InMemoryPorts() {}

  /**
   * Idempotent by order id like Step Functions with the order id as execution name: the first start of an
   * order runs {@code run} (e.g. the step handlers), later starts return {@code false}.
   */
  public static final class Workflow implements OrderWorkflow {
    public final Map<String, Integer> runs = new ConcurrentHashMap<>();
    public final List<OrderRequest> starts = new CopyOnWriteArrayList<>();
    private final Consumer<OrderRequest> run;

    public Workflow() {
      this(request -> { });
    }

    public Workflow(Consumer<OrderRequest> run) {
      this.run = run;
    }

    @Override
    public boolean start(OrderRequest request) {
      starts.add(request);
      boolean first = runs.merge(request.id().value(), 1, Integer::sum) == 1;
      if (first) {
        run.accept(request);
      }
      return first;
    }
  }

}
