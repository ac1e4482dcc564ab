package dev.orderflow.aws.bench;

import dev.orderflow.aws.LocalAws;
import dev.orderflow.aws.sqs.SqsOrderConsumer;
import dev.orderflow.aws.sqs.SqsOrderQueue;
import dev.orderflow.core.application.StartOrderProcessing;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.port.OrderWorkflow;
import dev.orderflow.testing.servers.ElasticMq;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Not a test: drains N order messages from ElasticMQ with the JVM consumer, batched (10 per receive +
 * DeleteMessageBatch) and one at a time (1 per receive + DeleteMessage), in the same run, and prints the
 * throughput of each and their ratio. The workflow is a no-op, so the numbers are the consumer's SQS I/O
 * plus message decoding.
 *
 * <pre>{@code
 * cd adapters-aws && mvn -q test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.orderflow.aws.bench.ConsumerDrainBenchmark -Dexec.args="5000 1"
 * }</pre>
 * Arguments: messages (default 5000), worker threads (default 1).
 */
public final class ConsumerDrainBenchmark {
  private ConsumerDrainBenchmark() {}

  public static void main(String[] args) {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int workers = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    try (ElasticMq elasticMq = ElasticMq.start(); SqsClient sqs = LocalAws.clients(elasticMq.endpoint()).sqs()) {
      // Warm-up: JIT, connections, ElasticMQ's actors.
      drain(sqs, 500, 10, workers);
      drain(sqs, 200, 1, workers);

      Result batched = drain(sqs, messages, 10, workers);
      Result single = drain(sqs, messages, 1, workers);

      System.out.printf("machine: %d cores, %s %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
          System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));
      System.out.printf("messages: %d, worker threads: %d%n", messages, workers);
      System.out.println("| mode | receives | drained | seconds | messages/s |");
      System.out.println("|---|---|---|---|---|");
      print("batched (10/receive + DeleteMessageBatch)", batched);
      print("one at a time (1/receive + DeleteMessage)", single);
      System.out.printf("ratio batched / one at a time: %.1fx%n", batched.perSecond() / single.perSecond());
    }
  }

  private record Result(long receives, long drained, Duration elapsed) {
    double perSecond() {
      return drained / (elapsed.toNanos() / 1e9);
    }
  }

  private static void print(String mode, Result r) {
    System.out.printf("| %s | %d | %d | %.2f | %.0f |%n", mode, r.receives(), r.drained(),
        r.elapsed().toNanos() / 1e9, r.perSecond());
  }

  private static Result drain(SqsClient sqs, int messages, int perReceive, int workers) {
    String queueUrl = LocalAws.createQueue(sqs, LocalAws.uniqueName("bench"));
    List<OrderRequest> requests = new ArrayList<>(messages);
    Instant now = Instant.now();
    for (int i = 0; i < messages; i++) {
      requests.add(new OrderRequest(OrderId.of("bench-" + i), CustomerId.of("customer-" + (i % 50)),
          new OrderDetails("dish " + i, 1 + i % 5, "restaurant-" + (i % 7)), now));
    }
    new SqsOrderQueue(sqs, queueUrl).submitAll(requests);

    AtomicLong started = new AtomicLong();
    OrderWorkflow noop = request -> {
      started.incrementAndGet();
      return true;
    };
    SqsOrderConsumer consumer = new SqsOrderConsumer(sqs, queueUrl, new StartOrderProcessing(noop),
        new SqsOrderConsumer.Options(workers, perReceive, 1, Duration.ofMillis(100)));
    AtomicLong receives = new AtomicLong();
    AtomicLong deleted = new AtomicLong();
    long start = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      Thread t = new Thread(() -> {
        int empty = 0;
        while (deleted.get() < messages && empty < 3) {
          SqsOrderConsumer.PollResult poll = consumer.pollOnce();
          receives.incrementAndGet();
          deleted.addAndGet(poll.deleted());
          empty = poll.received() == 0 ? empty + 1 : 0;
        }
      });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    sqs.deleteQueue(b -> b.queueUrl(queueUrl));
    if (deleted.get() != messages || started.get() < messages) {
      throw new IllegalStateException("drained " + deleted.get() + " of " + messages);
    }
    return new Result(receives.get(), deleted.get(), elapsed);
  }
}
