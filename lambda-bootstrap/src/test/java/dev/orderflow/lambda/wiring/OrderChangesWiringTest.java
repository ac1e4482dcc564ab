package dev.orderflow.lambda.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.orderflow.aws.internal.Lazy;
import dev.orderflow.aws.appsync.AppSyncOrderChangePublisher;
import dev.orderflow.core.port.OrderChangePublisher;
import dev.orderflow.core.port.OrderRepository;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpClient;

class OrderChangesWiringTest {
  private static final String URL = "https://abcdefghijklmnopqrstuvwxyz.appsync-api.eu-west-1.amazonaws.com/graphql";

  @Test
  void needsTheRegionAndTheApiUrlAndNamesEveryMissingOne() {
    assertThatThrownBy(() -> LambdaWiring.orderChangesPublisher(Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("missing environment variables: AWS_REGION, ORDER_UPDATES_URL");
    assertThatThrownBy(() -> LambdaWiring.orderChangesPublisher(Map.of("ORDER_UPDATES_URL", URL)))
        .isInstanceOf(IllegalStateException.class).hasMessage("missing environment variable: AWS_REGION");
    assertThatThrownBy(() -> LambdaWiring.orderChangesPublisher(Map.of("AWS_REGION", "eu-west-1",
        "ORDER_UPDATES_URL", "")))
        .isInstanceOf(IllegalStateException.class).hasMessage("missing environment variable: ORDER_UPDATES_URL");
    assertThatThrownBy(() -> LambdaWiring.orderChangesPublisher(Map.of("AWS_REGION", "eu-west-1",
        "ORDER_UPDATES_URL", "abcdefghij.appsync-api.eu-west-1.amazonaws.com")))
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("ORDER_UPDATES_URL is not");
  }

  @Test
  void bindsThePublisherOnAppSyncAndNothingElseWithoutBuildingItsHttpClient() {
    Injector injector = LambdaWiring.orderChangesPublisher(Map.of("AWS_REGION", "eu-west-1", "ORDER_UPDATES_URL", URL));

    assertThat(injector.getInstance(OrderChangePublisher.class)).isInstanceOf(AppSyncOrderChangePublisher.class)
        .isSameAs(injector.getInstance(AppSyncOrderChangePublisher.class));
    assertThat(injector.getExistingBinding(Key.get(OrderRepository.class))).isNull();
    assertThat(StartUp.initialiseClients(injector)).isZero();
    assertThat(injector.getInstance(Key.get(new TypeLiteral<Lazy<SdkHttpClient>>() {})).isBuilt()).isFalse();
  }
}
