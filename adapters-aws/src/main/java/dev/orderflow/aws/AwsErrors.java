package dev.orderflow.aws;

import dev.orderflow.core.port.PermanentFailureException;
import dev.orderflow.core.port.TransientFailureException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one place where SDK failures become the core's failures, so no SDK type crosses a port.
 * Expected outcomes (a failed condition, an existing execution) are handled by each adapter before it
 * gets here; whatever reaches this class is either worth retrying or not.
 *
 * <ul>
 *   <li>{@link TransientFailureException}: throttling, any 5xx, request timeouts, and client-side
 *       failures (I/O, connection refused, call or attempt timeouts).</li>
 *   <li>{@link PermanentFailureException}: everything else the service rejects — missing table, queue or
 *       topic, access denied, validation errors.</li>
 * </ul>
 */
public final class AwsErrors {
  /** 4xx error codes that still mean "try again later". */
  private static final Set<String> TRANSIENT_CODES = Set.of(
      "ThrottlingException", "Throttling", "ThrottledException", "TooManyRequestsException",
      "RequestThrottled", "RequestThrottledException", "ProvisionedThroughputExceededException",
      "RequestLimitExceeded", "LimitExceededException", "RequestTimeout", "RequestTimeoutException",
      "PriorRequestNotComplete", "TransactionInProgressException", "KMSThrottlingException",
      "KMSThrottling", "KmsThrottled", "KMS.ThrottlingException", "Throttled", "ExecutionLimitExceeded",
      "ServiceUnavailable", "InternalError", "InternalFailure");

  private AwsErrors() {}

  /**
   * @param operation what was attempted, for the message, e.g. {@code "DynamoDB PutItem orders"}
   * @return the exception to throw
   */
  public static RuntimeException translate(String operation, SdkException e) {
    if (isTransient(e)) {
      return new TransientFailureException(operation + " failed, may succeed if repeated: " + describe(e), e);
    }
    return new PermanentFailureException(operation + " failed: " + describe(e), e);
  }

  /** Whether repeating the call may succeed. */
  public static boolean isTransient(SdkException e) {
    if (e instanceof AwsServiceException service) {
      if (service.isThrottlingException() || service.statusCode() >= 500) {
        return true;
      }
      String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
      return code != null && TRANSIENT_CODES.contains(code);
    }
    return e instanceof SdkClientException;
  }

  private static String describe(SdkException e) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      return service.awsErrorDetails().errorCode() + " (" + service.statusCode() + "): "
          + service.awsErrorDetails().errorMessage();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
