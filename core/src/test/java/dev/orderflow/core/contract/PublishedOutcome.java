package dev.orderflow.core.contract;

import dev.orderflow.core.domain.OrderStatus;

/** What a subscriber learns from one notification: enough to check the {@code OrderNotifier} contract. */
public record PublishedOutcome(String orderId, String customer, OrderStatus status, String failureReason) {}
