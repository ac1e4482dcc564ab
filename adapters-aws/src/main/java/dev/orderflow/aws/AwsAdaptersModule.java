package dev.orderflow.aws;

import com.google.inject.AbstractModule;
import dev.orderflow.aws.dynamodb.DynamoDbModule;
import dev.orderflow.aws.sfn.StepFunctionsModule;
import dev.orderflow.aws.sns.SnsModule;
import dev.orderflow.aws.sqs.SqsModule;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Every outgoing port of the order pipeline on AWS: {@link AwsModule} plus the DynamoDB, SQS, Step Functions and SNS
 * modules. A deployment that uses only some ports installs {@link AwsModule} and just those modules instead; either
 * way a client is built only when its adapter is first used. The customer mailer, which only the sender of outcome
 * emails needs (and which needs {@code ORDER_EMAIL_FROM}), is not among them: install
 * {@link dev.orderflow.aws.ses.SesModule} beside this module for it.
 */
public final class AwsAdaptersModule extends AbstractModule {
  private final AwsSettings settings;
  private final AwsCredentialsProvider credentials;

  public AwsAdaptersModule(AwsSettings settings, AwsCredentialsProvider credentials) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
  }

  @Override
  protected void configure() {
    install(new AwsModule(settings, credentials));
    install(new DynamoDbModule());
    install(new SqsModule());
    install(new StepFunctionsModule());
    install(new SnsModule());
  }
}
