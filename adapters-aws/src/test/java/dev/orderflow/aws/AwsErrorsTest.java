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
