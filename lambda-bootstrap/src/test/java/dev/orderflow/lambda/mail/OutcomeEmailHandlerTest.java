package dev.orderflow.lambda.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.orderflow.core.application.EmailOutcome;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.EmailAddress;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.port.CustomerMailer;
import dev.orderflow.core.port.OrderMessageFormat;
import dev.orderflow.core.port.PermanentFailureException;
import dev.orderflow.inmemory.Faults;
import dev.orderflow.inmemory.InMemoryCustomerMailer;
import dev.orderflow.inmemory.ManualClock;
import dev.orderflow.lambda.appsync.CallerIdentity;
import dev.orderflow.lambda.testing.CapturedTelemetry;
import dev.orderflow.lambda.testing.EmfDocuments;
import dev.orderflow.lambda.testing.Events;
import dev.orderflow.lambda.testing.LambdaJson;
import dev.orderflow.lambda.testing.Pipeline;
import dev.orderflow.lambda.testing.RecordingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The mailer function over the in-memory ports: orders placed through the resolver by a Cognito user with a verified
 * address, run through the step handlers, whose published outcomes reach the handler as the mail queue delivers
 * them (raw SNS message bodies, duplicates and redeliveries included).
 */
class OutcomeEmailHandlerTest {
  private static final String ADDRESS = "customer@example.com";
  private static final String ITEM = "Quattro Stagioni";

  private final Pipeline pipeline = new Pipeline();
  /** The mailer's own clock: only it decides when a claim has run out. */
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T12:00:00Z"));
  private final Faults faults = Faults.controllable();
  private final InMemoryCustomerMailer mailer = new InMemoryCustomerMailer(faults);
  private final OutcomeEmailHandler handler = handler(mailer);

  private OutcomeEmailHandler handler(CustomerMailer customerMailer) {
    return new OutcomeEmailHandler(new EmailOutcome(pipeline.repository, customerMailer, clock));
  }

  /** Places an order through the resolver as Cognito user {@code sub} and runs it to its outcome. */
  private Order placeAndFinish(String sub, String identityJson) {
    Map<String, Object> event = Events.appSync(sub, "Mutation", "postOrder",
        "{\"input\":{\"name\":\"" + ITEM + "\",\"quantity\":2,\"restaurantId\":\"luigis\"}}");
    if (identityJson != null) {
      event = Events.withIdentity(event, identityJson);
    }
    Map<String, Object> answer = pipeline.resolver(CallerIdentity.withDemoCustomer(CustomerId.of("demo-customer")))
        .handleRequest(event, new RecordingContext());
    @SuppressWarnings("unchecked")
    String id = (String) ((Map<String, Object>) answer.get("data")).get("id");
    pipeline.drainQueue();
    return pipeline.notifier.publishedFor(OrderId.of(id)).get(0);
  }

  /** The mail queue's message for the order's published outcome: the raw SNS message. */
  private static String notification(Order outcome) {
    return OrderMessageFormat.encodeOutcome(outcome);
  }

  private SQSBatchResponse deliver(Events.Message... messages) {
    return handler.handleRequest(Events.sqs(List.of(messages)), new RecordingContext());
  }

  private static List<String> failedIds(SQSBatchResponse response) {
    return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
  }

  private static long metric(String name) {
    return EmfDocuments.metrics(CapturedTelemetry.metrics()).stream().filter(m -> m.name().equals(name))
        .mapToLong(m -> ((Number) m.value()).longValue()).sum();
  }

  private static List<Map<String, Object>> logs(String event) {
    return CapturedTelemetry.logs().stream().filter(line -> event.equals(line.get("event"))).toList();
  }

  /** Whatever a test did: no log line or metric carries the address or anything of a message body. */
  @AfterEach
  void noAddressOrBodyInTheTelemetry() {
    assertThat(CapturedTelemetry.lines()).isNotEmpty().allSatisfy(line -> assertThat(line)
        .doesNotContain(ADDRESS).doesNotContain(ITEM).doesNotContain("restaurantId").doesNotContain("luigis"));
  }

  @Test
  void threeDeliveriesOfOneOutcomeInOneBatchAndTwoMoreBatchesSendOneEmail() {
    Order outcome = placeAndFinish("user-1", null);
    String body = notification(outcome);

    SQSBatchResponse first = deliver(new Events.Message("m-1", body), new Events.Message("m-2", body),
        new Events.Message("m-3", body));
    SQSBatchResponse second = deliver(new Events.Message("m-4", body));
    SQSBatchResponse third = deliver(new Events.Message("m-1", body));

    assertThat(failedIds(first)).isEmpty();
    assertThat(failedIds(second)).isEmpty();
    assertThat(failedIds(third)).isEmpty();
    assertThat(LambdaJson.json(first)).isEqualTo("{\"batchItemFailures\":[]}");
    assertThat(mailer.sentFor(outcome.id())).singleElement().satisfies(sent -> {
      assertThat(sent.to()).isEqualTo(EmailAddress.of(ADDRESS));
      assertThat(sent.email().subject()).contains(ITEM);
    });
    // the address is dropped once the email is sent
    assertThat(pipeline.repository.find(outcome.customer(), outcome.id()).orElseThrow().email()).isEmpty();
    assertThat(logs("email.sent")).singleElement().satisfies(line -> assertThat(line)
        .containsEntry("orderId", outcome.id().value()).containsEntry("result", "SENT")
        .containsEntry("messageId", "m-1"));
    assertThat(logs("email.skipped")).hasSize(4).allSatisfy(line -> assertThat(line)
        .containsEntry("orderId", outcome.id().value()).containsEntry("result", "NOTHING_TO_SEND"));
    assertThat(metric(OutcomeEmailHandler.EMAILS_SENT)).isEqualTo(1);
    assertThat(metric(OutcomeEmailHandler.EMAIL_FAILURES)).isZero();
  }

  @Test
  void aTransientMailerFailureFailsOnlyItsMessageAndALaterDeliverySendsExactlyOne() {
    Order flaky = placeAndFinish("user-1", null);
    Order fine = placeAndFinish("user-2", null);
    faults.failNext("mailer.send", 1);

    SQSBatchResponse first = deliver(new Events.Message("flaky", notification(flaky)),
        new Events.Message("fine", notification(fine)));

    assertThat(failedIds(first)).containsExactly("flaky");
    assertThat(mailer.sentFor(flaky.id())).isEmpty();
    assertThat(mailer.sentFor(fine.id())).hasSize(1);
    assertThat(logs("email.retry")).singleElement().satisfies(line -> assertThat(line)
        .containsEntry("orderId", flaky.id().value()).containsEntry("level", "WARN").containsEntry("result", "RETRY"));

    // back before the failed delivery's claim runs out (a redelivery, or a duplicate): told to come back again
    SQSBatchResponse early = deliver(new Events.Message("flaky", notification(flaky)));
    assertThat(failedIds(early)).containsExactly("flaky");
    assertThat(mailer.sentFor(flaky.id())).isEmpty();
    assertThat(logs("email.claimed")).singleElement().satisfies(line -> assertThat(line)
        .containsEntry("level", "INFO").containsEntry("result", "CLAIMED"));

    // the visibility timeout (180 s) outlasts the claim (2 min): the redelivery sends it, once
    clock.advance(Duration.ofSeconds(180));
    SQSBatchResponse later = deliver(new Events.Message("flaky", notification(flaky)),
        new Events.Message("flaky-duplicate", notification(flaky)));

    assertThat(failedIds(later)).isEmpty();
    assertThat(mailer.sentFor(flaky.id())).singleElement()
        .satisfies(sent -> assertThat(sent.to()).isEqualTo(EmailAddress.of(ADDRESS)));
    assertThat(mailer.count()).isEqualTo(2);
    assertThat(metric(OutcomeEmailHandler.EMAILS_SENT)).isEqualTo(2);
    assertThat(metric(OutcomeEmailHandler.EMAIL_FAILURES)).as("only the failed send, not the claimed delivery")
        .isEqualTo(1);
  }

  @Test
  void aPermanentRefusalIsABatchItemFailureLoggedWithTheAddressMasked() {
    Order outcome = placeAndFinish("user-1", null);
    OutcomeEmailHandler refusing = handler((to, email) -> {
      throw new PermanentFailureException("SES refused the message", new IllegalStateException(
          "Email address is not verified. The following identities failed the check in region US-EAST-1: " + to.value()));
    });

    SQSBatchResponse response = refusing.handleRequest(Events.sqs(List.of(new Events.Message("m-1",
        notification(outcome)))), new RecordingContext());

    assertThat(failedIds(response)).containsExactly("m-1");
    assertThat(logs("email.failed")).singleElement().satisfies(line -> {
      assertThat(line).containsEntry("level", "ERROR").containsEntry("orderId", outcome.id().value())
          .containsEntry("errorType", PermanentFailureException.class.getName()).containsEntry("result", "FAILED");
      assertThat((String) line.get("error")).contains("failed the check").contains("c***@example.com");
    });
    assertThat(EmfDocuments.metric(CapturedTelemetry.metrics(), OutcomeEmailHandler.EMAIL_FAILURES).dimensionValues())
        .containsEntry("Reason", "Permanent");
    // nothing was recorded sent: a redelivery tries again (after the claim), until the DLQ takes it
    assertThat(pipeline.repository.find(outcome.customer(), outcome.id()).orElseThrow().email()).isPresent();
  }

  @Test
  void malformedMessagesAreAcknowledgedAndCountedWithoutTheirContentInTheLog() {
    Order outcome = placeAndFinish("user-1", null);
    String pending = notification(outcome).replace("\"status\":\"" + outcome.status() + "\"", "\"status\":\"PENDING\"");

    SQSBatchResponse response = deliver(new Events.Message("empty", ""),
        new Events.Message("text", "hello " + ADDRESS + " " + ITEM),
        new Events.Message("pending", pending),
        new Events.Message("good", notification(outcome)));

    assertThat(failedIds(response)).isEmpty();
    assertThat(logs("notification.malformed")).hasSize(3).allSatisfy(line -> assertThat(line)
        .containsEntry("level", "WARN").doesNotContainKey("orderId"));
    assertThat(metric(OutcomeEmailHandler.MALFORMED_NOTIFICATIONS)).isEqualTo(3);
    assertThat(mailer.sentFor(outcome.id())).hasSize(1);
  }

  @Test
  void anOrderWithoutAVerifiedAddressIsNotEmailed() {
    Order unverified = placeAndFinish("user-1", LambdaJson.json(Map.of("sub", "user-1",
        "claims", Map.of("sub", "user-1", "email", ADDRESS, "email_verified", false))));
    Order apiKey = placeAndFinish("ignored", "null");

    SQSBatchResponse response = deliver(new Events.Message("a", notification(unverified)),
        new Events.Message("b", notification(apiKey)));

    assertThat(failedIds(response)).isEmpty();
    assertThat(mailer.count()).isZero();
    assertThat(logs("email.skipped")).hasSize(2).allSatisfy(line -> assertThat(line)
        .containsEntry("result", "NOTHING_TO_SEND"));
    assertThat(EmfDocuments.metric(CapturedTelemetry.metrics(), OutcomeEmailHandler.EMAILS_SKIPPED).dimensionValues())
        .containsEntry("Result", "NOTHING_TO_SEND");
  }

  @Test
  void aDeletedOrderIsNotEmailed() {
    Order outcome = placeAndFinish("user-1", null);
    pipeline.repository.delete(outcome.customer(), outcome.id());

    SQSBatchResponse response = deliver(new Events.Message("m-1", notification(outcome)));

    assertThat(failedIds(response)).isEmpty();
    assertThat(mailer.count()).isZero();
    assertThat(logs("email.skipped")).singleElement().satisfies(line -> assertThat(line)
        .containsEntry("result", "ORDER_GONE"));
  }

  @Test
  void addressesInFailureMessagesAreMasked() {
    assertThat(OutcomeEmailHandler.masked("failed for customer@example.com and <x.y+z@mail.example.org>."))
        .isEqualTo("failed for c***@example.com and <x***@mail.example.org>.");
    assertThat(OutcomeEmailHandler.masked("no address here")).isEqualTo("no address here");
    assertThat(OutcomeEmailHandler.maskedTrace(new IllegalStateException("outer",
        new IllegalArgumentException("to " + ADDRESS)))).contains("c***@example.com").doesNotContain(ADDRESS);
    // the lines checked after each test
    handler.handleRequest(Events.sqs(List.of(new Events.Message("x", "{}"))), new RecordingContext());
  }

  @Test
  void primingRendersAndDecodesASampleWithoutTouchingAnyPort() {
    OutcomeEmailHandler.prime();

    assertThat(mailer.count()).isZero();
    assertThat(pipeline.repository.size()).isZero();
    // the lines checked after each test
    handler.handleRequest(Events.sqs(List.of(new Events.Message("x", "{}"))), new RecordingContext());
  }
}
