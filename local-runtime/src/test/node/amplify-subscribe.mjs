// Subscribes to onOrderUpdated through the unmodified Amplify JS v6 GraphQL client, as a web or Node app would
// against AppSync, and prints what it receives.
//
//   node amplify-subscribe.mjs <graphqlEndpoint> <customer> [orderId]
//
// stdout: "READY" once the subscription is acknowledged (Amplify's Hub 'api' channel reports the connection state
// Connected after start_ack), then one JSON line per event (the onOrderUpdated object). stderr: diagnostics.
// Exits 0 when stdin closes or on SIGTERM; 1 on a subscription error; 3 when ORDERFLOW_NODE_TIMEOUT_MS (default
// 60000) elapses first, so a hang never blocks the build.
//
// The customer travels as the custom header X-Orderflow-Customer, the second argument of client.graphql()
// (Amplify's additionalHeaders): Amplify puts such headers into the start message's
// payload.extensions.authorization next to its auth headers, and as query parameters of the real-time URL.
// The auth mode is 'apiKey' with a placeholder key (the local runtime checks no key): Amplify's 'none' and
// 'lambda' modes need an Authorization token, and 'userPool' / 'iam' need a signed-in session.
import { Amplify } from 'aws-amplify';
import { generateClient, CONNECTION_STATE_CHANGE, ConnectionState } from 'aws-amplify/api';
import { Hub } from 'aws-amplify/utils';

const [endpoint, customer, orderId] = process.argv.slice(2);
if (!endpoint || !customer) {
  console.error('usage: node amplify-subscribe.mjs <graphqlEndpoint> <customer> [orderId]');
  process.exit(64);
}
if (typeof globalThis.WebSocket !== 'function') {
  // Amplify opens the socket with the global WebSocket: Node 22+, or Node 20/21 with --experimental-websocket
  console.error('no global WebSocket: run with Node 22+ or node --experimental-websocket');
  process.exit(65);
}

const timeoutMs = Number(process.env.ORDERFLOW_NODE_TIMEOUT_MS || 60000);
const timer = setTimeout(() => {
  console.error(`amplify-subscribe: timed out after ${timeoutMs} ms`);
  process.exit(3);
}, timeoutMs);
timer.unref?.();

const SUBSCRIPTION = /* GraphQL */ `
  subscription OnOrderUpdated($id: ID) {
    onOrderUpdated(id: $id) {
      id customer change name quantity restaurantId status failureReason version updatedAt
    }
  }
`;

Amplify.configure({
  API: {
    GraphQL: {
      endpoint,
      region: 'us-east-1',
      defaultAuthMode: 'apiKey',
      apiKey: 'local-runtime-checks-no-key',
    },
  },
});

let ready = false;
Hub.listen('api', ({ payload }) => {
  if (payload.event !== CONNECTION_STATE_CHANGE) return;
  const state = payload.data.connectionState;
  console.error(`amplify-subscribe: connection ${state}`);
  if (state === ConnectionState.Connected && !ready) {
    ready = true;
    process.stdout.write('READY\n');
  }
});

const client = generateClient();
const variables = orderId ? { id: orderId } : {};
const subscription = client
  .graphql({ query: SUBSCRIPTION, variables }, { 'X-Orderflow-Customer': customer })
  .subscribe({
    next: ({ data }) => process.stdout.write(JSON.stringify(data.onOrderUpdated) + '\n'),
    error: (error) => {
      console.error('amplify-subscribe: subscription error ' + JSON.stringify(error?.errors ?? String(error)));
      process.exit(1);
    },
  });

function stop() {
  subscription.unsubscribe();
  // the stop message goes out at once; give the socket a moment, then leave
  setTimeout(() => process.exit(0), 200).unref?.();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
