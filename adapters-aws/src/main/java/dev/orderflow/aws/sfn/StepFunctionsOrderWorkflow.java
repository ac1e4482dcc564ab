package dev.orderflow.aws.sfn;

import dev.orderflow.aws.AwsErrors;
import dev.orderflow.aws.internal.Lazy;
import dev.orderflow.core.domain.OrderRequest;
import dev.orderflow.core.internal.JsonText;
import dev.orderflow.core.port.OrderMessageFormat;
import dev.orderflow.core.port.OrderWorkflow;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/**
 * {@link OrderWorkflow} on a Step Functions Standard state machine: StartExecution named by the order id,
 * with the order message as input.
 *
 * <p>Why the input carries a {@code startId}: Step Functions answers a StartExecution with the name
 * <em>and input</em> of a running execution with success — the same answer as a new start — so a
 * redelivered message could not tell "started now" from "already running". Each call therefore adds a
 * fresh {@code "startId"} field to the {@link OrderMessageFormat} object (which decoders ignore as an
 * unknown key): a second call for the same order then differs in input and gets
 * {@code ExecutionAlreadyExists}, which means "already started". The SDK's own retries of one call resend
 * the same input, so a retried start that did go through still counts as started now.
 */
public final class StepFunctionsOrderWorkflow implements OrderWorkflow {
  static final String START_ID_FIELD = "startId";

  private final Supplier<SfnClient> client;
  private final String stateMachineArn;
  private final Supplier<String> startIds;

  public StepFunctionsOrderWorkflow(SfnClient client, String stateMachineArn) {
    this(Lazy.ready(client), stateMachineArn);
  }

  /** @param client built on first use */
  public StepFunctionsOrderWorkflow(Supplier<SfnClient> client, String stateMachineArn) {
    this(client, stateMachineArn, () -> UUID.randomUUID().toString());
  }

  StepFunctionsOrderWorkflow(Supplier<SfnClient> client, String stateMachineArn, Supplier<String> startIds) {
    this.client = Objects.requireNonNull(client, "client");
    this.stateMachineArn = Objects.requireNonNull(stateMachineArn, "stateMachineArn");
    this.startIds = startIds;
  }

  @Override
  public boolean start(OrderRequest request) {
    String input = input(request, startIds.get());
    try {
      client.get().startExecution(b -> b.stateMachineArn(stateMachineArn)
          .name(executionName(request))
          .input(input));
      return true;
    } catch (ExecutionAlreadyExistsException alreadyStarted) {
      return false;
    } catch (SdkException e) {
      throw AwsErrors.translate("Step Functions StartExecution " + stateMachineArn, e);
    }
  }

  /** The order id: 1–64 characters of {@code [A-Za-z0-9_-]}, always a valid execution name (≤ 80). */
  static String executionName(OrderRequest request) {
    return request.id().value();
  }

  /** The order message with a {@code startId} field added; still decodes to {@code request}. */
  static String input(OrderRequest request, String startId) {
    Map<String, Object> input = OrderMessageFormat.fields(request);
    input.put(START_ID_FIELD, startId);
    return JsonText.write(input);
  }
}
