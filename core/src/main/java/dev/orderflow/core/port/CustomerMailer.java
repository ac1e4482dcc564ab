package dev.orderflow.core.port;

import dev.orderflow.core.domain.EmailAddress;

/**
 * Sends a customer the email about their order's outcome. Implementations send exactly the message given to
 * exactly the address given; de-duplication is the caller's job (see {@code EmailOutcome}).
 */
public interface CustomerMailer {

  /**
   * @throws TransientFailureException if it may not have been sent (throttled, unavailable); sending again is safe
   *     but may send a second copy if the first went out
   * @throws PermanentFailureException if the service refuses the message for good (repeating will not help)
   */
  void send(EmailAddress to, OutcomeEmail email);
}
