package dev.orderflow.lambda.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Assertions on the resolver's answer to a failure that is not the caller's doing: a generic message with a
 * reference, nothing of the cause, and one ERROR log entry with that reference next to the cause.
 */
public final class ConcealedErrors {
  private static final Pattern INTERNAL = Pattern.compile("internal error; reference (\\S+)");
  private static final Pattern UNAVAILABLE = Pattern.compile("temporarily unavailable, try again; reference (\\S+)");

  /** What no client may ever read in an error message, whatever the cause. */
  private static final String[] NEVER = {"arn:", "amazonaws", "http:", "https:", "127.0.0.1", "Exception", "Error:",
      "dev.orderflow", "java.", "software.", "\tat ", "\n", "DynamoDB", "SQS", "table", "queue"};

  private ConcealedErrors() {}

  /** Asserts an {@code InternalError} envelope with the generic message; returns its reference. */
  public static String internalError(Map<String, Object> result) {
    return concealed(result, "InternalError", INTERNAL);
  }

  /** Asserts an {@code Unavailable} envelope (a retryable failure) with the generic message; returns its reference. */
  public static String unavailable(Map<String, Object> result) {
    return concealed(result, "Unavailable", UNAVAILABLE);
  }

  /**
   * Asserts the invocation logged exactly one entry at ERROR (one JSON line: one CloudWatch event): the reference in
   * its message and its {@code reference} field, the request id of {@code context}, and the cause with its stack
   * trace holding every one of {@code causeDetails} (what the client must not see).
   */
  public static void loggedOnce(RecordingContext context, String reference, String... causeDetails) {
    assertThat(context.lines).isEmpty();
    List<Map<String, Object>> errors = CapturedTelemetry.logs("ERROR");
    assertThat(errors).hasSize(1);
    Map<String, Object> entry = errors.get(0);
    assertThat(entry).containsEntry("event", "request.failed").containsEntry("reference", reference)
        .containsEntry("requestId", context.getAwsRequestId());
    assertThat((String) entry.get("message")).startsWith("resolver ").endsWith("failed; reference " + reference);
    assertThat((String) entry.get("error")).contains("\tat ");
    assertThat(entry.get("message") + "\n" + entry.get("error")).contains(causeDetails);
  }

  @SuppressWarnings("unchecked")
  private static String concealed(Map<String, Object> result, String errorType, Pattern message) {
    assertThat(result).containsOnlyKeys("error");
    Map<String, Object> error = (Map<String, Object>) result.get("error");
    assertThat(error).containsOnlyKeys("errorType", "message").containsEntry("errorType", errorType);
    String text = (String) error.get("message");
    Matcher matcher = message.matcher(text);
    assertThat(matcher.matches()).as("generic message, was: %s", text).isTrue();
    assertThat(text).doesNotContain(NEVER);
    return matcher.group(1);
  }
}
