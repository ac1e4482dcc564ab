package dev.orderflow.inmemory;

import dev.orderflow.core.domain.CustomerId;
import dev.orderflow.core.domain.InvalidRequestException;
import dev.orderflow.core.domain.Order;
import dev.orderflow.core.domain.OrderId;
import dev.orderflow.core.domain.OrderNotFoundException;
import dev.orderflow.core.domain.StatusChange;
import dev.orderflow.core.domain.VersionConflictException;
import dev.orderflow.core.port.OrderPage;
import dev.orderflow.core.port.OrderRepository;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Orders in memory, one sorted map per customer (the DynamoDB table's partition and sort key). Every
 * write is one atomic conditional update of one entry, as DynamoDB's condition expressions are; the
 * list token is opaque and only ever read within the caller's own partition.
 */
public final class InMemoryOrderRepository implements OrderRepository {
  private static final String TOKEN_PREFIX = "v1:";

  private final Map<CustomerId, ConcurrentSkipListMap<String, Order>> partitions = new ConcurrentHashMap<>();
  private final Faults faults;
  private final List<Consumer<Order>> statusListeners = new CopyOnWriteArrayList<>();

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

  @Override
  public boolean createIfAbsent(Order order) {
    return faults.call("repository.createIfAbsent", () -> {
      boolean created = partition(order.customer()).putIfAbsent(order.id().value(), order) == null;
      if (created) {
        statusListeners.forEach(l -> l.accept(order));
      }
      return created;
    });
  }

  @Override
  public Optional<Order> find(CustomerId customer, OrderId id) {
    return faults.call("repository.find", () -> Optional.ofNullable(existing(customer).get(id.value())));
  }

  @Override
  public Optional<Order> transition(CustomerId customer, OrderId id, StatusChange change) {
    return faults.call("repository.transition", () -> {
      Order[] applied = new Order[1];
      Order now = existing(customer).computeIfPresent(id.value(), (key, stored) -> {
        applied[0] = stored.isPending() ? stored.apply(change) : null;
        return applied[0] != null ? applied[0] : stored;
      });
      if (now == null) {
        throw new OrderNotFoundException(id);
      }
      if (applied[0] != null) {
        statusListeners.forEach(l -> l.accept(applied[0]));
      }
      return Optional.ofNullable(applied[0]);
    });
  }

  @Override
  public void updateDetails(Order revised) {
    faults.run("repository.updateDetails", () -> {
      long expected = revised.version() - 1;
      long[] conflict = {-1};
      Order now = existing(revised.customer()).computeIfPresent(revised.id().value(), (key, stored) -> {
        if (stored.version() != expected) {
          conflict[0] = stored.version();
          return stored;
        }
        conflict[0] = -1;
        return new Order(stored.id(), stored.customer(), revised.details(), stored.status(), stored.failureReason(),
            stored.createdAt(), revised.updatedAt(), revised.version(), stored.notified());
      });
      if (now == null) {
        throw new OrderNotFoundException(revised.id());
      }
      if (conflict[0] >= 0) {
        throw new VersionConflictException(revised.id(), expected, conflict[0]);
      }
    });
  }

  @Override
  public void markNotified(CustomerId customer, OrderId id) {
    faults.run("repository.markNotified", () -> {
      Order now = existing(customer).computeIfPresent(id.value(),
          (key, stored) -> stored.notified() || !stored.status().isFinal() ? stored : stored.markNotified());
      if (now == null) {
        throw new OrderNotFoundException(id);
      }
    });
  }

  @Override
  public Optional<Order> delete(CustomerId customer, OrderId id) {
    return faults.call("repository.delete", () -> Optional.ofNullable(existing(customer).remove(id.value())));
  }

  @Override
  public OrderPage list(CustomerId customer, int limit, String nextToken) {
    if (limit < 1) {
      throw new InvalidRequestException("limit", "must be at least 1");
    }
    String after = nextToken == null ? null : decodeToken(customer, nextToken);
    return faults.call("repository.list", () -> {
      NavigableMap<String, Order> orders = existing(customer);
      NavigableMap<String, Order> rest = after == null ? orders : orders.tailMap(after, false);
      List<Order> items = new ArrayList<>(Math.min(limit, 64));
      Iterator<Order> it = rest.values().iterator();
      while (it.hasNext() && items.size() < limit) {
        items.add(it.next());
      }
      String next = items.size() == limit && it.hasNext() ? encodeToken(customer, items.get(items.size() - 1).id().value()) : null;
      return new OrderPage(items, next);
    });
  }

  /** How many orders are stored, across customers. */
  public long size() {
    return partitions.values().stream().mapToLong(Map::size).sum();
  }

  /** Every stored order, for assertions over the whole store. */
  public List<Order> all() {
    List<Order> all = new ArrayList<>();
    partitions.values().forEach(p -> all.addAll(p.values()));
    return all;
  }

  private ConcurrentSkipListMap<String, Order> partition(CustomerId customer) {
    return partitions.computeIfAbsent(customer, c -> new ConcurrentSkipListMap<>());
  }

  private NavigableMap<String, Order> existing(CustomerId customer) {
    ConcurrentSkipListMap<String, Order> partition = partitions.get(customer);
    return partition != null ? partition : EMPTY;
  }

  private static final ConcurrentSkipListMap<String, Order> EMPTY = new ConcurrentSkipListMap<>();

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
