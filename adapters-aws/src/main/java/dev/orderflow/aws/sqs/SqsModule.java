package dev.orderflow.aws.sqs;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.orderflow.aws.AwsClients;
import dev.orderflow.aws.AwsSettings;
import dev.orderflow.aws.internal.Lazy;
import dev.orderflow.core.port.OrderQueue;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Binds {@link OrderQueue} to SQS ({@code ORDER_QUEUE_URL}). Needs {@link dev.orderflow.aws.AwsModule}. */
public final class SqsModule extends AbstractModule {

  @Provides
  @Singleton
  Lazy<SqsClient> sqsClient(AwsClients clients) {
    return Lazy.of(clients::sqs);
  }

  @Provides
  @Singleton
  OrderQueue orderQueue(Lazy<SqsClient> client, AwsSettings settings) {
    return new SqsOrderQueue(client, settings.queueUrl());
  }
}
