package dev.orderflow.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.orderflow.aws.tracing.UdpDaemon;
import dev.orderflow.aws.tracing.XRaySubsegments;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Every client {@link AwsClients} builds records its calls as X-Ray subsegments. */
class AwsClientsTracingTest {
  @Test
  void theClientsRecordTheirCallsAsSubsegments() throws IOException {
    HttpServer server = server();
    try (UdpDaemon daemon = new UdpDaemon()) {
      AwsClients clients = clients(server, daemon);

      clients.dynamoDb().putItem(r -> r.tableName("orders").item(Map.of("pk", AttributeValue.fromS("o-1"))));

      List<String> datagrams = daemon.received(500);
      assertThat(datagrams).hasSize(1);
      Map<String, Object> document = UdpDaemon.document(datagrams.get(0));
      assertThat(document).containsEntry("name", "DynamoDB").containsEntry("parent_id", "9a9197af755a6419");
      assertThat(document.get("aws")).isEqualTo(Map.of("operation", "PutItem", "region", "eu-west-1",
          "table_name", "orders", "request_id", "REQ-1"));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void anEmailIsRecordedWithoutItsAddressOrContent() throws IOException {
    HttpServer server = server();
    try (UdpDaemon daemon = new UdpDaemon()) {
      AwsClients clients = clients(server, daemon);

      clients.sesV2().sendEmail(r -> r.fromEmailAddress("orders@example.com")
          .destination(d -> d.toAddresses("ada.lovelace@example.com"))
          .content(c -> c.simple(m -> m.subject(t -> t.data("Your order of 2 × Soup"))
              .body(b -> b.text(t -> t.data("Secret soup"))))));

      List<String> datagrams = daemon.received(500);
      assertThat(datagrams).hasSize(1);
      assertThat(datagrams.get(0)).doesNotContain("ada.lovelace").doesNotContain("Soup")
          .doesNotContain("orders@example.com");
      Map<String, Object> document = UdpDaemon.document(datagrams.get(0));
      assertThat(document).containsEntry("parent_id", "9a9197af755a6419");
      assertThat(document.get("aws")).isEqualTo(Map.of("operation", "SendEmail", "region", "eu-west-1",
          "request_id", "REQ-1"));
    } finally {
      server.stop(0);
    }
  }

  /** Answers every call with 200 {@code {}} and request id {@code REQ-1}. */
  private static HttpServer server() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
      exchange.getResponseHeaders().set("x-amzn-RequestId", "REQ-1");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return server;
  }

  private static AwsClients clients(HttpServer server, UdpDaemon daemon) {
    AwsSettings settings = AwsSettings.builder().region("eu-west-1").tableName("orders")
        .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort())).build();
    return new AwsClients(settings,
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")),
        new XRaySubsegments(daemon::address, () -> "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1"));
  }
}
