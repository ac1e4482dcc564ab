package dev.orderflow.local;

import java.util.ArrayList;
import java.util.List;

/**
 * What one {@code start} message of the real-time protocol hands its subscription's resolver, in the GraphQL
 * context: the caller that owns it and what to do when it overflows; the resolver attaches its registrations, which
 * {@code stop} (or the connection's end) closes.
 */
final class RealtimeStart {
  private final String customer;
  private final Runnable overflow;
  private final List<AutoCloseable> registrations = new ArrayList<>();

  RealtimeStart(String customer, Runnable overflow) {
    this.customer = customer;
    this.overflow = overflow;
  }

  String customer() {
    return customer;
  }

  Runnable overflow() {
    return overflow;
  }

  synchronized void attach(AutoCloseable registration) {
    registrations.add(registration);
  }

  /** Closes every registration the resolver attached. */
  synchronized void close() {
    for (AutoCloseable registration : registrations) {
      try {
        registration.close();
      } catch (Exception e) {
        // a registration's close does not fail
      }
    }
    registrations.clear();
  }
}
