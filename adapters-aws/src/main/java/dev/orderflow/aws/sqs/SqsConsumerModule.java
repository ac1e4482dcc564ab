package dev.orderflow.aws.sqs;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.orderflow.aws.AwsSettings;
import dev.orderflow.aws.internal.Lazy;
import dev.orderflow.core.application.StartOrderProcessing;
import java.util.Objects;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Binds the JVM-side {@link SqsOrderConsumer} of the order queue (not started: call
 * {@link SqsOrderConsumer#start()}). Needs {@link SqsModule} and a binding of
 * {@link dev.orderflow.core.port.OrderWorkflow}, e.g. from {@code StepFunctionsModule}.
 */
public final class SqsConsumerModule extends AbstractModule {
  private final SqsOrderConsumer.Options options;

  public SqsConsumerModule() {
    this(SqsOrderConsumer.Options.defaults());
  }

  public SqsConsumerModule(SqsOrderConsumer.Options options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  @Provides
  @Singleton
  SqsOrderConsumer consumer(Lazy<SqsClient> client, AwsSettings settings, StartOrderProcessing processing) {
    return new SqsOrderConsumer(client, settings.queueUrl(), processing, options);
  }
}
