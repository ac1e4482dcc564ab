package dev.orderflow.inmemory.bench;

import dev.orderflow.core.application.PlaceOrderCommand;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.domain.OrderStatus;
import dev.orderflow.inmemory.InMemoryOrderflow;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;

/**
 * End-to-end throughput of the in-memory pipeline: N orders placed → queue → consumer → workflow →
 * repository → notification, until every order is final with its notification. Not a unit test: run it
 * with the command in docs/benchmarks.md. Arguments: {@code [orders] [chunk] [warmupOrders]}.
 */
public final class PipelineBenchmark {
  private static final int CUSTOMERS = 1_000;

  public static void main(String[] args) {
    int orders = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int chunk = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;

    List<CustomerId> customers = new ArrayList<>(CUSTOMERS);
    for (int i = 0; i < CUSTOMERS; i++) {
      customers.add(CustomerId.of("customer-" + i));
    }
    List<OrderDetails> menu = List.of(new OrderDetails("Margherita", 1, "luigis"),
        new OrderDetails("Pad thai", 2, "bangkok-7"), new OrderDetails("Burrito", 3, "el-sol"));

    for (int round = 1; round <= 3; round++) {
      run("warm-up " + round, warmup, chunk, customers, menu);
    }
    System.gc();
    Result result = run("measured", orders, chunk, customers, menu);
    System.out.printf("%nRESULT orders=%d seconds=%.3f orders_per_second=%.0f heap_after_gc_mib=%.1f "
            + "peak_heap_mib=%.1f max_heap_mib=%.0f success=%d failed=%d notifications=%d gc_ms=%d%n",
        orders, result.seconds, orders / result.seconds, result.heapAfterGcMiB, result.peakHeapMiB,
        Runtime.getRuntime().maxMemory() / 1048576.0, result.success, result.failed, result.notifications,
        result.gcMillis);
  }

  private record Result(double seconds, double heapAfterGcMiB, double peakHeapMiB, long success, long failed,
      long notifications, long gcMillis) {}

  private static Result run(String label, int orders, int chunk, List<CustomerId> customers,
      List<OrderDetails> menu) {
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    long gcBefore = gcMillis();
    try (InMemoryOrderflow flow = InMemoryOrderflow.builder().build()) {
      long start = System.nanoTime();
      List<PlaceOrderCommand> batch = new ArrayList<>(chunk);
      for (int placed = 0; placed < orders; ) {
        batch.clear();
        for (int i = 0; i < chunk && placed < orders; i++, placed++) {
          batch.add(new PlaceOrderCommand(customers.get(placed % customers.size()), menu.get(placed % menu.size())));
        }
        flow.placeOrder().placeAll(batch);
        flow.runUntilQuiescent();
      }
      double seconds = (System.nanoTime() - start) / 1e9;

      long success = 0;
      long failed = 0;
      for (var order : flow.repository().all()) {
        if (order.status() == OrderStatus.SUCCESS) {
          success++;
        } else if (order.status() == OrderStatus.FAILED) {
          failed++;
        }
        if (!order.notified()) {
          throw new IllegalStateException("order " + order.id() + " was not notified");
        }
      }
      if (success + failed != orders || flow.notifier().count() != orders) {
        throw new IllegalStateException("expected " + orders + " final orders and notifications, got "
            + (success + failed) + " and " + flow.notifier().count());
      }
      double peak = peakHeapMiB();
      System.gc();
      double afterGc = usedHeapMiB();
      System.out.printf("%-10s %,10d orders in %6.3f s = %,9.0f orders/s; heap after GC %.0f MiB%n",
          label, orders, seconds, orders / seconds, afterGc);
      return new Result(seconds, afterGc, peak, success, failed, flow.notifier().count(), gcMillis() - gcBefore);
    }
  }

  private static double usedHeapMiB() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
  }

  private static double peakHeapMiB() {
    return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed()).sum() / 1048576.0;
  }

  private static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime)
        .sum();
  }
}
