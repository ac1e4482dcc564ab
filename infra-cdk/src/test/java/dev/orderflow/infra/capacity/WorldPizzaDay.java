package dev.orderflow.infra.capacity;

import dev.orderflow.core.application.ProcessOrder.Outcome;
import dev.orderflow.infra.PipelineCapacity;
import dev.orderflow.infra.capacity.PipelineSimulation.Minute;
import dev.orderflow.infra.capacity.PipelineSimulation.Report;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The "world pizza day" benchmark: 20 orders/s, 1,000/s for 10 minutes, 20/s until drained, simulated on the
 * deployed settings ({@link PipelineCapacity}) and AWS's default quotas. Prints one row per simulated minute and
 * a summary. Arguments, all optional, to study other settings: {@code seed=1 maxConcurrency=N maxReceiveCount=N
 * batchSize=N startExecutionMillis=X startExecutionPerSecond=X sesPerSecond=X}.
 * <pre>
 * mvn -o -q -pl infra-cdk test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.orderflow.infra.capacity.WorldPizzaDay
 * </pre>
 */
public final class WorldPizzaDay {
  private WorldPizzaDay() {
  }

  public static void main(String[] args) {
    long seed = 1;
    AwsModel model = AwsModel.deployed();
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("expected name=value, got " + arg);
      }
      switch (kv[0]) {
        case "seed" -> seed = Long.parseLong(kv[1]);
        case "maxConcurrency" -> model.consumerMaxConcurrency = Integer.parseInt(kv[1]);
        case "maxReceiveCount" -> model.maxReceiveCount = Integer.parseInt(kv[1]);
        case "batchSize" -> model.batchSize = Integer.parseInt(kv[1]);
        case "startExecutionMillis" -> model.startExecutionMillis = Double.parseDouble(kv[1]);
        case "startExecutionPerSecond" -> model.startExecutionPerSecond = Double.parseDouble(kv[1]);
        case "sesPerSecond" -> model.sesPerSecond = Double.parseDouble(kv[1]);
        default -> throw new IllegalArgumentException("unknown setting " + kv[0]);
      }
    }
    Report report = new PipelineSimulation(model, Scenario.worldPizzaDay(), seed).run();
    print(report, model, seed, System.out);
  }

  static void print(Report r, AwsModel m, long seed, PrintStream out) {
    out.printf(Locale.ROOT, "%s, seed %d: consumer max concurrency %d, batch %d, window %d s, timeout %d s, "
            + "visibility %d s, maxReceiveCount %d%n", r.scenario(), seed, m.consumerMaxConcurrency, m.batchSize,
        m.batchingWindowSeconds, m.consumerTimeoutSeconds, m.visibilityTimeoutSeconds, m.maxReceiveCount);
    out.println("| min | accepted | visible (max) | in flight (max) | oldest age s (max) | consumers (max) "
        + "| StartExecution throttled | item failures | redelivered | DLQ | executions started | orders finished "
        + "| other throttles | Lambda concurrency (max) | emails sent | email backlog |");
    out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Minute x : r.minutes()) {
      long other = x.appSyncThrottles + x.lambdaThrottles + x.dynamoThrottles + x.snsThrottles + x.transitionThrottles;
      out.printf(Locale.ROOT, "| %d | %,d | %,d | %,d | %,.0f | %d | %,d | %,d | %,d | %,d | %,d | %,d | %,d | %d | %,d | %,d |%n",
          x.index, x.accepted, x.maxVisible, x.maxInFlight, x.maxOldestAgeSeconds, x.maxConsumers, x.startThrottles,
          x.itemFailures, x.redelivered, x.dlqArrivals, x.started, x.finished, other, x.maxLambdaConcurrency,
          x.emailsSent, x.emailBacklog);
    }
    out.printf(Locale.ROOT, "accepted %,d (by the burst's end, minute %d: %,d); finished %,d (SUCCESS %,d, FAILED %,d, "
            + "run failed %,d); DLQ arrivals %d; clients that gave up %d%n",
        r.accepted(), r.burstEndSecond() / 60, r.acceptedByBurstEnd(), r.finished(), r.outcome(Outcome.COMPLETED),
        r.outcome(Outcome.FAILED), r.outcome(Outcome.RUN_FAILED), r.dlqArrivals(), r.clientsGaveUp());
    out.printf(Locale.ROOT, "drain: every order accepted by the burst's end finished %.0f s (%.1f min) after it; "
            + "oldest message under 10 s again after %.0f s; peak age of the oldest message %.0f s (%.1f min)%n",
        r.drainSeconds(), r.drainSeconds() / 60, r.queueBackSeconds(), r.maxOldestAgeSeconds(),
        r.maxOldestAgeSeconds() / 60);
    out.printf(Locale.ROOT, "throttles: StartExecution %,d, AppSync %,d, Lambda %,d, DynamoDB %,d, SNS %,d, state "
            + "transitions delayed %,d; consumer item failures %,d, timeouts %,d; step retries %,d%n",
        r.total(x -> x.startThrottles), r.total(x -> x.appSyncThrottles), r.total(x -> x.lambdaThrottles),
        r.total(x -> x.dynamoThrottles), r.total(x -> x.snsThrottles), r.total(x -> x.transitionThrottles),
        r.total(x -> x.itemFailures), r.total(x -> x.consumerTimeouts), r.total(x -> x.stepRetries));
    out.printf(Locale.ROOT, "state transitions %,d (%.2f per order); emails sent %,d, still waiting for SES %,d%n",
        r.stateTransitions(), r.stateTransitions() / (double) Math.max(1, r.finished()), r.emailsSent(),
        r.emailBacklog());
    out.printf(Locale.ROOT, "simulated %.0f s (%.1f min) in %.1f s of wall time%n", r.simulatedSeconds(),
        r.simulatedSeconds() / 60, r.wallSeconds());
  }
}
