package dev.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * On the AWS adapters the runtime has no change feed: the real-time endpoint still speaks the protocol, and answers
 * a subscription with an {@code error} naming the reason. (The wiring makes no network call, and neither does a
 * subscription, so no AWS server is needed.)
 */
class AwsModeSubscriptionTest {
  @Test
  void aSubscriptionIsAnsweredWithAnErrorThatSaysThereIsNoChangeFeed() throws IOException {
    Map<String, String> environment = Map.of("AWS_REGION", "eu-west-1", "ORDERS_TABLE", "orders",
        "ORDER_QUEUE_URL", "http://127.0.0.1:9/000000000000/orders", "AWS_ENDPOINT_URL", "http://127.0.0.1:9");
    try (LocalRuntime runtime = LocalRuntime.startOnAws(LocalSettings.onPort(0).onAws(false), environment);
        RealtimeClient client = RealtimeClient.connect(HttpClient.newHttpClient(), runtime.realtimeEndpoint(),
            RealtimeEndpoint.SUBPROTOCOL)) {
      client.initAndAwaitAck();
      client.start("aws", RealtimeProtocolTest.SUBSCRIBE, Map.of(), null);

      RealtimeClient.Received error = client.next();

      RealtimeProtocolTest.assertError(error, "aws", OrderUpdatesFetcher.UNSUPPORTED);
      assertThat(RealtimeClient.errors(error).get(0).get("message").toString()).contains("--adapters aws", "change feed");
      assertThatThrownBy(runtime::changes).isInstanceOf(IllegalStateException.class);
    }
  }
}
