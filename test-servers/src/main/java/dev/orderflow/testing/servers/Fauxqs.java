package dev.orderflow.testing.servers;

import java.net.URI;
import java.util.List;

/**
 * SNS (and SQS, for subscriptions, on the same endpoint) on 127.0.0.1: a {@code node} process running
 * fauxqs 1.9.2. No email/HTTP delivery: verify publishes through an SQS subscription on this server.
 */
public final class Fauxqs implements AutoCloseable {
  static final String SCRIPT =
      "import {startFauxqs} from 'fauxqs';"
      + "const s=await startFauxqs({port:0,host:'127.0.0.1',logger:false,defaultRegion:'"
      + LocalAwsCredentials.REGION + "'});"
      + "console.log('PORT='+s.port);"
      + NodeServer.EXIT_ON_STDIN_EOF;

  private final NodeServer server;

  private Fauxqs(NodeServer server) {
    this.server = server;
  }

  public static Fauxqs start() {
    return new Fauxqs(NodeServer.start("fauxqs", List.of("--input-type=module", "-e", SCRIPT)));
  }

  /** {@code http://127.0.0.1:<port>}; serves both the SNS and the SQS API. */
  public URI endpoint() {
    return server.endpoint();
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
  }
}
