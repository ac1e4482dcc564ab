package dev.orderflow.aws.appsync;

import dev.orderflow.aws.AwsErrors;
import dev.orderflow.aws.internal.Lazy;
import dev.orderflow.aws.tracing.XRaySubsegments;
import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderChange;
import dev.orderflow.core.domain.OrderDetails;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.internal.JsonText;
import dev.orderflow.core.port.OrderChangePublisher;
import dev.orderflow.core.port.PermanentFailureException;
import dev.orderflow.core.port.TransientFailureException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * {@link OrderChangePublisher} on an AppSync GraphQL API: each change is one call of the IAM-only mutation
 * {@code publishOrderUpdate}, whose subscribers ({@code Subscription.onOrderUpdated}) receive it. The AWS SDK
 * has no AppSync data-plane client, so this is a plain HTTPS {@code POST} of the GraphQL request to the API's URL,
 * signed with SigV4 (signing name {@value #SIGNING_NAME}, the API's region) by the SDK's {@link AwsV4HttpSigner},
 * and sent over an SDK {@link SdkHttpClient} — by default the URL-connection client every other adapter uses.
 *
 * <p>The request body:
 * <pre>{@code {"query":"mutation Publish($input: OrderUpdateInput!) { publishOrderUpdate(input: $input) { id customer change … version } }",
 *  "variables":{"input":{"id":"…","customer":"…","change":"STATUS_CHANGED","name":"…","quantity":2,"restaurantId":"…",
 *   "status":"FAILED","failureReason":"…","createdAt":"2026-01-01T00:00:00.123Z","updatedAt":"…","version":3}}}}</pre>
 * The selection set names every field of {@code OrderUpdate}, because AppSync hands subscribers only the fields the
 * publishing mutation selected. A deletion carries {@code id}, {@code customer} and {@code change} only. Times are
 * {@code AWSDateTime} at millisecond precision, as the API returns them elsewhere.
 *
 * <p>Outcomes: a 2xx answer without GraphQL {@code errors} is published. A 429 or 5xx answer, no answer (I/O
 * failure, timeout) or credentials that cannot be resolved now is a {@link TransientFailureException}; any other
 * status, and a 2xx answer with {@code errors} (AppSync answers an unauthorised call with 200 and errorType
 * {@code Unauthorized}), a {@link PermanentFailureException} naming the status or the errorType and message.
 * Messages never carry the order's customer or content: an excerpt of what AppSync answered has them blanked out.
 *
 * <p>In a traced, sampled Lambda invocation each call is recorded as an X-Ray subsegment ({@link XRaySubsegments}:
 * name {@code AppSync}, namespace {@code remote}, operation {@code GraphQL}, the URL and the HTTP status).
 */
public final class AppSyncOrderChangePublisher implements OrderChangePublisher {
  /** The {@code User-Agent} of every request. */
  static final String USER_AGENT = "orderflow-order-updates";

  /** The SigV4 signing name of AppSync's GraphQL endpoints. */
  public static final String SIGNING_NAME = "appsync";
  /** The mutation, selecting every field of {@code OrderUpdate}. */
  public static final String MUTATION = "mutation Publish($input: OrderUpdateInput!) { publishOrderUpdate(input: $input) "
      + "{ id customer change name quantity restaurantId status failureReason createdAt updatedAt version } }";
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);
  /**
   * About the longest one publication takes with the {@linkplain #defaultHttpClient() default client} before it
   * fails: its connection and socket timeouts.
   */
  public static final Duration LONGEST_CALL = CONNECT_TIMEOUT.plus(SOCKET_TIMEOUT);
  /** How much of an answer is read, and how much of it an exception message quotes. */
  private static final int MAX_BODY_CHARS = 64 * 1024;
  private static final int EXCERPT_CHARS = 300;
  private static final String OPERATION = "AppSync publishOrderUpdate";
  private static final String REDACTED = "<redacted>";

  private final URI url;
  private final String region;
  private final Supplier<SdkHttpClient> httpClient;
  private final AwsCredentialsProvider credentials;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
  private final XRaySubsegments tracing;

  /**
   * @param settings the API's GraphQL URL and region
   * @param httpClient built on first use; closed by its owner, not by this publisher
   * @param credentials resolved for every request (they rotate)
   */
  public AppSyncOrderChangePublisher(AppSyncSettings settings, Supplier<SdkHttpClient> httpClient,
      AwsCredentialsProvider credentials) {
    this(settings, httpClient, credentials, XRaySubsegments.shared());
  }

  /** With another recorder of the calls' X-Ray subsegments than the {@linkplain XRaySubsegments#shared() shared} one. */
  AppSyncOrderChangePublisher(AppSyncSettings settings, Supplier<SdkHttpClient> httpClient,
      AwsCredentialsProvider credentials, XRaySubsegments tracing) {
    Objects.requireNonNull(settings, "settings");
    this.tracing = Objects.requireNonNull(tracing, "tracing");
    this.url = settings.graphQlUrl();
    this.region = settings.region();
    this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
  }

  /** With the default credentials chain and a {@linkplain #defaultHttpClient() URL-connection client} built on first use. */
  public static AppSyncOrderChangePublisher create(AppSyncSettings settings) {
    return new AppSyncOrderChangePublisher(settings, Lazy.of(AppSyncOrderChangePublisher::defaultHttpClient),
        DefaultCredentialsProvider.builder().build());
  }

  /** The URL-connection HTTP client, with a 2 s connection and a 10 s socket timeout. */
  public static SdkHttpClient defaultHttpClient() {
    return UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT).socketTimeout(SOCKET_TIMEOUT).build();
  }

  @Override
  public void publish(OrderChange change) {
    Objects.requireNonNull(change, "change");
    byte[] body = requestBody(change).getBytes(StandardCharsets.UTF_8);
    AwsCredentialsIdentity identity;
    try {
      identity = credentials.resolveCredentials();
    } catch (SdkException e) {
      throw AwsErrors.translate(OPERATION + " (resolving credentials)", e);
    }
    SignedRequest signed = sign(body, identity, null);
    HttpExecuteRequest request = HttpExecuteRequest.builder()
        .request(signed.request())
        .contentStreamProvider(signed.payload().orElse(ContentStreamProvider.fromByteArrayUnsafe(body)))
        .build();
    int status;
    String answer;
    XRaySubsegments.Call call = tracing.start("AppSync", "remote", "GraphQL", region).httpRequest("POST", url.toString());
    try {
      HttpExecuteResponse response = httpClient.get().prepareRequest(request).call();
      status = response.httpResponse().statusCode();
      String requestId = response.httpResponse().firstMatchingHeader("x-amzn-RequestId").orElse(null);
      answer = read(response.responseBody());
      call.end(status, requestId);
    } catch (IOException | SdkException e) {
      call.fail();
      throw new TransientFailureException(OPERATION + " got no answer, may succeed if repeated: "
          + e.getClass().getSimpleName() + ": " + redact(String.valueOf(e.getMessage()), change), e);
    }
    check(status, answer, change);
  }

  /** The GraphQL request that publishes {@code change}: {@link #MUTATION} and the change as its {@code input}. */
  static String requestBody(OrderChange change) {
    Map<String, Object> input = new LinkedHashMap<>(16);
    input.put("id", change.id().value());
    input.put("customer", change.customer().value());
    input.put("change", change.kind().name());
    change.orderAfter().ifPresent(order -> {
      input.put("name", order.details().name());
      input.put("quantity", order.details().quantity());
      input.put("restaurantId", order.details().restaurantId());
      input.put("status", order.status().name());
      input.put("failureReason", order.failureReason());
      input.put("createdAt", dateTime(order.createdAt()));
      input.put("updatedAt", dateTime(order.updatedAt()));
      input.put("version", order.version());
    });
    Map<String, Object> request = new LinkedHashMap<>(4);
    request.put("query", MUTATION);
    request.put("variables", Map.of("input", input));
    return JsonText.write(request);
  }

  /**
   * Runs the request path once without sending anything — body, signing (with fixed dummy credentials and time,
   * never the function's own), the HTTP client's construction — so a snapshot taken after it (SnapStart) starts
   * warm. Makes no network call.
   */
  public void prime() {
    OrderChange sample = OrderChange.between(Optional.empty(), Order.place(new OrderRequest(OrderId.of("sample-order"),
        CustomerId.of("sample-customer"), new OrderDetails("Margherita", 2, "sample-restaurant"),
        Instant.parse("2026-01-01T00:00:00Z")))).orElseThrow();
    byte[] body = requestBody(sample).getBytes(StandardCharsets.UTF_8);
    sign(body, AwsBasicCredentials.create("AKIDPRIMINGONLY00000", "priming-only-not-a-secret"),
        Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    check(200, "{\"data\":{\"publishOrderUpdate\":{\"id\":\"sample-order\"}}}", sample);
    httpClient.get();
  }

  private SignedRequest sign(byte[] body, AwsCredentialsIdentity identity, Clock clock) {
    SdkHttpRequest request = SdkHttpRequest.builder()
        .method(SdkHttpMethod.POST)
        .uri(url)
        .putHeader("Content-Type", "application/json")
        .putHeader("Content-Length", Integer.toString(body.length))
        // the API's web ACL runs AWS's common rule set, which blocks requests without a User-Agent
        .putHeader("User-Agent", USER_AGENT)
        .build();
    return signer.sign(r -> {
      r.identity(identity)
          .request(request)
          .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
          .putProperty(AwsV4HttpSigner.REGION_NAME, region);
      if (clock != null) {
        r.putProperty(HttpSigner.SIGNING_CLOCK, clock);
      }
    });
  }

  /** Throws unless {@code answer}, with {@code status}, says the change was published. */
  private static void check(int status, String answer, OrderChange change) {
    if (status == 429 || status >= 500) {
      throw new TransientFailureException(OPERATION + " failed with HTTP " + status + ", may succeed if repeated: "
          + excerpt(answer, change), null);
    }
    if (status < 200 || status > 299) {
      throw new PermanentFailureException(OPERATION + " failed with HTTP " + status + ": " + excerpt(answer, change), null);
    }
    Object parsed;
    try {
      parsed = JsonText.read(answer);
    } catch (IllegalArgumentException e) {
      throw new PermanentFailureException(OPERATION + " answered HTTP " + status + " with no GraphQL response: "
          + excerpt(answer, change), e);
    }
    if (!(parsed instanceof Map<?, ?> response)) {
      throw new PermanentFailureException(OPERATION + " answered HTTP " + status + " with no GraphQL response: "
          + excerpt(answer, change), null);
    }
    Object errors = response.get("errors");
    if (errors instanceof List<?> list && !list.isEmpty()) {
      List<String> described = new ArrayList<>();
      for (Object error : list) {
        if (error instanceof Map<?, ?> fields) {
          described.add(fields.get("errorType") + ": " + redact(String.valueOf(fields.get("message")), change));
        }
      }
      String message = OPERATION + " was refused: " + clip(described.isEmpty() ? excerpt(answer, change)
          : String.join("; ", described));
      throw new PermanentFailureException(message, null);
    }
    if (errors != null && !(errors instanceof List<?>)) {
      throw new PermanentFailureException(OPERATION + " answered with malformed errors: " + excerpt(answer, change), null);
    }
  }

  private static String read(Optional<AbortableInputStream> body) throws IOException {
    if (body.isEmpty()) {
      return "";
    }
    try (InputStream in = body.get()) {
      byte[] bytes = in.readNBytes(MAX_BODY_CHARS);
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** At most {@value #EXCERPT_CHARS} characters of {@code text}, on one line, without the change's private values. */
  private static String excerpt(String text, OrderChange change) {
    if (text == null || text.isBlank()) {
      return "(empty body)";
    }
    return clip(redact(text, change).replaceAll("\\s+", " ").strip());
  }

  private static String clip(String text) {
    return text.length() <= EXCERPT_CHARS ? text : text.substring(0, EXCERPT_CHARS) + "…";
  }

  /** {@code text} with the change's customer and the order's content blanked out, as written and as JSON-escaped. */
  static String redact(String text, OrderChange change) {
    List<String> secrets = new ArrayList<>();
    secrets.add(change.customer().value());
    change.orderAfter().ifPresent(order -> {
      secrets.add(order.details().name());
      secrets.add(order.details().restaurantId());
      if (order.failureReason() != null) {
        secrets.add(order.failureReason());
      }
    });
    secrets.sort(Comparator.comparingInt(String::length).reversed()); // a value inside another goes after it
    String out = text;
    for (String secret : secrets) {
      if (secret.isEmpty()) {
        continue;
      }
      out = out.replace(secret, REDACTED);
      String escaped = JsonText.write(secret);
      escaped = escaped.substring(1, escaped.length() - 1);
      if (!escaped.equals(secret)) {
        out = out.replace(escaped, REDACTED);
      }
    }
    return out;
  }

  private static String dateTime(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
