package dev.orderflow.aws.appsync;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.orderflow.aws.internal.Lazy;
import dev.orderflow.core.port.OrderChangePublisher;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * Binds {@link OrderChangePublisher} to AppSync ({@link AppSyncOrderChangePublisher}), and the
 * {@code Lazy<SdkHttpClient>} it sends with. Side-effect free: the HTTP client is built on the first publication
 * (or by {@link AppSyncOrderChangePublisher#prime()}), and the credentials are resolved per request.
 */
public final class AppSyncModule extends AbstractModule {
  private final AppSyncSettings settings;
  private final AwsCredentialsProvider credentials;

  public AppSyncModule(AppSyncSettings settings, AwsCredentialsProvider credentials) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
  }

  /**
   * Settings from the environment ({@code AWS_REGION}, {@value AppSyncSettings#URL_VARIABLE}) with the default
   * credentials chain.
   *
   * @throws IllegalStateException naming every missing variable, or the URL that is not one
   */
  public static AppSyncModule fromEnvironment(Map<String, String> environment) {
    return new AppSyncModule(AppSyncSettings.fromEnvironment(environment), DefaultCredentialsProvider.builder().build());
  }

  @Override
  protected void configure() {
    bind(AppSyncSettings.class).toInstance(settings);
  }

  @Provides
  @Singleton
  Lazy<SdkHttpClient> httpClient() {
    return Lazy.of(AppSyncOrderChangePublisher::defaultHttpClient);
  }

  @Provides
  @Singleton
  AppSyncOrderChangePublisher appSyncPublisher(Lazy<SdkHttpClient> httpClient) {
    return new AppSyncOrderChangePublisher(settings, httpClient, credentials);
  }

  @Provides
  @Singleton
  OrderChangePublisher orderChangePublisher(AppSyncOrderChangePublisher publisher) {
    return publisher;
  }
}
