package dev.orderflow.aws.sfn;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.orderflow.aws.AwsClients;
import dev.orderflow.aws.AwsSettings;
import dev.orderflow.aws.internal.Lazy;
import dev.orderflow.core.port.OrderWorkflow;
import software.amazon.awssdk.services.sfn.SfnClient;

/** Binds {@link OrderWorkflow} to Step Functions ({@code ORDER_STATE_MACHINE_ARN}). Needs {@link dev.orderflow.aws.AwsModule}. */
public final class StepFunctionsModule extends AbstractModule {

  @Provides
  @Singleton
  Lazy<SfnClient> stepFunctionsClient(AwsClients clients) {
    return Lazy.of(clients::stepFunctions);
  }

  @Provides
  @Singleton
  OrderWorkflow orderWorkflow(Lazy<SfnClient> client, AwsSettings settings) {
    return new StepFunctionsOrderWorkflow(client, settings.stateMachineArn());
  }
}
