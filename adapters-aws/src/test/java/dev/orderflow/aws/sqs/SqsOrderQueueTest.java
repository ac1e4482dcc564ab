package dev.orderflow.aws.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.fixtures.Orders;
import dev.orderflow.core.port.PermanentFailureException;
import dev.orderflow.core.port.TransientFailureException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

/** Batching and partial-failure handling, with a scripted client (the happy path runs on ElasticMQ). */
class SqsOrderQueueTest {

  /** Answers each SendMessageBatch call with a script; records the entries of every call. */
  static final class ScriptedSqs implements SqsClient {
    final List<List<SendMessageBatchRequestEntry>> calls = Collections.synchronizedList(new ArrayList<>());
    final List<Function<SendMessageBatchRequestEntry, BatchResultErrorEntry>> script = new ArrayList<>();

    @Override
    public SendMessageBatchResponse sendMessageBatch(SendMessageBatchRequest request) {
      Function<SendMessageBatchRequestEntry, BatchResultErrorEntry> failing =
          calls.size() < script.size() ? script.get(calls.size()) : e -> null;
      calls.add(request.entries());
      List<SendMessageBatchResultEntry> ok = new ArrayList<>();
      List<BatchResultErrorEntry> failed = new ArrayList<>();
      for (SendMessageBatchRequestEntry entry : request.entries()) {
        BatchResultErrorEntry error = failing.apply(entry);
        if (error == null) {
          ok.add(SendMessageBatchResultEntry.builder().id(entry.id()).messageId("m-" + entry.id()).build());
        } else {
          failed.add(error.toBuilder().id(entry.id()).build());
        }
      }
      return SendMessageBatchResponse.builder().successful(ok).failed(failed).build();
    }

    @Override
    public String serviceName() {
      return "sqs";
    }

    @Override
    public void close() {}
  }

  private static List<OrderRequest> requests(int n) {
    List<OrderRequest> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Orders.aRequest().build());
    }
    return out;
  }

  private static BatchResultErrorEntry serverFault() {
    return BatchResultErrorEntry.builder().code("InternalError").senderFault(false).message("try again").build();
  }

  @Test
  void splitsByTenEntriesAndBy256KiB() {
    assertThat(SqsOrderQueue.batches(Collections.nCopies(23, "x"))).extracting(List::size).containsExactly(10, 10, 3);
    String big = "y".repeat(100 * 1024);
    assertThat(SqsOrderQueue.batches(List.of(big, big, big, "z"))).extracting(List::size).containsExactly(2, 2);
    assertThatThrownBy(() -> SqsOrderQueue.batches(List.of("w".repeat(256 * 1024 + 1))))
        .isInstanceOf(PermanentFailureException.class);
  }

  @Test
  void resendsOnlyTheEntriesThatFailedOnTheServerSide() {
    ScriptedSqs sqs = new ScriptedSqs();
    sqs.script.add(e -> e.id().equals("2") || e.id().equals("5") ? serverFault() : null);

    new SqsOrderQueue(sqs, "q").submitAll(requests(7));

    assertThat(sqs.calls).hasSize(2);
    assertThat(sqs.calls.get(0)).hasSize(7);
    assertThat(sqs.calls.get(1)).extracting(SendMessageBatchRequestEntry::id).containsExactly("2", "5");
    assertThat(sqs.calls.get(1).get(0).messageBody()).isEqualTo(sqs.calls.get(0).get(2).messageBody());
  }

  @Test
  void aSenderFaultFailsAtOnce() {
    ScriptedSqs sqs = new ScriptedSqs();
    sqs.script.add(e -> e.id().equals("1") ? BatchResultErrorEntry.builder().code("InvalidMessageContents")
        .senderFault(true).message("bad").build() : null);

    assertThatThrownBy(() -> new SqsOrderQueue(sqs, "q").submitAll(requests(3)))
        .isInstanceOf(PermanentFailureException.class).hasMessageContaining("InvalidMessageContents");
    assertThat(sqs.calls).hasSize(1);
  }

  @Test
  void persistentServerFaultsEndTransient() {
    ScriptedSqs sqs = new ScriptedSqs();
    for (int i = 0; i < SqsOrderQueue.MAX_ATTEMPTS; i++) {
      sqs.script.add(e -> e.id().equals("0") ? serverFault() : null);
    }

    assertThatThrownBy(() -> new SqsOrderQueue(sqs, "q").submitAll(requests(2)))
        .isInstanceOf(TransientFailureException.class).hasMessageContaining("InternalError");
    assertThat(sqs.calls).hasSize(SqsOrderQueue.MAX_ATTEMPTS);
  }
}
