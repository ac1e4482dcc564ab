package dev.orderflow.testing.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

class DynaliteTest {

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  @Test
  void createTablePutAndConditionalPutThenStops() {
    int port;
    try (Dynalite dynamo = Dynalite.start()) {
      port = dynamo.port();
      assertThat(dynamo.endpoint().toString()).isEqualTo("http://127.0.0.1:" + port);
      try (DynamoDbClient db = Clients.dynamo(dynamo.endpoint())) {
        TableStatus status = db.createTable(b -> b.tableName("orders")
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .billingMode(BillingMode.PAY_PER_REQUEST))
            .tableDescription().tableStatus();
        assertThat(status).isIn(TableStatus.CREATING, TableStatus.ACTIVE);
        assertThat(db.describeTable(b -> b.tableName("orders")).table().tableStatus()).isEqualTo(TableStatus.ACTIVE);

        db.putItem(b -> b.tableName("orders").item(Map.of("pk", s("o-1"), "state", s("NEW")))
            .conditionExpression("attribute_not_exists(pk)"));
        assertThatThrownBy(() -> db.putItem(b -> b.tableName("orders")
                .item(Map.of("pk", s("o-1"), "state", s("OTHER")))
                .conditionExpression("attribute_not_exists(pk)")))
            .isInstanceOf(ConditionalCheckFailedException.class);

        Map<String, AttributeValue> item = db.getItem(b -> b.tableName("orders").key(Map.of("pk", s("o-1"))))
            .item();
        assertThat(item).containsEntry("state", s("NEW"));
      }
    }
    assertThat(Clients.portClosed(port)).isTrue();
  }
}
