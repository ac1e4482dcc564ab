package dev.orderflow.aws;

import com.google.inject.AbstractModule;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Binds {@link AwsSettings} and {@link AwsClients}, which every adapter module needs. Side-effect free:
 * no client is built here (see {@link Lazy}).
 */
public final class AwsModule extends AbstractModule {
  private final AwsSettings settings;
  private final AwsCredentialsProvider credentials;

  public AwsModule(AwsSettings settings, AwsCredentialsProvider credentials) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
  }

  /**
   * Settings from the environment with the default credentials chain.
   *
   * @param needed the resources this deployment uses; all of their variables must be set
   * @throws IllegalStateException naming every missing variable
   */
  public static AwsModule fromEnvironment(Map<String, String> environment, Set<AwsResource> needed) {
    return new AwsModule(AwsSettings.fromEnvironment(environment, needed), DefaultCredentialsProvider.builder().build());
  }

  @Override
  protected void configure() {
    bind(AwsSettings.class).toInstance(settings);
    bind(AwsClients.class).toInstance(new AwsClients(settings, credentials));
  }
}
