package dev.orderflow.aws.dynamodb;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.orderflow.aws.AwsClients;
import dev.orderflow.aws.AwsSettings;
import dev.orderflow.aws.internal.Lazy;
import dev.orderflow.core.port.OrderRepository;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Binds {@link OrderRepository} to DynamoDB ({@code ORDERS_TABLE}). Needs {@link dev.orderflow.aws.AwsModule}. */
public final class DynamoDbModule extends AbstractModule {

  @Provides
  @Singleton
  Lazy<DynamoDbClient> dynamoDbClient(AwsClients clients) {
    return Lazy.of(clients::dynamoDb);
  }

  @Provides
  @Singleton
  OrderRepository orderRepository(Lazy<DynamoDbClient> client, AwsSettings settings) {
    String table = settings.tableName();
    return new DynamoDbOrderRepository(client, table, PageTokens.keyFor(table));
  }
}
