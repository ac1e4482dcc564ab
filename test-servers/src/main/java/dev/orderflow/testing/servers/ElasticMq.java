package dev.orderflow.testing.servers;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * SQS on 127.0.0.1, in this JVM: ElasticMQ 1.7.1 (region us-east-1, account 000000000000). Its actor
 * system logs at WARNING only, whatever SLF4J binding the test classpath has.
 */
public final class ElasticMq implements AutoCloseable {
  private static final Config QUIET = ConfigFactory.parseString(
      "pekko.loglevel = WARNING\n"
      + "pekko.stdout-loglevel = WARNING\n"
      + "pekko.log-dead-letters = off\n"
      + "pekko.log-dead-letters-during-shutdown = off\n"
      + "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off\n");

  private final ActorSystem system;
  private final SQSRestServer server;
  private final int port;
  private volatile boolean closed;

  private ElasticMq(ActorSystem system, SQSRestServer server, int port) {
    this.system = system;
    this.server = server;
    this.port = port;
  }

  public static ElasticMq start() {
    ClassLoader cl = ElasticMq.class.getClassLoader();
    Config config = QUIET.withFallback(ConfigFactory.load(cl));
    ActorSystem system = ActorSystem.create("elasticmq", config, cl);
    try {
      SQSRestServer server = SQSRestServerBuilder
          .withActorSystem(system)
          .withInterface("127.0.0.1")
          .withDynamicPort()
          .withAWSRegion(LocalAwsCredentials.REGION)
          .withAWSAccountId(LocalAwsCredentials.ACCOUNT_ID)
          .start();
      int port = server.waitUntilStarted().localAddress().getPort();
      return new ElasticMq(system, server, port);
    } catch (RuntimeException e) {
      terminate(system);
      throw e;
    }
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public int port() {
    return port;
  }

  /** Stops the server and waits for it, then terminates its actor system. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.stopAndWait();
    } finally {
      terminate(system);
    }
  }

  private static void terminate(ActorSystem system) {
    try {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception ignored) {
      // best effort
    }
  }
}
