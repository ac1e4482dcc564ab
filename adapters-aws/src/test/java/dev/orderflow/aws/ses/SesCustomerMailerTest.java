package dev.orderflow.aws.ses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.core.domain.EmailAddress;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.StatusChange;
import dev.orderflow.core.fixtures.Orders;
import dev.orderflow.core.port.OutcomeEmail;
import dev.orderflow.core.port.PermanentFailureException;
import dev.orderflow.core.port.TransientFailureException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.MessageTag;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

/** The request the mailer sends, and what it makes of each of SES's answers (a scripted HTTP client, no retries). */
class SesCustomerMailerTest {
  private static final EmailAddress TO = EmailAddress.of("ada.lovelace@example.com");
  private static final Order FAILED = Orders.aRequest().withId(OrderId.of("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"))
      .withDetails("Crème brûlée", 2, "luigis").pending()
      .apply(StatusChange.failure("card declined", Orders.T0));
  private static final OutcomeEmail EMAIL = OutcomeEmail.of(FAILED);

  /** Answers every request with one status, error type and body (or an I/O failure), recording the bodies. */
  private static final class ScriptedClient implements SdkHttpClient {
    final List<String> bodies = new ArrayList<>();
    private final int status;
    private final String errorType;
    private final String body;
    private final IOException failure;

    ScriptedClient(int status, String errorType, String body) {
      this(status, errorType, body, null);
    }

    ScriptedClient(IOException failure) {
      this(0, null, null, failure);
    }

    private ScriptedClient(int status, String errorType, String body, IOException failure) {
      this.status = status;
      this.errorType = errorType;
      this.body = body;
      this.failure = failure;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
      return new ExecutableHttpRequest() {
        @Override
        public HttpExecuteResponse call() throws IOException {
          try {
            bodies.add(new String(request.contentStreamProvider().orElseThrow().newStream().readAllBytes(),
                StandardCharsets.UTF_8));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          if (failure != null) {
            throw failure;
          }
          SdkHttpResponse.Builder response = SdkHttpResponse.builder().statusCode(status)
              .putHeader("Content-Type", "application/json").putHeader("x-amzn-RequestId", "req-1");
          if (errorType != null) {
            response.putHeader("x-amzn-ErrorType", errorType);
          }
          return HttpExecuteResponse.builder().response(response.build())
              .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
              .build();
        }

        @Override
        public void abort() {}
      };
    }

    @Override
    public String clientName() {
      return "scripted";
    }

    @Override
    public void close() {}
  }

  private static SesV2Client client(SdkHttpClient http) {
    return SesV2Client.builder().httpClient(http).region(Region.EU_WEST_1)
        .endpointOverride(URI.create("https://email.eu-west-1.amazonaws.com"))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  private static SesCustomerMailer mailer(SdkHttpClient http) {
    return new SesCustomerMailer(client(http), "Orders <orders@example.com>", "outcomes");
  }

  @Test
  void sendsOneSimpleUtf8MessageFromTheSenderToTheAddressWithTheConfigurationSetAndTheOrderTag() {
    SendEmailRequest request = new SesCustomerMailer(client(new ScriptedClient(200, null, "{}")),
        "Orders <orders@example.com>", " outcomes ").request(TO, EMAIL);

    assertThat(request.fromEmailAddress()).isEqualTo("Orders <orders@example.com>");
    assertThat(request.destination().toAddresses()).containsExactly("ada.lovelace@example.com");
    assertThat(request.destination().hasCcAddresses()).isFalse();
    assertThat(request.destination().hasBccAddresses()).isFalse();
    assertThat(request.content().simple().subject()).isEqualTo(utf8(EMAIL.subject()));
    assertThat(request.content().simple().body().text()).isEqualTo(utf8(EMAIL.text()));
    assertThat(request.content().simple().body().html()).isEqualTo(utf8(EMAIL.html()));
    assertThat(request.configurationSetName()).isEqualTo("outcomes");
    assertThat(request.emailTags()).containsExactly(
        MessageTag.builder().name("orderId").value("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b").build());
  }

  @Test
  void withoutAConfigurationSetNoneIsNamed() {
    SendEmailRequest request = new SesCustomerMailer(client(new ScriptedClient(200, null, "{}")),
        "orders@example.com", " ").request(TO, EMAIL);

    assertThat(request.configurationSetName()).isNull();
    assertThat(request.emailTags()).extracting(MessageTag::name).containsExactly("orderId");
  }

  @Test
  void aSenderIsNeededAndMayNotAddAHeader() {
    SesV2Client client = client(new ScriptedClient(200, null, "{}"));
    assertThatThrownBy(() -> new SesCustomerMailer(client, " ", null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SesCustomerMailer(client, "orders@example.com\r\nBcc: x@example.com", null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSendIsOneCallThatSucceedsOnAMessageId() {
    ScriptedClient http = new ScriptedClient(200, null, "{\"MessageId\":\"m-1\"}");

    mailer(http).send(TO, EMAIL);

    assertThat(http.bodies).hasSize(1);
    assertThat(http.bodies.get(0)).contains("\"ToAddresses\":[\"ada.lovelace@example.com\"]");
  }

  @ParameterizedTest(name = "{0} ({1})")
  @CsvSource({
      "TooManyRequestsException, 429",
      "LimitExceededException, 400",
      "SendingPausedException, 400",
      "ThrottlingException, 400",
      "InternalServiceErrorException, 500",
      "ServiceUnavailable, 503"})
  void throttlingQuotasPausedSendingAndServerErrorsAreTransient(String code, int status) {
    assertThatThrownBy(() -> mailer(new ScriptedClient(status, code, errorBody())).send(TO, EMAIL))
        .isInstanceOf(TransientFailureException.class)
        .hasMessageContaining(code + " (" + status + ")")
        .satisfies(SesCustomerMailerTest::revealsNothingPersonal);
  }

  @ParameterizedTest(name = "{0} ({1})")
  @CsvSource({
      "MessageRejected, 400",
      "MailFromDomainNotVerifiedException, 400",
      "NotFoundException, 404",
      "BadRequestException, 400",
      "AccountSuspendedException, 400"})
  void refusalsForGoodArePermanent(String code, int status) {
    assertThatThrownBy(() -> mailer(new ScriptedClient(status, code, errorBody())).send(TO, EMAIL))
        .isInstanceOf(PermanentFailureException.class)
        .hasMessageContaining(code + " (" + status + ")")
        .satisfies(SesCustomerMailerTest::revealsNothingPersonal);
  }

  @Test
  void noAnswerIsTransient() {
    assertThatThrownBy(() -> mailer(new ScriptedClient(new IOException("connection reset talking about "
        + TO.value()))).send(TO, EMAIL))
        .isInstanceOf(TransientFailureException.class)
        .satisfies(SesCustomerMailerTest::revealsNothingPersonal);
  }

  /** SES's own messages quote the request, e.g. the recipient of a rejected message. */
  private static String errorBody() {
    return "{\"message\":\"Email address is not verified. The following identities failed the check: "
        + TO.value() + " (" + EMAIL.subject() + ")\"}";
  }

  /** Neither the message nor any cause's names the address, the content or what SES said; the masked address may be. */
  private static void revealsNothingPersonal(Throwable thrown) {
    assertThat(thrown.getMessage()).contains(TO.masked()).contains(EMAIL.orderId().value());
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage()))
          .doesNotContain(TO.value()).doesNotContain("ada.lovelace")
          .doesNotContain(EMAIL.subject()).doesNotContain("Crème")
          .doesNotContain("not verified");
      assertThat(t.getSuppressed()).isEmpty();
    }
  }

  private static Content utf8(String data) {
    return Content.builder().data(data).charset("UTF-8").build();
  }
}
