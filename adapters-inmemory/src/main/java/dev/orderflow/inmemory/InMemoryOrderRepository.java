package dev.orderflow.inmemory;

import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.InvalidRequestException;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderChange;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderNotFoundException;
import dev.orderflow.core.domain.StatusChange;
import dev.orderflow.core.domain.VersionConflictException;
import dev.orderflow.core.port.OrderPage;
import dev.orderflow.core.port.OrderRepository;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Orders in memory, one sorted map per customer (the DynamoDB table's partition and sort key). Every
 * write is one atomic conditional update of one entry, as DynamoDB's condition expressions are; a deleted
 * order's entry becomes a tombstone in the same map, so every guard sees it; the list token is opaque and
 * only ever read within the caller's own partition.
 */
public final class InMemoryOrderRepository implements OrderRepository {
  private static final String TOKEN_PREFIX = "v1:";

  private final Map<CustomerId, ConcurrentSkipListMap<String, Slot>> partitions = new ConcurrentHashMap<>();
  private final Faults faults;
  private final List<Consumer<Order>> statusListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<OrderChange>> changeListeners = new CopyOnWriteArrayList<>();
  /** Each customer's PENDING order ids, kept beside the writes (like DynamoDB's sparse index): cheap to count. */
  private final Map<CustomerId, Set<String>> pending = new ConcurrentHashMap<>();

  /** A stored entry: an order, or the tombstone of a deleted one ({@code order == null}). */
  /** An order, or a tombstone ({@code order == null}); {@code emailClaim}: the end of a claim on its email. */
  private record Slot(Order order, Instant emailClaim) {
    static final Slot TOMBSTONE = new Slot(null, null);

    Slot(Order order) {
      this(order, null);
    }

    boolean deleted() {
      return order == null;
    }
  }

  public InMemoryOrderRepository() {
    this(Faults.none());
  }

  public InMemoryOrderRepository(Faults faults) {
    this.faults = faults;
  }

  /**
   * Calls {@code listener} with the order each time its status is set: when it is created ({@code PENDING})
   * and when it gets its final status. Called on the writing thread, after the write.
   */
  public void onStatusChange(Consumer<Order> listener) {
    statusListeners.add(listener);
  }

  /**
   * Calls {@code listener} with every change a write applies ({@link OrderChange}): the creation, the start of
   * payment, each details update, the final status, and the deletion (once, when the tombstone is first
   * written). Called on the writing thread, after the write; two writes of one order racing on two threads
   * may report in either order, so a listener keeps the highest version it saw per order.
   */
  public void onChange(Consumer<OrderChange> listener) {
    changeListeners.add(listener);
  }

  private void changed(Optional<Order> before, Order after) {
    if (!changeListeners.isEmpty()) {
      OrderChange.between(before, after).ifPresent(change -> changeListeners.forEach(l -> l.accept(change)));
    }
  }

  @Override
  public boolean createIfAbsent(Order order) {
    return faults.call("repository.createIfAbsent", () -> {
      boolean created = partition(order.customer()).putIfAbsent(order.id().value(), new Slot(order)) == null;
      if (created) {
        if (order.isPending()) {
          pendingOf(order.customer()).add(order.id().value());
        }
        statusListeners.forEach(l -> l.accept(order));
        changed(Optional.empty(), order);
      }
      return created;
    });
  }

  @Override
  public Optional<Order> find(CustomerId customer, OrderId id) {
    return faults.call("repository.find", () -> Optional.ofNullable(existing(customer).get(id.value())).map(Slot::order));
  }

  @Override
  public boolean isDeleted(CustomerId customer, OrderId id) {
    return faults.call("repository.isDeleted", () -> {
      Slot slot = existing(customer).get(id.value());
      return slot != null && slot.deleted();
    });
  }

  @Override
  public int countPending(CustomerId customer, int upTo) {
    if (upTo < 1) {
      throw new IllegalArgumentException("upTo must be at least 1");
    }
    return faults.call("repository.countPending", () -> {
      // the set is kept beside the writes, not under their lock: check each id against the stored order and drop
      // those a racing write left behind (e.g. a delete between a create and its add)
      Set<String> ids = pendingOf(customer);
      NavigableMap<String, Slot> orders = existing(customer);
      int count = 0;
      for (String id : ids) {
        Slot slot = orders.get(id);
        if (slot != null && !slot.deleted() && slot.order().isPending()) {
          if (++count >= upTo) {
            break;
          }
        } else {
          ids.remove(id);
        }
      }
      return count;
    });
  }

  @Override
  public Optional<Order> startPayment(CustomerId customer, OrderId id, Instant at) {
    return faults.call("repository.startPayment", () -> {
      Order[] before = new Order[1];
      Order now = update(customer, id, stored -> {
        before[0] = stored;
        return stored.isPending() && !stored.paymentStarted() ? stored.startPayment(at) : stored;
      });
      if (now == null) {
        throw new OrderNotFoundException(id);
      }
      changed(Optional.ofNullable(before[0]), now);
      return now.isPending() ? Optional.of(now) : Optional.empty();
    });
  }

  @Override
  public Optional<Order> transition(CustomerId customer, OrderId id, StatusChange change) {
    return faults.call("repository.transition", () -> {
      Order[] applied = new Order[1];
      Order[] before = new Order[1];
      Order now = update(customer, id, stored -> {
        before[0] = stored;
        applied[0] = stored.isPending() ? stored.apply(change) : null;
        return applied[0] != null ? applied[0] : stored;
      });
      if (now == null) {
        throw new OrderNotFoundException(id);
      }
      if (applied[0] != null) {
        pendingOf(customer).remove(id.value());
        statusListeners.forEach(l -> l.accept(applied[0]));
        changed(Optional.of(before[0]), applied[0]);
      }
      return Optional.ofNullable(applied[0]);
    });
  }

  @Override
  public void updateDetails(Order revised) {
    faults.run("repository.updateDetails", () -> {
      long expected = revised.version() - 1;
      long[] conflict = {-1};
      Order[] before = new Order[1];
      Order now = update(revised.customer(), revised.id(), stored -> {
        before[0] = stored;
        if (stored.version() != expected) {
          conflict[0] = stored.version();
          return stored;
        }
        conflict[0] = -1;
        return new Order(stored.id(), stored.customer(), revised.details(), stored.status(), stored.failureReason(),
            stored.createdAt(), revised.updatedAt(), revised.version(), stored.notified(), stored.paymentVersion(),
            stored.emailTo());
      });
      if (now == null) {
        throw new OrderNotFoundException(revised.id());
      }
      if (conflict[0] >= 0) {
        throw new VersionConflictException(revised.id(), expected, conflict[0]);
      }
      changed(Optional.of(before[0]), now);
    });
  }

  @Override
  public void markNotified(CustomerId customer, OrderId id) {
    faults.run("repository.markNotified", () -> {
      Order now = update(customer, id,
          stored -> stored.notified() || !stored.status().isFinal() ? stored : stored.markNotified());
      if (now == null) {
        throw new OrderNotFoundException(id);
      }
    });
  }

  @Override
  public boolean claimEmail(CustomerId customer, OrderId id, Instant now, Instant until) {
    return faults.call("repository.claimEmail", () -> {
      boolean[] claimed = {false};
      Slot slot = existing(customer).computeIfPresent(id.value(), (key, stored) -> {
        if (stored.deleted() || !stored.order().status().isFinal() || stored.order().email().isEmpty()
            || (stored.emailClaim() != null && stored.emailClaim().isAfter(now))) {
          return stored;
        }
        claimed[0] = true;
        return new Slot(stored.order(), until);
      });
      if (slot == null || slot.deleted()) {
        throw new OrderNotFoundException(id);
      }
      return claimed[0];
    });
  }

  @Override
  public void markEmailed(CustomerId customer, OrderId id) {
    faults.run("repository.markEmailed", () -> {
      Slot slot = existing(customer).computeIfPresent(id.value(), (key, stored) ->
          stored.deleted() || stored.order().email().isEmpty() || !stored.order().status().isFinal()
              ? stored : new Slot(stored.order().emailSent(), null));
      if (slot == null || slot.deleted()) {
        throw new OrderNotFoundException(id);
      }
    });
  }

  @Override
  public Optional<Order> delete(CustomerId customer, OrderId id) {
    return faults.call("repository.delete",
        () -> {
          Slot previous = partition(customer).put(id.value(), Slot.TOMBSTONE);
          pendingOf(customer).remove(id.value());
          if (previous == null || !previous.deleted()) {
            OrderChange deletion = OrderChange.deleted(customer, id);
            changeListeners.forEach(l -> l.accept(deletion));
          }
          return Optional.ofNullable(previous).map(Slot::order);
        });
  }

  private Set<String> pendingOf(CustomerId customer) {
    return pending.computeIfAbsent(customer, c -> ConcurrentHashMap.newKeySet());
  }

  @Override
  public OrderPage list(CustomerId customer, int limit, String nextToken) {
    if (limit < 1) {
      throw new InvalidRequestException("limit", "must be at least 1");
    }
    String after = nextToken == null ? null : decodeToken(customer, nextToken);
    return faults.call("repository.list", () -> {
      NavigableMap<String, Slot> orders = existing(customer);
      NavigableMap<String, Slot> rest = after == null ? orders : orders.tailMap(after, false);
      List<Order> items = new ArrayList<>(Math.min(limit, 64));
      Iterator<Order> it = rest.values().stream().filter(slot -> !slot.deleted()).map(Slot::order).iterator();
      while (it.hasNext() && items.size() < limit) {
        items.add(it.next());
      }
      String next = items.size() == limit && it.hasNext() ? encodeToken(customer, items.get(items.size() - 1).id().value()) : null;
      return new OrderPage(items, next);
    });
  }

  /** How many orders are stored, across customers (deleted ones not counted). */
  public long size() {
    return all().size();
  }

  /** Every stored order, for assertions over the whole store (deleted ones not included). */
  public List<Order> all() {
    List<Order> all = new ArrayList<>();
    partitions.values().forEach(p -> p.values().stream().filter(slot -> !slot.deleted()).map(Slot::order).forEach(all::add));
    return all;
  }

  /**
   * Applies {@code change} atomically to the stored order, if there is one (not deleted).
   *
   * @return the order after the change, or null if there is none
   */
  private Order update(CustomerId customer, OrderId id, java.util.function.UnaryOperator<Order> change) {
    Slot now = existing(customer).computeIfPresent(id.value(),
        (key, slot) -> slot.deleted() ? slot : new Slot(change.apply(slot.order()), slot.emailClaim()));
    return now == null ? null : now.order();
  }

  private ConcurrentSkipListMap<String, Slot> partition(CustomerId customer) {
    return partitions.computeIfAbsent(customer, c -> new ConcurrentSkipListMap<>());
  }

  private NavigableMap<String, Slot> existing(CustomerId customer) {
    ConcurrentSkipListMap<String, Slot> partition = partitions.get(customer);
    return partition != null ? partition : EMPTY;
  }

  private static final ConcurrentSkipListMap<String, Slot> EMPTY = new ConcurrentSkipListMap<>();

  /** The token names the customer it was issued to and the last id read; it is refused for anyone else. */
  private static String encodeToken(CustomerId customer, String lastId) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((TOKEN_PREFIX + customer.value() + '\u0000' + lastId).getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeToken(CustomerId customer, String token) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      String issuedTo = TOKEN_PREFIX + customer.value() + '\u0000';
      if (text.startsWith(issuedTo) && text.length() > issuedTo.length()) {
        return text.substring(issuedTo.length());
      }
    } catch (IllegalArgumentException notBase64) {
      // fall through
    }
    throw new InvalidRequestException("nextToken", "is not a token this API issued to this customer");
  }
}
