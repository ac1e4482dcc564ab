package dev.orderflow.aws.tracing;

import dev.orderflow.core.internal.JsonText;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;

/**
 * Records AWS calls as X-Ray subsegments without the X-Ray SDK: each call is one segment document sent on its own, as
 * one UDP datagram ({@value #HEADER_LINE} and the document) to the X-Ray daemon that Lambda runs beside the function.
 *
 * <p>As an SDK {@link ExecutionInterceptor} (registered on every client {@code AwsClients} builds) it records each
 * SDK call — all its attempts — as {@code {"type":"subsegment","name":"DynamoDB","namespace":"aws",…}} with the
 * operation, region, request id, the table, queue, state machine or topic, the HTTP status, {@code retries} and the
 * {@code error} (4xx), {@code throttle} (429 or a throttling error, with {@code error}) or {@code fault} (5xx, or no
 * answer) flag. {@link #start} records any other call (the AppSync publisher's, namespace {@code remote}).
 *
 * <p>The subsegment's {@code trace_id} and {@code parent_id} are the {@code Root} and {@code Parent} of the current
 * invocation's trace header (system property {@value #TRACE_HEADER_PROPERTY}, set per invocation by the Lambda
 * runtime client, else environment variable {@value #TRACE_HEADER_VARIABLE}). Nothing is recorded or sent unless
 * that header says {@code Sampled=1} and the daemon's address is set ({@value #DAEMON_ADDRESS_VARIABLE}:
 * {@code host:port}, or {@code udp:host:port tcp:host:port}; else system property {@value #DAEMON_ADDRESS_PROPERTY}),
 * so tests, the local runtime and users off Lambda pay a header lookup per call and nothing else.
 *
 * <p>Never throws and never blocks: the datagram is sent on a non-blocking channel, opened on first use, and dropped
 * if it cannot be sent at once. No request or response content is recorded.
 */
public final class XRaySubsegments implements ExecutionInterceptor {
  /** The daemon's address, as Lambda sets it. */
  public static final String DAEMON_ADDRESS_VARIABLE = "AWS_XRAY_DAEMON_ADDRESS";
  /** The daemon's address when the variable is not set (the X-Ray SDK's property of the same meaning). */
  public static final String DAEMON_ADDRESS_PROPERTY = "com.amazonaws.xray.emitters.daemonAddress";
  /** The current invocation's trace header, as the Lambda runtime client sets it per invocation. */
  public static final String TRACE_HEADER_PROPERTY = "com.amazonaws.xray.traceHeader";
  /** The trace header where older runtimes set it. */
  public static final String TRACE_HEADER_VARIABLE = "_X_AMZN_TRACE_ID";
  /** The line before each segment document in a datagram to the daemon. */
  public static final String HEADER_LINE = "{\"format\":\"json\",\"version\":1}\n";
  /** X-Ray's limit of a segment document. */
  static final int MAX_DATAGRAM_BYTES = 64 * 1024;

  private static final XRaySubsegments SHARED = new XRaySubsegments(XRaySubsegments::daemonAddressFromEnvironment,
      XRaySubsegments::traceHeaderOfInvocation);
  private static final ExecutionAttribute<Call> CALL = new ExecutionAttribute<>("orderflow.xray.subsegment");
  private static final Call NONE = new Call(null, null, null, null, null, null, null);
  /** The request fields naming the resource a call is about, and the {@code aws} field each is recorded as. */
  private static final String[][] RESOURCE_FIELDS = {{"TableName", "table_name"}, {"QueueUrl", "queue_url"},
      {"stateMachineArn", "state_machine_arn"}, {"TopicArn", "topic_arn"}};

  private final Supplier<String> daemonAddress;
  private final Supplier<String> traceHeader;
  private final Object lock = new Object();
  private volatile DatagramChannel channel;
  private volatile Daemon daemon;

  /**
   * @param daemonAddress the daemon's address ({@code host:port} or {@code udp:host:port tcp:host:port}), null: none
   * @param traceHeader the current trace header ({@code Root=…;Parent=…;Sampled=1}), null: none
   */
  public XRaySubsegments(Supplier<String> daemonAddress, Supplier<String> traceHeader) {
    this.daemonAddress = daemonAddress;
    this.traceHeader = traceHeader;
  }

  /** The one instance for this JVM, reading the daemon's address and the trace header as Lambda provides them. */
  public static XRaySubsegments shared() {
    return SHARED;
  }

  private static String daemonAddressFromEnvironment() {
    String address = System.getenv(DAEMON_ADDRESS_VARIABLE);
    return address == null || address.isBlank() ? System.getProperty(DAEMON_ADDRESS_PROPERTY) : address;
  }

  private static String traceHeaderOfInvocation() {
    String header = System.getProperty(TRACE_HEADER_PROPERTY);
    return header == null || header.isBlank() ? System.getenv(TRACE_HEADER_VARIABLE) : header;
  }

  /**
   * Starts recording a call: {@code end} or {@code fail} the result once the call is done. Records nothing (the
   * result's methods do nothing) unless the current trace is sampled and the daemon's address is set.
   *
   * @param namespace {@code aws} for an AWS SDK call, {@code remote} for another downstream call
   */
  public Call start(String name, String namespace, String operation, String region) {
    try {
      String header = traceHeader.get();
      if (header == null || header.indexOf("Sampled=1") < 0) {
        return NONE;
      }
      Daemon target = daemon();
      if (target == null) {
        return NONE;
      }
      String root = null;
      String parent = null;
      boolean sampled = false;
      for (String part : header.split(";")) {
        String field = part.strip();
        if (field.startsWith("Root=")) {
          root = field.substring(5);
        } else if (field.startsWith("Parent=")) {
          parent = field.substring(7);
        } else if (field.equals("Sampled=1")) {
          sampled = true;
        }
      }
      if (!sampled || root == null || root.isEmpty() || parent == null || parent.isEmpty()) {
        return NONE;
      }
      return new Call(this, target, root, parent, name, namespace, operation).region(region);
    } catch (RuntimeException e) {
      return NONE;
    }
  }

  /**
   * If the daemon's address is set, opens the channel and writes a sample document (sending nothing), so that the
   * first traced call does not load the classes on the invocation's path. For a background thread at start-up; never
   * throws.
   */
  public void prepare() {
    try {
      Daemon target = daemon();
      if (target != null) {
        channel();
        new Call(this, target, "1-00000000-000000000000000000000000", "0000000000000001", "prepare", "aws", "Prepare")
            .region("none").document(200, "none", false);
      }
    } catch (IOException | RuntimeException | LinkageError e) {
      // only an optimisation: the first traced call opens the channel then
    }
  }

  /** The daemon's address, parsed once per distinct value; null if none is set or it is not one. */
  private Daemon daemon() {
    String text = daemonAddress.get();
    if (text == null || text.isBlank()) {
      return null;
    }
    Daemon known = daemon;
    if (known != null && known.text.equals(text)) {
      return known.address == null ? null : known;
    }
    Daemon parsed = new Daemon(text, parseAddress(text));
    daemon = parsed;
    return parsed.address == null ? null : parsed;
  }

  /** {@code host:port}, or the {@code udp:} entry of {@code udp:host:port tcp:host:port}; null if neither. */
  static InetSocketAddress parseAddress(String text) {
    String udp = null;
    for (String token : text.strip().split("\\s+")) {
      String lower = token.toLowerCase(Locale.ROOT);
      if (lower.startsWith("udp:")) {
        udp = token.substring(4);
      } else if (!lower.startsWith("tcp:") && udp == null) {
        udp = token;
      }
    }
    if (udp == null) {
      return null;
    }
    int colon = udp.lastIndexOf(':');
    if (colon <= 0 || colon == udp.length() - 1) {
      return null;
    }
    String host = udp.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      int port = Integer.parseInt(udp.substring(colon + 1));
      if (port < 1 || port > 65535 || host.isEmpty()) {
        return null;
      }
      InetSocketAddress address = new InetSocketAddress(host, port);
      return address.isUnresolved() ? null : address;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private record Daemon(String text, InetSocketAddress address) {
  }

  /** Sends one segment document; drops it on any failure. */
  void send(InetSocketAddress address, String document) {
    try {
      byte[] bytes = (HEADER_LINE + document).getBytes(StandardCharsets.UTF_8);
      if (bytes.length > MAX_DATAGRAM_BYTES) {
        return;
      }
      channel().send(ByteBuffer.wrap(bytes), address);
    } catch (IOException | RuntimeException | LinkageError e) {
      // tracing is best effort: the call itself went on regardless
    }
  }

  private DatagramChannel channel() throws IOException {
    DatagramChannel open = channel;
    if (open == null || !open.isOpen()) {
      synchronized (lock) {
        open = channel;
        if (open == null || !open.isOpen()) {
          open = DatagramChannel.open();
          open.configureBlocking(false);
          channel = open;
        }
      }
    }
    return open;
  }

  // ---- the SDK interceptor ----

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    try {
      Region region = attributes.getAttribute(AwsExecutionAttribute.AWS_REGION);
      Call call = start(serviceName(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)), "aws",
          attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), region == null ? null : region.id());
      if (call.recording()) {
        SdkRequest request = context.request();
        for (String[] field : RESOURCE_FIELDS) {
          Optional<String> value = request.getValueForField(field[0], String.class);
          if (value.isPresent()) {
            call.aws(field[1], value.get());
            break;
          }
        }
        attributes.putAttribute(CALL, call);
      }
    } catch (RuntimeException e) {
      // never fail a call for its trace
    }
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    Call call = attributes.getAttribute(CALL);
    if (call != null) {
      call.attempts++;
    }
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    Call call = attributes.getAttribute(CALL);
    if (call == null) {
      return;
    }
    try {
      SdkHttpResponse response = context.httpResponse();
      call.end(response.statusCode(), requestId(response));
    } catch (RuntimeException e) {
      // never fail a call for its trace
    }
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    Call call = attributes.getAttribute(CALL);
    if (call == null) {
      return;
    }
    try {
      Optional<SdkHttpResponse> response = context.httpResponse();
      Throwable failure = context.exception();
      int status = response.map(SdkHttpResponse::statusCode).orElse(0);
      String requestId = response.map(XRaySubsegments::requestId).orElse(null);
      boolean throttled = false;
      if (failure instanceof SdkServiceException service) {
        status = status == 0 ? service.statusCode() : status;
        requestId = requestId == null ? service.requestId() : requestId;
        throttled = service.isThrottlingException();
      }
      call.finish(status, requestId, throttled);
    } catch (RuntimeException e) {
      // never fail a call for its trace
    }
  }

  private static String requestId(SdkHttpResponse response) {
    return response.firstMatchingHeader("x-amzn-RequestId")
        .or(() -> response.firstMatchingHeader("x-amz-request-id"))
        .orElse(null);
  }

  /** The SDK's service name as X-Ray's own SDK names the subsegment: {@code DynamoDB}, {@code SQS}, … */
  static String serviceName(String sdkName) {
    if (sdkName == null) {
      return "AWS";
    }
    return switch (sdkName) {
      case "DynamoDb" -> "DynamoDB";
      case "Sqs" -> "SQS";
      case "Sns" -> "SNS";
      case "Sfn" -> "SFN";
      default -> sdkName;
    };
  }

  /** One call being recorded; does nothing if it is not (the trace is not sampled, or there is no daemon). */
  public static final class Call {
    private final XRaySubsegments owner;
    private final Daemon daemon;
    private final String traceId;
    private final String parentId;
    private final String name;
    private final String namespace;
    private final Instant started;
    private final long startedNanos;
    private final Map<String, Object> aws = new LinkedHashMap<>(8);
    private final Map<String, Object> request = new LinkedHashMap<>(4);
    /** HTTP attempts made (the SDK's retries: all but the first). */
    volatile int attempts;
    private boolean done;

    private Call(XRaySubsegments owner, Daemon daemon, String traceId, String parentId, String name, String namespace,
        String operation) {
      this.owner = owner;
      this.daemon = daemon;
      this.traceId = traceId;
      this.parentId = parentId;
      this.name = name;
      this.namespace = namespace;
      this.started = owner == null ? null : Instant.now();
      this.startedNanos = owner == null ? 0 : System.nanoTime();
      if (operation != null) {
        aws.put("operation", operation);
      }
    }

    /** Whether this call is recorded and will be sent. */
    public boolean recording() {
      return owner != null;
    }

    private Call region(String region) {
      if (region != null && recording()) {
        aws.put("region", region);
      }
      return this;
    }

    /** Adds {@code aws.<key>} (e.g. {@code table_name}). */
    public Call aws(String key, String value) {
      if (recording() && value != null) {
        aws.put(key, value);
      }
      return this;
    }

    /** Adds the request's method and URL ({@code http.request}), for a call X-Ray knows only by its URL. */
    public Call httpRequest(String method, String url) {
      if (recording()) {
        request.put("method", method);
        request.put("url", url);
      }
      return this;
    }

    /** The call got an answer with {@code status} (the flags follow from it), and perhaps a request id. */
    public void end(int status, String requestId) {
      finish(status, requestId, false);
    }

    /** The call failed without an answer (an I/O failure, a timeout): a fault. */
    public void fail() {
      finish(0, null, false);
    }

    synchronized void finish(int status, String requestId, boolean throttled) {
      if (!recording() || done) {
        return;
      }
      done = true;
      try {
        owner.send(daemon.address(), document(status, requestId, throttled));
      } catch (RuntimeException e) {
        // never fail a call for its trace
      }
    }

    String document(int status, String requestId, boolean throttled) {
      Instant ended = started.plusNanos(Math.max(0, System.nanoTime() - startedNanos));
      Map<String, Object> segment = new LinkedHashMap<>(16);
      segment.put("type", "subsegment");
      segment.put("id", newId());
      segment.put("trace_id", traceId);
      segment.put("parent_id", parentId);
      segment.put("name", name);
      segment.put("namespace", namespace);
      segment.put("start_time", seconds(started));
      segment.put("end_time", seconds(ended));
      if (requestId != null && !requestId.isBlank()) {
        aws.put("request_id", requestId);
      }
      if (attempts > 1) {
        aws.put("retries", (long) attempts - 1);
      }
      if (!aws.isEmpty()) {
        segment.put("aws", aws);
      }
      Map<String, Object> http = new LinkedHashMap<>(2);
      if (!request.isEmpty()) {
        http.put("request", request);
      }
      if (status > 0) {
        http.put("response", Map.of("status", (long) status));
      }
      if (!http.isEmpty()) {
        segment.put("http", http);
      }
      if (status == 429 || throttled) {
        segment.put("error", true);
        segment.put("throttle", true);
      } else if (status >= 400 && status < 500) {
        segment.put("error", true);
      } else if (status >= 500 || status <= 0) {
        segment.put("fault", true);
      }
      return JsonText.write(segment);
    }

    /** Epoch seconds with microseconds, written plainly ({@code 1764633093.123456}). */
    private static BigDecimal seconds(Instant instant) {
      return BigDecimal.valueOf(instant.getEpochSecond()).add(BigDecimal.valueOf(instant.getNano() / 1_000, 6));
    }

    /** 64 random bits in 16 hex digits, never all zero. */
    private static String newId() {
      long id;
      do {
        id = ThreadLocalRandom.current().nextLong();
      } while (id == 0);
      return HexFormat.of().toHexDigits(id);
    }
  }
}
