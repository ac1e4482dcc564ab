package dev.orderflow.aws.sqs;

import dev.orderflow.aws.AwsErrors;
import dev.orderflow.aws.internal.Lazy;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.port.OrderMessageFormat;
import dev.orderflow.core.port.OrderQueue;
import dev.orderflow.core.port.PermanentFailureException;
import dev.orderflow.core.port.TransientFailureException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * {@link OrderQueue} on SQS: one message per request, body in {@link OrderMessageFormat}. {@link #submitAll}
 * sends batches of at most 10 entries and 256 KiB; entries SQS fails on its side are sent again (a few
 * times, with a short backoff), entries it rejects as the sender's fault fail the call at once.
 */
public final class SqsOrderQueue implements OrderQueue {
  /** SQS's limits for one SendMessageBatch call. */
  static final int MAX_BATCH_ENTRIES = 10;
  static final int MAX_BATCH_BYTES = 256 * 1024;
  static final int MAX_ATTEMPTS = 4;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);

  private final Supplier<SqsClient> client;
  private final String queueUrl;

  public SqsOrderQueue(SqsClient client, String queueUrl) {
    this(Lazy.ready(client), queueUrl);
  }

  /** @param client built on first use */
  public SqsOrderQueue(Supplier<SqsClient> client, String queueUrl) {
    this.client = Objects.requireNonNull(client, "client");
    this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
  }

  @Override
  public void submit(OrderRequest request) {
    String body = OrderMessageFormat.encode(request);
    checkSize(body);
    try {
      client.get().sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
    } catch (SdkException e) {
      throw AwsErrors.translate("SQS SendMessage " + queueUrl, e);
    }
  }

  @Override
  public void submitAll(List<OrderRequest> requests) {
    for (List<String> batch : batches(requests.stream().map(OrderMessageFormat::encode).toList())) {
      sendBatch(batch);
    }
  }

  /** Splits bodies into batches within SQS's entry and size limits, keeping their order. */
  static List<List<String>> batches(List<String> bodies) {
    List<List<String>> batches = new ArrayList<>();
    List<String> current = new ArrayList<>();
    int bytes = 0;
    for (String body : bodies) {
      int size = checkSize(body);
      if (current.size() == MAX_BATCH_ENTRIES || bytes + size > MAX_BATCH_BYTES) {
        batches.add(current);
        current = new ArrayList<>();
        bytes = 0;
      }
      current.add(body);
      bytes += size;
    }
    if (!current.isEmpty()) {
      batches.add(current);
    }
    return batches;
  }

  private void sendBatch(List<String> bodies) {
    Map<String, String> pending = new LinkedHashMap<>();
    for (int i = 0; i < bodies.size(); i++) {
      pending.put(Integer.toString(i), bodies.get(i));
    }
    List<BatchResultErrorEntry> lastFailures = List.of();
    for (int attempt = 1; attempt <= MAX_ATTEMPTS && !pending.isEmpty(); attempt++) {
      if (attempt > 1) {
        pause(FIRST_BACKOFF.multipliedBy(1L << (attempt - 2)));
      }
      List<SendMessageBatchRequestEntry> entries = pending.entrySet().stream()
          .map(e -> SendMessageBatchRequestEntry.builder().id(e.getKey()).messageBody(e.getValue()).build())
          .toList();
      SendMessageBatchResponse response;
      try {
        response = client.get().sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
      } catch (SdkException e) {
        throw AwsErrors.translate("SQS SendMessageBatch " + queueUrl, e);
      }
      response.successful().forEach(ok -> pending.remove(ok.id()));
      List<BatchResultErrorEntry> permanent = response.failed().stream()
          .filter(f -> Boolean.TRUE.equals(f.senderFault())).toList();
      if (!permanent.isEmpty()) {
        throw new PermanentFailureException("SQS SendMessageBatch " + queueUrl + " rejected "
            + permanent.size() + " message(s): " + describe(permanent), null);
      }
      lastFailures = response.failed();
    }
    if (!pending.isEmpty()) {
      throw new TransientFailureException("SQS SendMessageBatch " + queueUrl + " could not queue "
          + pending.size() + " message(s) after " + MAX_ATTEMPTS + " attempts: " + describe(lastFailures));
    }
  }

  private static int checkSize(String body) {
    int size = body.getBytes(StandardCharsets.UTF_8).length;
    if (size > MAX_BATCH_BYTES) {
      throw new PermanentFailureException("an order message of " + size + " bytes exceeds SQS's "
          + MAX_BATCH_BYTES + " bytes", null);
    }
    return size;
  }

  private static String describe(List<BatchResultErrorEntry> failures) {
    return failures.stream().map(f -> f.code() + " (" + f.message() + ")").distinct()
        .collect(Collectors.joining("; "));
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientFailureException("interrupted while retrying SQS SendMessageBatch", e);
    }
  }
}
