package dev.orderflow.local;

import graphql.execution.DataFetcherResult;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import java.util.List;
import org.reactivestreams.FlowAdapters;

/**
 * Serves {@code Subscription.onOrderUpdated(id)}: the source stream of one subscription, an
 * {@code org.reactivestreams.Publisher} of {@code OrderUpdate}s from the {@link OrderChangeHub}, for graphql-java's
 * {@code SubscriptionExecutionStrategy} to map through the client's selection set. The owner filter is the
 * subscription's caller ({@link RealtimeStart#customer()}), never an argument; {@code id} narrows it to one order.
 *
 * <p>Refused with an {@code UnsupportedOperation} error: a subscription outside the real-time WebSocket endpoint
 * (over {@code POST /graphql}, which AppSync does not serve subscriptions on either), and any subscription when the
 * runtime has no change feed ({@code --adapters aws}: the DynamoDB table tells this JVM nothing about its writes).
 */
final class OrderUpdatesFetcher implements DataFetcher<Object> {
  static final String UNSUPPORTED = "UnsupportedOperation";
  static final String NO_FEED = "live updates need the in-memory pipeline: with --adapters aws this runtime has no"
      + " change feed (the deployed stack publishes changes through AppSync's publishOrderUpdate, to AppSync's own"
      + " subscribers)";
  static final String NOT_REALTIME = "subscriptions are served over WebSocket with AppSync's real-time protocol, on "
      + RealtimeEndpoint.PATH + ", not over HTTP";

  private final OrderChangeHub hub;

  /** @param hub the change feed, {@code null} if there is none */
  OrderUpdatesFetcher(OrderChangeHub hub) {
    this.hub = hub;
  }

  /** Without a change feed: every subscription is refused. */
  static OrderUpdatesFetcher none() {
    return new OrderUpdatesFetcher(null);
  }

  @Override
  public Object get(DataFetchingEnvironment environment) {
    RealtimeStart start = environment.getGraphQlContext().get(RealtimeStart.class);
    if (start == null) {
      return error(environment, NOT_REALTIME);
    }
    if (hub == null) {
      return error(environment, NO_FEED);
    }
    String id = environment.getArgument("id");
    OrderChangeHub.Registration registration = hub.register(start.customer(), id, start.overflow());
    start.attach(registration);
    return FlowAdapters.toPublisher(registration);
  }

  private static DataFetcherResult<Object> error(DataFetchingEnvironment environment, String message) {
    return DataFetcherResult.newResult().data(null).error(new AppSyncError(UNSUPPORTED, message,
        List.of(environment.getField().getSourceLocation()), environment.getExecutionStepInfo().getPath().toList()))
        .build();
  }
}
