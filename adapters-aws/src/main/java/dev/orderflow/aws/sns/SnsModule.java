package dev.orderflow.aws.sns;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.orderflow.aws.AwsClients;
import dev.orderflow.aws.AwsSettings;
import dev.orderflow.aws.internal.Lazy;
import dev.orderflow.core.port.OrderNotifier;
import software.amazon.awssdk.services.sns.SnsClient;

/** Binds {@link OrderNotifier} to SNS ({@code ORDER_TOPIC_ARN}). Needs {@link dev.orderflow.aws.AwsModule}. */
public final class SnsModule extends AbstractModule {

  @Provides
  @Singleton
  Lazy<SnsClient> snsClient(AwsClients clients) {
    return Lazy.of(clients::sns);
  }

  @Provides
  @Singleton
  OrderNotifier orderNotifier(Lazy<SnsClient> client, AwsSettings settings) {
    return new SnsOrderNotifier(client, settings.topicArn());
  }
}
