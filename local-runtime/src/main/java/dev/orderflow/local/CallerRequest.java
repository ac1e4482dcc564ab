package dev.orderflow.local;

import java.util.Map;

/**
 * What the resolver events of one HTTP request share: the customer (from {@value #CUSTOMER_HEADER}), the
 * caller's address and the request headers, named in lower case as AppSync passes them.
 */
record CallerRequest(String customer, String sourceIp, Map<String, String> headers) {
  /** The request header that names the calling customer; without it the caller is the default demo customer. */
  static final String CUSTOMER_HEADER = "X-Orderflow-Customer";
}
