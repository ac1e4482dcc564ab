package dev.orderflow.aws.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.orderflow.aws.LocalAws;
import dev.orderflow.aws.Polling;
import dev.orderflow.aws.dynamodb.DynamoDbOrderRepository;
import dev.orderflow.aws.sqs.SqsOrderQueue;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.DetailsChange;
import dev.orderflow.core.domain.InvalidRequestException;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.port.OrderMessageFormat;
import dev.orderflow.testing.servers.Dynalite;
import dev.orderflow.testing.servers.ElasticMq;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The text rules of the domain against the services the text goes to, on ElasticMQ and dynalite: (a) the
 * strings validation accepts at its edges travel through {@link SqsOrderQueue} and
 * {@link DynamoDbOrderRepository} and come back exactly; (b) every class of character it refuses is refused
 * by validation with the field and the problem named, and the raw service call shows whether the service
 * itself would have refused it (then the rule is required) or taken it (then the rule is our policy).
 *
 * <p>Where the local servers differ from AWS:
 * <ul>
 *   <li>ElasticMQ refuses lone surrogates, U+FFFE and C0 controls with {@code InvalidMessageContents} as SQS
 *       does, but U+FFFF makes its JSON parser stop ("unexpected end-of-input": a generic 400
 *       {@link SqsException}), where AWS answers {@code InvalidMessageContents} (older AWS documentation
 *       said SQS silently replaced such characters with U+FFFD instead — either is data we must not send).
 *   <li>dynalite keeps JavaScript strings: it stores and returns lone surrogates, which have no UTF-8 form
 *       and which DynamoDB (UTF-8 strings) cannot hold as sent — not verifiable here.
 *   <li>dynalite measures key sizes in UTF-16 units, AWS in UTF-8 bytes: dynalite takes a 3000-byte
 *       partition key of 1500 "é" that AWS refuses. Our keys stay far below either limit (customer at most
 *       512 bytes, order id at most 64).
 * </ul>
 */
class RefusedStringsIT {
  private static final String PIZZA = "\uD83C\uDF55"; // U+1F355, a surrogate pair
  private static final String U10000 = "\uD800\uDC00";
  private static final String U1FFFD = new String(Character.toChars(0x1FFFD));
  private static final String U10FFFD = "\uDBFF\uDFFD"; // the highest code point validation accepts
  /** Every edge of the ranges SQS allows that validation also allows, plus what the message encoder escapes. */
  private static final String EDGES = " !~\u00A0\u00A1\uD7FF\uE000\uFDCF\uFDF0\uFFFD" + U10000 + U1FFFD + U10FFFD
      + "\"\\/\u2028\u2029e\u0301";

  private static ElasticMq elasticMq;
  private static Dynalite dynalite;
  private static SqsClient sqs;
  private static DynamoDbClient dynamo;
  private static String table;
  private static DynamoDbOrderRepository repository;
  private String queueUrl;
  private SqsOrderQueue queue;

  @BeforeAll
  static void startServers() {
    elasticMq = ElasticMq.start();
    dynalite = Dynalite.start();
    sqs = LocalAws.clients(elasticMq.endpoint()).sqs();
    dynamo = LocalAws.clients(dynalite.endpoint()).dynamoDb();
    table = LocalAws.createOrdersTable(dynamo, LocalAws.uniqueName("orders"));
    repository = new DynamoDbOrderRepository(dynamo, table);
  }

  @AfterAll
  static void stopServers() {
    sqs.close();
    dynamo.close();
    elasticMq.close();
    dynalite.close();
  }

  @BeforeEach
  void freshQueue() {
    queueUrl = LocalAws.createQueue(sqs, LocalAws.uniqueName("orders"));
    queue = new SqsOrderQueue(sqs, queueUrl);
  }

  // ---- (a) what validation accepts goes through unchanged ----

  static Stream<Arguments> acceptedBoundaries() {
    return Stream.of(
        Arguments.of("maximum lengths in astral code points (customer key 512 UTF-8 bytes)",
            PIZZA.repeat(OrderDetails.MAX_NAME_LENGTH), U10000.repeat(OrderDetails.MAX_RESTAURANT_ID_LENGTH),
            U10FFFD.repeat(CustomerId.MAX_LENGTH)),
        Arguments.of("maximum lengths in 3-byte characters",
            "\u4E2D".repeat(OrderDetails.MAX_NAME_LENGTH), "\uFFFD".repeat(OrderDetails.MAX_RESTAURANT_ID_LENGTH),
            "\uD7FF".repeat(CustomerId.MAX_LENGTH)),
        Arguments.of("maximum lengths in ASCII", "n".repeat(OrderDetails.MAX_NAME_LENGTH),
            "r".repeat(OrderDetails.MAX_RESTAURANT_ID_LENGTH), "c".repeat(CustomerId.MAX_LENGTH)),
        Arguments.of("every allowed range edge", "name" + EDGES, "r" + EDGES, "c" + EDGES),
        Arguments.of("right-to-left and combining text", "\u05E9\u05DC\u05D5\u05DD \u0645\u0631\u062D\u0628\u0627",
            "Cafe\u0301", "Jos\u00E9 " + PIZZA));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("acceptedBoundaries")
  void anAcceptedRequestTravelsThroughSqsExactly(String label, String name, String restaurantId, String customer) {
    OrderRequest request = request(name, restaurantId, customer);

    queue.submit(request);
    queue.submitAll(List.of(request, request));

    List<String> bodies = receiveBodies(3);
    assertThat(bodies).hasSize(3).allSatisfy(body -> {
      assertThat(body).isEqualTo(OrderMessageFormat.encode(request));
      assertThat(OrderMessageFormat.decode(body)).isEqualTo(request);
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("acceptedBoundaries")
  void anAcceptedOrderIsStoredAndReadBackExactly(String label, String name, String restaurantId, String customer) {
    Order order = Order.place(request(name, restaurantId, customer));

    assertThat(repository.createIfAbsent(order)).isTrue();

    assertThat(repository.find(order.customer(), order.id())).contains(order);
    assertThat(repository.list(order.customer(), 10, null).items()).contains(order);
    Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(Map.of(
        DynamoDbOrderRepository.PARTITION_KEY, AttributeValue.fromS(customer),
        DynamoDbOrderRepository.SORT_KEY, AttributeValue.fromS(order.id().value())))).item();
    assertThat(item.get(DynamoDbOrderRepository.PARTITION_KEY).s()).isEqualTo(customer);
    assertThat(item.get("name").s()).isEqualTo(name);
    assertThat(item.get("restaurantId").s()).isEqualTo(restaurantId);
  }

  // ---- (b) what validation refuses, and whether the service would have ----

  enum Sqs {
    /** SQS refuses the message as {@link SqsOrderQueue} would send it: the rule is required. */
    REFUSES,
    /** SQS takes it (the encoder escapes C0 controls; the rest is in SQS's ranges): the rule is our policy. */
    TAKES
  }

  static Stream<Arguments> refusedClasses() {
    String control = "control characters";
    String surrogate = "must not contain unpaired surrogates";
    String nonchar = "must not contain Unicode noncharacters";
    String invisible = "must not contain invisible or bidirectional control characters";
    return Stream.of(
        Arguments.of("U+0000 (the encoder escapes it as \\u0000)", "a\u0000b", control, Sqs.TAKES),
        Arguments.of("U+001F (the encoder escapes it)", "a\u001Fb", control, Sqs.TAKES),
        Arguments.of("U+0009 tab (escaped as \\t)", "a\tb", control, Sqs.TAKES),
        Arguments.of("U+007F DEL", "a\u007Fb", control, Sqs.TAKES),
        Arguments.of("U+0085 NEL (C1)", "a\u0085b", control, Sqs.TAKES),
        Arguments.of("U+009F (C1)", "a\u009Fb", control, Sqs.TAKES),
        Arguments.of("lone high surrogate", "a\uD83Cb", surrogate, Sqs.REFUSES),
        Arguments.of("lone high surrogate at the end", "ab\uDBFF", surrogate, Sqs.REFUSES),
        Arguments.of("lone low surrogate", "a\uDC00b", surrogate, Sqs.REFUSES),
        Arguments.of("U+FFFE", "a\uFFFEb", nonchar, Sqs.REFUSES),
        Arguments.of("U+FFFF", "a\uFFFFb", nonchar, Sqs.REFUSES),
        Arguments.of("U+FDD0", "a\uFDD0b", nonchar, Sqs.TAKES),
        Arguments.of("U+FDEF", "a\uFDEFb", nonchar, Sqs.TAKES),
        Arguments.of("U+1FFFE", "a" + new String(Character.toChars(0x1FFFE)) + "b", nonchar, Sqs.TAKES),
        Arguments.of("U+10FFFF", "a\uDBFF\uDFFFb", nonchar, Sqs.TAKES),
        Arguments.of("U+202E right-to-left override", "a\u202Eb", invisible, Sqs.TAKES),
        Arguments.of("U+202A left-to-right embedding", "a\u202Ab", invisible, Sqs.TAKES),
        Arguments.of("U+2066 left-to-right isolate", "a\u2066b", invisible, Sqs.TAKES),
        Arguments.of("U+2069 pop directional isolate", "a\u2069b", invisible, Sqs.TAKES),
        Arguments.of("U+200B zero-width space", "a\u200Bb", invisible, Sqs.TAKES),
        Arguments.of("U+200D zero-width joiner", "a\u200Db", invisible, Sqs.TAKES),
        Arguments.of("U+200F right-to-left mark", "a\u200Fb", invisible, Sqs.TAKES),
        Arguments.of("U+2060 word joiner", "a\u2060b", invisible, Sqs.TAKES),
        Arguments.of("U+FEFF zero-width no-break space", "\uFEFFab", invisible, Sqs.TAKES));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedClasses")
  void validationRefusesTheClassAndTheRawCallShowsWhy(String label, String text, String problem, Sqs sqsVerdict) {
    assertRefused("name", problem, () -> new OrderDetails(text, 1, "r"));
    assertRefused("restaurantId", problem, () -> new OrderDetails("n", 1, text));
    assertRefused("customer", problem, () -> CustomerId.of(text));
    assertRefused("name", problem, () -> new DetailsChange(text, null, null));

    // the body SqsOrderQueue would have sent, had validation let the name through
    String body = OrderMessageFormat.encode(request("PLACEHOLDER", "r", "c"))
        .replace("\"PLACEHOLDER\"", jsonString(text));
    Throwable sent = catchThrowable(() -> sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body)));
    if (sqsVerdict == Sqs.REFUSES) {
      assertThat(sent).as("SQS refuses %s", label).isInstanceOf(SqsException.class);
      assertThat(((SqsException) sent).statusCode()).isEqualTo(400);
      // AWS answers InvalidMessageContents for all of them; ElasticMQ's parser reads U+FFFF as the end of input
      assertThat(sent).hasMessageContaining(text.indexOf('\uFFFF') >= 0 ? "end-of-input" : "InvalidMessageContents");
    } else {
      assertThat(sent).as("SQS takes %s", label).isNull();
      assertThat(receiveBodies(1)).containsExactly(body);
    }

    // dynalite takes every class (see the class comment): DynamoDB itself refuses none but lone surrogates
    String customer = "raw-" + UUID.randomUUID();
    Map<String, AttributeValue> key = Map.of(DynamoDbOrderRepository.PARTITION_KEY, AttributeValue.fromS(customer),
        DynamoDbOrderRepository.SORT_KEY, AttributeValue.fromS("o"));
    Map<String, AttributeValue> item = new HashMap<>(key);
    item.put("name", AttributeValue.fromS(text));
    dynamo.putItem(b -> b.tableName(table).item(item));
    assertThat(dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(key)).item().get("name").s())
        .isEqualTo(text);
  }

  @Test
  void lengthsAreCodePointsAndKeysStayWithinDynamoDbsByteLimits() {
    assertRefused("name", "at most 200 characters", () -> new OrderDetails(PIZZA.repeat(201), 1, "r"));
    assertRefused("restaurantId", "at most 64 characters", () -> new OrderDetails("n", 1, U10000.repeat(65)));
    assertRefused("customer", "at most 128 characters", () -> CustomerId.of(U10FFFD.repeat(129)));
    assertThat(U10FFFD.repeat(CustomerId.MAX_LENGTH).getBytes(StandardCharsets.UTF_8))
        .hasSize(CustomerId.MAX_UTF8_BYTES).hasSizeLessThanOrEqualTo(2048);

    // the byte limits are real: a key one byte too long is refused
    DynamoDbException partition = rawPut("k".repeat(2049), "o");
    DynamoDbException sort = rawPut("c", "o".repeat(1025));
    assertThat(partition).isNotNull().hasMessageContaining("2048 bytes");
    assertThat(sort).isNotNull().hasMessageContaining("1024 bytes");
    assertThat(rawPut("k".repeat(2048), "o".repeat(1024))).isNull();
    // dynalite counts UTF-16 units, not UTF-8 bytes: it takes 3000 bytes that AWS would refuse
    assertThat(rawPut("\u00E9".repeat(1500), "o")).isNull();
  }

  // ---- helpers ----

  private static OrderRequest request(String name, String restaurantId, String customer) {
    return new OrderRequest(OrderId.of(UUID.randomUUID().toString()), CustomerId.of(customer),
        new OrderDetails(name, OrderDetails.MAX_QUANTITY, restaurantId), Instant.parse("2026-12-01T10:00:00.123456Z"));
  }

  private static void assertRefused(String field, String problem, Runnable construct) {
    assertThatThrownBy(construct::run).isInstanceOfSatisfying(InvalidRequestException.class, e -> {
      assertThat(e.field()).isEqualTo(field);
      assertThat(e.getMessage()).startsWith(field + ": ").contains(problem);
    });
  }

  /** A JSON string the way {@link OrderMessageFormat} writes one: C0 controls, U+2028/9 escaped, the rest raw. */
  private static String jsonString(String value) {
    StringBuilder json = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> json.append(c < 0x20 || c == '\u2028' || c == '\u2029' ? String.format("\\u%04x", (int) c) : c);
      }
    }
    return json.append('"').toString();
  }

  private static DynamoDbException rawPut(String customer, String orderId) {
    try {
      dynamo.putItem(b -> b.tableName(table).item(Map.of(
          DynamoDbOrderRepository.PARTITION_KEY, AttributeValue.fromS(customer),
          DynamoDbOrderRepository.SORT_KEY, AttributeValue.fromS(orderId))));
      return null;
    } catch (DynamoDbException e) {
      return e;
    }
  }

  private List<String> receiveBodies(int expected) {
    List<String> bodies = new ArrayList<>();
    Polling.collect(Duration.ofSeconds(10), () -> {
      for (Message message : sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
          .messages()) {
        bodies.add(message.body());
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
      }
    }, () -> bodies.size() >= expected);
    return bodies;
  }
}
