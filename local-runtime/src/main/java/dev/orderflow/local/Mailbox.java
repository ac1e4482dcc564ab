package dev.orderflow.local;

import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.EmailAddress;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.port.OutcomeEmail;
import dev.orderflow.inmemory.InMemoryCustomerMailer;
import dev.orderflow.inmemory.InMemoryOrderflow;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The outcome emails the in-memory mailer sent, kept with the customer whose order each is about, so that
 * {@code GET /page/mailbox} can show a caller their own mail and nobody else's: a letter belongs to a mailbox when it
 * went to that mailbox's address <em>and</em> is about an order of that mailbox's customer. Claiming another
 * customer's address therefore shows nothing of theirs.
 *
 * <p>The mailer knows the recipient and the order, not its owner: the owner is remembered when an order with an
 * address gets its final status (the repository reports it before the outcome is published, so before its email can
 * be sent), and forgotten when its email is sent.
 */
final class Mailbox {
  /** How many letters one answer holds at most, newest first. */
  static final int LIMIT = 50;

  /** One email as the customer received it. */
  record Letter(CustomerId customer, EmailAddress to, OutcomeEmail email, Instant sentAt) {}

  private final InMemoryOrderflow flow;
  private final Clock clock;
  /** Final orders with an address whose email has not been seen yet: order id → owner. */
  private final Map<String, CustomerId> awaiting = new ConcurrentHashMap<>();
  private final List<Letter> letters = new ArrayList<>();

  private Mailbox(InMemoryOrderflow flow) {
    this.flow = flow;
    this.clock = flow.clock();
  }

  /** A mailbox of every email {@code flow}'s mailer sends from now on. */
  static Mailbox watch(InMemoryOrderflow flow) {
    Mailbox mailbox = new Mailbox(flow);
    flow.repository().onStatusChange(mailbox::statusChanged);
    flow.mailer().subscribe(mailbox::sent);
    return mailbox;
  }

  private void statusChanged(Order order) {
    if (order.status().isFinal() && order.email().isPresent()) {
      awaiting.put(order.id().value(), order.customer());
    }
  }

  private void sent(InMemoryCustomerMailer.Sent sent) {
    OrderId id = sent.email().orderId();
    CustomerId owner = awaiting.remove(id.value());
    if (owner == null) {
      // a second copy (the send/record window): the order is still there, with its address
      owner = ownerOf(id).orElse(null);
    }
    if (owner == null) {
      return; // deleted in the meantime: nobody to show it to
    }
    Letter letter = new Letter(owner, sent.to(), sent.email(), clock.instant());
    synchronized (letters) {
      letters.add(letter);
    }
  }

  private Optional<CustomerId> ownerOf(OrderId id) {
    return flow.repository().all().stream().filter(order -> order.id().equals(id)).map(Order::customer).findFirst();
  }

  /** The letters that went to {@code to} about orders of {@code customer}, newest first, at most {@link #LIMIT}. */
  List<Letter> of(CustomerId customer, EmailAddress to) {
    List<Letter> mine = new ArrayList<>();
    synchronized (letters) {
      for (int i = letters.size() - 1; i >= 0 && mine.size() < LIMIT; i--) {
        Letter letter = letters.get(i);
        if (letter.customer().equals(customer) && letter.to().equals(to)) {
          mine.add(letter);
        }
      }
    }
    return mine;
  }
}
