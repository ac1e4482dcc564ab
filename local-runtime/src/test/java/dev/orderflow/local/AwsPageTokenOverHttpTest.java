package dev.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.aws.LocalAws;
import dev.orderflow.aws.dynamodb.DynamoDbOrderRepository;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.testing.servers.Dynalite;
import dev.orderflow.testing.servers.LocalAwsCredentials;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The DynamoDB page token over HTTP, in AWS mode on dynalite (ADR 0016). Its MAC key derives from the table name,
 * which is no secret, so anyone can forge a token that passes the MAC: this test does, and shows such a token
 * still pages only through the caller's own partition. Another customer's real token is refused.
 */
class AwsPageTokenOverHttpTest {
  private static final String ENDPOINT_PROPERTY = "aws.endpointUrlDynamoDb";

  private static Dynalite dynalite;
  private static DynamoDbClient dynamo;
  private static String table;
  private static LocalRuntime runtime;
  private static GraphQLClient client;

  @BeforeAll
  static void start() throws Exception {
    dynalite = Dynalite.start();
    dynamo = LocalAws.clients(dynalite.endpoint()).dynamoDb();
    System.setProperty(ENDPOINT_PROPERTY, dynalite.endpoint().toString());
    table = LocalAws.createOrdersTable(dynamo, LocalAws.uniqueName("orders"));
    DynamoDbOrderRepository repository = new DynamoDbOrderRepository(dynamo, table);
    for (String id : List.of("m-1", "m-2", "m-3")) {
      repository.createIfAbsent(order("alice", id));
    }
    for (String id : List.of("a-1", "z-1")) {
      repository.createIfAbsent(order("bob", id));
    }
    Map<String, String> environment = new HashMap<>();
    environment.put("AWS_REGION", LocalAwsCredentials.REGION);
    environment.put("ORDERS_TABLE", table);
    // never used: listing reads the table only, and nothing is posted here
    environment.put("ORDER_QUEUE_URL", "http://127.0.0.1:9/000000000000/unused");
    runtime = LocalRuntime.startOnAws(LocalSettings.onPort(0).onAws(false), environment);
    client = new GraphQLClient(runtime.endpoint());
  }

  @AfterAll
  static void stop() {
    System.clearProperty(ENDPOINT_PROPERTY);
    for (AutoCloseable closeable : new AutoCloseable[] {runtime, dynamo, dynalite}) {
      if (closeable != null) {
        try {
          closeable.close();
        } catch (Exception e) {
          // best effort
        }
      }
    }
  }

  @Test
  void anotherCustomersTokenIsRefused() {
    String alicesToken = nextToken(client.orders("alice", 1, null));
    assertThat(ids(client.orders("alice", 10, alicesToken))).containsExactly("m-2", "m-3");

    GraphQLClient.Response bob = client.orders("bob", 10, alicesToken);

    assertThat(bob.errorType()).isEqualTo("ValidationError");
    assertThat(bob.body().toString()).doesNotContain("m-2");
  }

  @Test
  void theForgeryMatchesTheIssuedTokens() {
    String alicesToken = nextToken(client.orders("alice", 1, null));

    assertThat(forge("alice", "m-1")).as("the test's forgery is exactly what the adapter issues").isEqualTo(alicesToken);
  }

  @Test
  void aTokenForgedWithTheTableNameOnlyPagesThroughTheCallersOwnPartition() {
    // a valid MAC for bob, positioned at alice's first order: it moves bob's cursor, never his partition
    List<String> listed = ids(client.orders("bob", 10, forge("bob", "m-1")));

    assertThat(listed).containsExactly("z-1");
  }

  private static Order order(String customer, String id) {
    return Order.place(new OrderRequest(OrderId.of(id), CustomerId.of(customer),
        new OrderDetails("Margherita", 1, "luigis"), Instant.now()));
  }

  /** A token as {@code PageTokens} issues it, computed from nothing but the table name, the customer and an id. */
  private static String forge(String customer, String lastId) {
    try {
      byte[] key = MessageDigest.getInstance("SHA-256")
          .digest(("orderflow page token v1\0" + table).getBytes(StandardCharsets.UTF_8));
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(customer.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      byte[] tag = Arrays.copyOf(mac.doFinal(lastId.getBytes(StandardCharsets.UTF_8)), 16);
      byte[] id = lastId.getBytes(StandardCharsets.UTF_8);
      ByteBuffer out = ByteBuffer.allocate(1 + tag.length + id.length).put((byte) 1).put(tag).put(id);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(out.array());
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String nextToken(GraphQLClient.Response response) {
    Map<String, Object> orders = response.field("orders");
    return (String) orders.get("nextToken");
  }

  @SuppressWarnings("unchecked")
  private static List<String> ids(GraphQLClient.Response response) {
    Map<String, Object> orders = response.field("orders");
    return ((List<Map<String, Object>>) orders.get("items")).stream().map(o -> (String) o.get("id")).toList();
  }
}
