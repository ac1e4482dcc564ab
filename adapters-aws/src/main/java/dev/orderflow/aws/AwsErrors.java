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
 *       topic, access denied, validation errors; for SES, a rejected message, an unverified sender or MAIL FROM
 *       domain, a missing configuration set, a suspended account.</li>
 * </ul>
 *
 * <p>SES's own codes: {@code TooManyRequestsException}, {@code LimitExceededException} (a sending quota or rate
 * reached), {@code SendingPausedException} (v2) and {@code AccountSendingPausedException} /
 * {@code ConfigurationSetSendingPausedException} (v1: sending paused by the operator or by SES until a review ends)
 * are transient; {@code MessageRejected}, {@code MailFromDomainNotVerifiedException}, {@code NotFoundException},
 * {@code BadRequestException} and {@code AccountSuspendedException} are permanent.
 */
public final class AwsErrors {
  /** 4xx error codes that still mean "try again later". */
  private static final Set<String> TRANSIENT_CODES = Set.of(
      "ThrottlingException", "Throttling", "ThrottledException", "TooManyRequestsException",
      "RequestThrottled", "RequestThrottledException", "ProvisionedThroughputExceededException",
      "RequestLimitExceeded", "LimitExceededException", "RequestTimeout", "RequestTimeoutException",
      "PriorRequestNotComplete", "TransactionInProgressException", "KMSThrottlingException",
      "KMSThrottling", "KmsThrottled", "KMS.ThrottlingException", "Throttled", "ExecutionLimitExceeded",
      "ServiceUnavailable", "InternalError", "InternalFailure",
      // SES: sending paused (v2; v1's account and configuration set forms) until someone resumes it
      "SendingPausedException", "AccountSendingPausedException", "ConfigurationSetSendingPausedException");

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

  /**
   * Like {@link #translate}, for a call whose request holds personal data (an email address, a message body) that
   * a service's error message may quote: the message names the operation, the error code, the HTTP status and the
   * request id, never the service's own message; the cause is not kept, only its stack trace (under a stand-in
   * exception that names the SDK exception's type and code).
   *
   * @param operation what was attempted, for the message; itself free of personal data
   * @return the exception to throw
   */
  public static RuntimeException translateRedacted(String operation, SdkException e) {
    String summary = summarize(e);
    RuntimeException stackOnly = new RuntimeException(e.getClass().getName() + ": " + summary);
    stackOnly.setStackTrace(e.getStackTrace());
    if (isTransient(e)) {
      return new TransientFailureException(operation + " failed, may succeed if repeated: " + summary, stackOnly);
    }
    return new PermanentFailureException(operation + " failed: " + summary, stackOnly);
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

  /** The error code, status and request id of a service error; the exception types of a client-side failure. */
  private static String summarize(SdkException e) {
    if (e instanceof AwsServiceException service) {
      String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
      return (code == null ? service.getClass().getSimpleName() : code) + " (" + service.statusCode() + ")"
          + (service.requestId() == null ? "" : ", request id " + service.requestId());
    }
    StringBuilder types = new StringBuilder(e.getClass().getSimpleName());
    Throwable cause = e.getCause();
    for (int depth = 0; cause != null && depth < 5; depth++, cause = cause.getCause()) {
      types.append(" caused by ").append(cause.getClass().getSimpleName());
    }
    return types.toString();
  }

  private static String describe(SdkException e) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      return service.awsErrorDetails().errorCode() + " (" + service.statusCode() + "): "
          + service.awsErrorDetails().errorMessage();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
