package dev.orderflow.aws;

import com.google.inject.AbstractModule;
import dev.orderflow.aws.internal.Lazy;
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
  private final AwsClients clients;

  public AwsModule(AwsSettings settings, AwsCredentialsProvider credentials) {
    this(new AwsClients(settings, credentials));
  }

  /** Binds these clients (e.g. ones {@linkplain AwsClients#prepareInBackground being prepared}) and their settings. */
  public AwsModule(AwsClients clients) {
    this.clients = Objects.requireNonNull(clients, "clients");
  }

  /**
   * Settings from the environment with the default credentials chain.
   *
   * @param needed the resources this deployment uses; all of their variables must be set
   * @throws IllegalStateException naming every missing variable
   */
  public static AwsModule fromEnvironment(Map<String, String> environment, Set<AwsResource> needed) {
    return new AwsModule(clientsFromEnvironment(environment, needed));
  }

  /**
   * Clients from the environment's settings with the default credentials chain.
   *
   * @param needed the resources this deployment uses; all of their variables must be set
   * @throws IllegalStateException naming every missing variable
   */
  public static AwsClients clientsFromEnvironment(Map<String, String> environment, Set<AwsResource> needed) {
    return new AwsClients(AwsSettings.fromEnvironment(environment, needed), DefaultCredentialsProvider.builder().build());
  }

  @Override
  protected void configure() {
    bind(AwsSettings.class).toInstance(clients.settings());
    bind(AwsClients.class).toInstance(clients);
  }
}
