// Subscription.onOrderUpdated (APPSYNC_JS runtime, NONE data source): who receives which order updates.
//
// The owner filter comes from the caller's identity, never from the client: a Cognito caller receives the
// updates whose customer is its sub (the customer the resolver function uses for the same caller); an API-key
// caller, on a dev stage only, those of the demo customer; any other caller (IAM, an empty identity, an API key
// where no demo customer is configured) is refused. The id argument narrows the filter to one order: both
// conditions sit in one filter group, so they AND together, and naming another customer's order receives
// nothing. AppSync's own argument matching (id = the update's id) would only narrow the same way.
import { util, extensions } from '@aws-appsync/utils';

// The customer API-key callers act as. The stack inlines the dev stage's demo customer here at synth time
// (OrderApi.subscriptionCode); null refuses every API-key caller.
const DEMO_CUSTOMER = null;

export function request(ctx) {
  customerOf(ctx); // refuses an unknown caller before the subscription is registered
  return { payload: null };
}

export function response(ctx) {
  const filter = { customer: { eq: customerOf(ctx) } };
  const id = ctx.args.id;
  if (id !== undefined && id !== null) {
    filter.id = { eq: id };
  }
  extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter(filter));
  return null;
}

function customerOf(ctx) {
  const auth = util.authType();
  const identity = ctx.identity;
  if (auth === 'User Pool Authorization' && identity && typeof identity.sub === 'string' && identity.sub.length > 0) {
    return identity.sub;
  }
  if (auth === 'API Key Authorization' && typeof DEMO_CUSTOMER === 'string' && DEMO_CUSTOMER.length > 0) {
    return DEMO_CUSTOMER;
  }
  util.unauthorized();
  return null;
}
