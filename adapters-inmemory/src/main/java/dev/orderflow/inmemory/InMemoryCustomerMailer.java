package dev.orderflow.inmemory;

import dev.orderflow.core.domain.EmailAddress;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.port.CustomerMailer;
import dev.orderflow.core.port.OutcomeEmail;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Records every email sent, per recipient, in the order of sending, and hands each to its subscribers (the local
 * runtime logs it with the address masked). Like SES, it sends whatever it is given: de-duplication is the
 * caller's job.
 */
public final class InMemoryCustomerMailer implements CustomerMailer {
  /** An email as sent. */
  public record Sent(EmailAddress to, OutcomeEmail email) {}

  private final List<Sent> sent = new ArrayList<>();
  private final List<Consumer<Sent>> subscribers = new CopyOnWriteArrayList<>();
  private final Faults faults;

  public InMemoryCustomerMailer() {
    this(Faults.none());
  }

  public InMemoryCustomerMailer(Faults faults) {
    this.faults = faults;
  }

  @Override
  public void send(EmailAddress to, OutcomeEmail email) {
    faults.run("mailer.send", () -> {
      Sent one = new Sent(to, email);
      synchronized (sent) {
        sent.add(one);
      }
      subscribers.forEach(s -> s.accept(one));
    });
  }

  /** Calls {@code subscriber} with every email sent from now on. */
  public void subscribe(Consumer<Sent> subscriber) {
    subscribers.add(subscriber);
  }

  /** Everything sent so far, oldest first. */
  public List<Sent> sent() {
    synchronized (sent) {
      return List.copyOf(sent);
    }
  }

  /** What one address received, oldest first. */
  public List<OutcomeEmail> sentTo(EmailAddress to) {
    synchronized (sent) {
      return sent.stream().filter(s -> s.to().equals(to)).map(Sent::email).toList();
    }
  }

  /** What was sent about one order (normally one email, or none without an address). */
  public List<Sent> sentFor(OrderId id) {
    synchronized (sent) {
      return sent.stream().filter(s -> s.email().orderId().equals(id)).toList();
    }
  }

  public int count() {
    synchronized (sent) {
      return sent.size();
    }
  }
}
