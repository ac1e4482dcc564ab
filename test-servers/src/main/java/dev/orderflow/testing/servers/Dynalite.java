package dev.orderflow.testing.servers;

import java.net.URI;
import java.util.List;

/**
 * DynamoDB on 127.0.0.1: a {@code node} process running dynalite 4.0.0 in memory, with table
 * create/delete/update taking no time. Not supported by dynalite: transactions, TTL, PartiQL.
 */
public final class Dynalite implements AutoCloseable {
  static final String SCRIPT =
      "const d=require('dynalite')({createTableMs:0,deleteTableMs:0,updateTableMs:0});"
      + "d.on('error',e=>{console.error(e);process.exit(1)});"
      + "d.listen(0,'127.0.0.1',e=>{if(e){console.error(e);process.exit(1)}console.log('PORT='+d.address().port)});"
      + NodeServer.EXIT_ON_STDIN_EOF;

  private final NodeServer server;

  private Dynalite(NodeServer server) {
    this.server = server;
  }

  public static Dynalite start() {
    return new Dynalite(NodeServer.start("dynalite", List.of("-e", SCRIPT)));
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI endpoint() {
    return server.endpoint();
  }

  public int port() {
    return server.port();
  }

  /** Stops the node process (closing its stdin, then killing it if needed). */
  @Override
  public void close() {
    server.close();
  }
}
