package dev.orderflow.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.core.port.PermanentFailureException;
import dev.orderflow.core.port.TransientFailureException;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

class AwsErrorsTest {

  private static AwsServiceException service(String code, int status) {
    return AwsServiceException.builder().statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("m").build()).build();
  }

  @Test
  void throttlingServerErrorsTimeoutsAndIoAreTransient() {
    assertThat(AwsErrors.translate("op", service("ThrottlingException", 400))).isInstanceOf(TransientFailureException.class);
    assertThat(AwsErrors.translate("op", ProvisionedThroughputExceededException.builder().statusCode(400)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build()).build()))
        .isInstanceOf(TransientFailureException.class);
    assertThat(AwsErrors.translate("op", service("InternalServerError", 500))).isInstanceOf(TransientFailureException.class);
    assertThat(AwsErrors.translate("op", service("ServiceUnavailable", 503))).isInstanceOf(TransientFailureException.class);
    assertThat(AwsErrors.translate("op", ApiCallTimeoutException.create(1000))).isInstanceOf(TransientFailureException.class);
    assertThat(AwsErrors.translate("op", SdkClientException.create("connection refused", new IOException())))
        .isInstanceOf(TransientFailureException.class);
  }

  /** The throttling answers of every service on an order's path, also when they come as a 400 with a code. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {
      "ThrottlingException", // Step Functions, SES v2
      "Throttling", // SNS (query protocol), SES
      "Throttled", // SNS
      "TooManyRequestsException", // Lambda, SES v2
      "ProvisionedThroughputExceededException", "RequestLimitExceeded", // DynamoDB
      "KmsThrottled", "KMS.ThrottlingException", // SQS when KMS throttles it
      "KMSThrottlingException", // SNS when KMS throttles it
      "ExecutionLimitExceeded"}) // Step Functions: too many open executions, until some finish
  void throttlingOfEveryServiceOnTheOrdersPathIsTransient(String code) {
    assertThat(AwsErrors.translate("op", service(code, 400))).isInstanceOf(TransientFailureException.class);
  }

  /** SES's answers that mean "not now": its throttling, a reached sending quota, sending paused (v2, and v1's). */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
      "TooManyRequestsException, 429", // SES v2: too many requests
      "LimitExceededException, 400", // SES v2: a sending quota or rate reached
      "SendingPausedException, 400", // SES v2: sending paused for the account or the configuration set
      "AccountSendingPausedException, 400", "ConfigurationSetSendingPausedException, 400", // SES v1: the same
      "Throttling, 400", // SES v1: maximum sending rate exceeded
      "InternalServiceErrorException, 500"}) // SES v2
  void sesThrottlingQuotasAndPausedSendingAreTransient(String code, int status) {
    assertThat(AwsErrors.translate("op", service(code, status))).isInstanceOf(TransientFailureException.class);
    assertThat(AwsErrors.translateRedacted("op", service(code, status))).isInstanceOf(TransientFailureException.class);
  }

  /** SES's answers that no repeat changes: the message, the sender, the configuration set or the account is refused. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
      "MessageRejected, 400", // e.g. an unverified recipient in the sandbox, a virus
      "MailFromDomainNotVerifiedException, 400", "MailFromDomainNotVerified, 400", // v2, v1
      "NotFoundException, 404", // a configuration set that does not exist
      "ConfigurationSetDoesNotExist, 400", // v1: the same
      "BadRequestException, 400",
      "AccountSuspendedException, 400"})
  void sesRefusalsArePermanent(String code, int status) {
    assertThat(AwsErrors.translate("op", service(code, status))).isInstanceOf(PermanentFailureException.class);
    assertThat(AwsErrors.translateRedacted("op", service(code, status))).isInstanceOf(PermanentFailureException.class);
  }

  @Test
  void aRedactedTranslationNamesTheCodeStatusAndRequestButNotWhatTheServiceSaid() {
    AwsServiceException rejected = AwsServiceException.builder().statusCode(400).requestId("req-7")
        .message("Email address is not verified: ada@example.com")
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("MessageRejected")
            .errorMessage("Email address is not verified: ada@example.com").build()).build();

    RuntimeException translated = AwsErrors.translateRedacted("SES SendEmail to a***@example.com", rejected);

    assertThat(translated).isInstanceOf(PermanentFailureException.class)
        .hasMessage("SES SendEmail to a***@example.com failed: MessageRejected (400), request id req-7");
    assertThat(translated.getCause()).hasMessageNotContaining("ada@").hasNoCause();
    assertThat(translated.getCause().getStackTrace()).isEqualTo(rejected.getStackTrace());

    RuntimeException noAnswer = AwsErrors.translateRedacted("op",
        SdkClientException.create("cannot reach ada@example.com", new IOException("ada@example.com")));
    assertThat(noAnswer).isInstanceOf(TransientFailureException.class)
        .hasMessage("op failed, may succeed if repeated: SdkClientException caused by IOException");
    assertThat(noAnswer.getCause()).hasMessageNotContaining("ada@").hasNoCause();
  }

  @Test
  void missingResourcesAccessDeniedAndValidationArePermanent() {
    assertThat(AwsErrors.translate("op", ResourceNotFoundException.builder().statusCode(400).build()))
        .isInstanceOf(PermanentFailureException.class);
    assertThat(AwsErrors.translate("op", QueueDoesNotExistException.builder().statusCode(400).build()))
        .isInstanceOf(PermanentFailureException.class);
    assertThat(AwsErrors.translate("op", NotFoundException.builder().statusCode(404).build()))
        .isInstanceOf(PermanentFailureException.class);
    assertThat(AwsErrors.translate("op", service("AccessDeniedException", 403))).isInstanceOf(PermanentFailureException.class);
    assertThat(AwsErrors.translate("op", service("ValidationException", 400)))
        .isInstanceOf(PermanentFailureException.class)
        .hasMessageContaining("op failed: ValidationException (400)");
  }

  @Test
  void keepsTheCauseForDiagnosisButNoSdkTypeInTheThrownType() {
    RuntimeException translated = AwsErrors.translate("op", service("ThrottlingException", 400));

    assertThat(translated.getClass().getPackageName()).isEqualTo("dev.orderflow.core.port");
    assertThat(translated.getCause()).isInstanceOf(AwsServiceException.class);
  }
}
