package dev.orderflow.aws.ses;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.orderflow.aws.AwsClients;
import dev.orderflow.aws.AwsSettings;
import dev.orderflow.aws.internal.Lazy;
import dev.orderflow.core.port.CustomerMailer;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Binds {@link CustomerMailer} to SES ({@code ORDER_EMAIL_FROM}, optionally {@code ORDER_EMAIL_CONFIGURATION_SET}).
 * Needs {@link dev.orderflow.aws.AwsModule}. Side-effect free: the SES client is built on the first email.
 */
public final class SesModule extends AbstractModule {
  private final double sendsPerSecond;

  /** Sends as fast as it is called. */
  public SesModule() {
    this(Double.POSITIVE_INFINITY);
  }

  /** Sends at most {@code sendsPerSecond} emails a second (see {@link SesCustomerMailer#paced}). */
  public SesModule(double sendsPerSecond) {
    if (!(sendsPerSecond > 0)) {
      throw new IllegalArgumentException("a sending rate is a positive number per second, was " + sendsPerSecond);
    }
    this.sendsPerSecond = sendsPerSecond;
  }

  @Provides
  @Singleton
  Lazy<SesV2Client> sesClient(AwsClients clients) {
    return Lazy.of(clients::sesV2);
  }

  @Provides
  @Singleton
  CustomerMailer customerMailer(Lazy<SesV2Client> client, AwsSettings settings) {
    SesCustomerMailer mailer =
        new SesCustomerMailer(client, settings.emailFrom(), settings.emailConfigurationSet().orElse(null));
    return Double.isInfinite(sendsPerSecond) ? mailer : mailer.paced(sendsPerSecond);
  }
}
