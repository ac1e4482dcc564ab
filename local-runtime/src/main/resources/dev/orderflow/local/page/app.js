// The local runtime's page: place orders as a customer, watch their status change live, read their outcome emails.
// GraphQL over HTTP (POST /graphql, the caller in the X-Orderflow-Customer header, their address in X-Orderflow-Email)
// for the queries and mutations; AppSync's real-time protocol on /graphql/realtime (subprotocol graphql-ws, the
// authorization header in a second subprotocol "header-<base64url JSON>") for the onOrderUpdated subscription;
// GET /page/mailbox (the same two headers) for the emails sent to the customer, reloaded when an order becomes final.
// Plain JavaScript, same origin only; everything shown from the server is set as text, never as HTML.
'use strict';

(() => {
  const STORAGE_KEY = 'orderflow.customer';
  const DEFAULT_CUSTOMER = 'demo-customer';
  const ORDER_FIELDS = 'id customer name quantity restaurantId status failureReason version updatedAt';
  const SUBSCRIPTION = 'subscription OnOrderUpdated($id: ID) { onOrderUpdated(id: $id) { '
    + 'id customer change name quantity restaurantId status failureReason version updatedAt } }';
  const SUBSCRIPTION_ID = 'orders';
  const MAX_RECONNECT_DELAY_MS = 10000;
  // the email follows the final status through the mail queue: ask again until it is there, then give up
  const MAIL_RETRY_DELAYS_MS = [100, 200, 400, 800, 1600, 3200, 5000, 5000];
  const EMAIL_DOMAIN = 'example.com';

  const $ = (id) => document.getElementById(id);
  const els = {
    connection: $('connection'),
    connectionText: $('connection-text'),
    customerForm: $('customer-form'),
    customer: $('customer'),
    currentCustomer: $('current-customer'),
    currentEmail: $('current-email'),
    orderForm: $('order-form'),
    placeOrder: $('place-order'),
    formMessage: $('form-message'),
    orders: $('orders'),
    ordersEmpty: $('orders-empty'),
    ordersCount: $('orders-count'),
    template: $('order-template'),
    mailbox: $('mailbox'),
    mailboxEmpty: $('mailbox-empty'),
    mailboxCount: $('mailbox-count'),
    mailboxMessage: $('mailbox-message'),
    mailTemplate: $('mail-template'),
  };

  // ---- state: one customer at a time; the highest version seen per order id; deleted ids are never shown again

  let customer = readStoredCustomer();
  let email = emailFor(customer);
  let orders = new Map();
  let deleted = new Set();
  let session = 0; // bumps on every customer switch: answers for an older session are ignored

  function readStoredCustomer() {
    try {
      const stored = window.localStorage.getItem(STORAGE_KEY);
      return stored && stored.trim() ? stored.trim() : DEFAULT_CUSTOMER;
    } catch (e) {
      return DEFAULT_CUSTOMER;
    }
  }

  /** The customer's address: their id made a valid local part (letters, digits, . _ -), at example.com. */
  function emailFor(value) {
    const local = value.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/\.{2,}/g, '.').replace(/^\.+/, '')
      .slice(0, 64).replace(/\.+$/, '');
    return (local || 'customer') + '@' + EMAIL_DOMAIN;
  }

  function callerHeaders() {
    return { 'X-Orderflow-Customer': customer, 'X-Orderflow-Email': email };
  }

  function storeCustomer(value) {
    try {
      window.localStorage.setItem(STORAGE_KEY, value);
    } catch (e) {
      // private mode or storage disabled: the choice lasts for this page only
    }
  }

  /** Applies one order state (from a query, a mutation or the subscription); older versions never win. */
  function applyOrder(order) {
    if (!order || !order.id || order.customer !== customer || deleted.has(order.id)) return;
    const known = orders.get(order.id);
    if (known && (known.version || 0) > (order.version || 0)) return;
    orders.set(order.id, Object.assign({}, known, order));
    render();
  }

  function removeOrder(id) {
    deleted.add(id);
    if (orders.delete(id)) render();
  }

  // ---- GraphQL over HTTP

  async function graphql(query, variables) {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: Object.assign({ 'Content-Type': 'application/json' }, callerHeaders()),
      body: JSON.stringify({ query, variables: variables || {} }),
      credentials: 'omit',
      cache: 'no-store',
    });
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      throw new Error('HTTP ' + response.status);
    }
    if (body && Array.isArray(body.errors) && body.errors.length) {
      const error = body.errors[0];
      throw new Error((error.errorType ? error.errorType + ': ' : '') + (error.message || 'request failed'));
    }
    if (!response.ok) throw new Error('HTTP ' + response.status);
    return body.data;
  }

  async function loadOrders() {
    const mine = session;
    try {
      const data = await graphql('query Orders { orders(limit: 50) { items { ' + ORDER_FIELDS + ' } nextToken } }');
      if (mine !== session) return;
      data.orders.items.forEach(applyOrder);
      render();
    } catch (e) {
      if (mine === session) showMessage('Could not load your orders: ' + e.message, 'error');
    }
  }

  async function placeOrder(event) {
    event.preventDefault();
    if (!els.orderForm.reportValidity()) return;
    const form = new FormData(els.orderForm);
    const input = {
      name: String(form.get('name')).trim(),
      quantity: Number(form.get('quantity')),
      restaurantId: String(form.get('restaurantId')).trim(),
    };
    const mine = session;
    els.placeOrder.disabled = true;
    hideMessage();
    try {
      const data = await graphql('mutation Post($input: PostOrderInput!) { postOrder(input: $input) { '
        + ORDER_FIELDS + ' } }', { input });
      if (mine !== session) return;
      applyOrder(data.postOrder);
      showMessage('Order placed: ' + data.postOrder.name + ' × ' + data.postOrder.quantity, 'ok');
    } catch (e) {
      showMessage(e.message, 'error');
    } finally {
      els.placeOrder.disabled = false;
    }
  }

  async function deleteOrder(id, button) {
    const mine = session;
    button.disabled = true;
    try {
      await graphql('mutation Delete($id: ID!) { deleteOrder(id: $id) { id } }', { id });
      if (mine === session) removeOrder(id);
    } catch (e) {
      button.disabled = false;
      showMessage('Could not delete the order: ' + e.message, 'error');
    }
  }

  // ---- the mailbox: GET /page/mailbox answers the emails sent to this customer's address, newest first

  let mail = [];
  let awaitingMail = new Set(); // orders that became final and whose email has not shown up yet
  let mailRequest = 0; // the newest request wins
  let mailTimer = null;
  let mailAttempt = 0;

  function expectMail(id) {
    awaitingMail.add(id);
    mailAttempt = 0;
    loadMailbox();
  }

  async function loadMailbox() {
    const mine = session;
    const request = ++mailRequest;
    clearTimeout(mailTimer);
    let body = null;
    try {
      const response = await fetch('/page/mailbox', { headers: callerHeaders(), credentials: 'omit', cache: 'no-store' });
      body = await response.json().catch(() => null);
      if (!response.ok || !body || !Array.isArray(body.emails)) {
        const error = body && Array.isArray(body.errors) && body.errors[0];
        throw new Error(error ? (error.errorType ? error.errorType + ': ' : '') + (error.message || '') : 'HTTP ' + response.status);
      }
    } catch (e) {
      if (mine !== session || request !== mailRequest) return;
      awaitingMail.clear();
      els.mailboxMessage.textContent = 'Could not load your mailbox: ' + e.message;
      els.mailboxMessage.hidden = false;
      return;
    }
    if (mine !== session || request !== mailRequest) return;
    els.mailboxMessage.hidden = true;
    mail = body.emails;
    mail.forEach((m) => awaitingMail.delete(m.orderId));
    renderMailbox();
    if (awaitingMail.size && mailAttempt < MAIL_RETRY_DELAYS_MS.length) {
      mailTimer = setTimeout(() => {
        if (mine === session) loadMailbox();
      }, MAIL_RETRY_DELAYS_MS[mailAttempt++]);
    } else {
      awaitingMail.clear(); // an order without an address gets no email
    }
  }

  function renderMailbox() {
    const items = mail.map((m) => {
      const li = els.mailTemplate.content.firstElementChild.cloneNode(true);
      li.dataset.mailOrderId = m.orderId;
      li.querySelector('.mail-subject').textContent = m.subject;
      li.querySelector('.mail-time').textContent = formatTime(m.sentAt);
      li.querySelector('.mail-to').textContent = 'To ' + email;
      li.querySelector('.mail-text').textContent = m.text;
      return li;
    });
    els.mailbox.replaceChildren(...items);
    els.mailboxEmpty.hidden = items.length > 0;
    els.mailboxCount.textContent = String(items.length);
    els.mailboxCount.dataset.count = String(items.length);
  }

  // ---- the subscription: AppSync real-time protocol over one WebSocket, reconnecting on close

  let socket = null;
  let reconnectTimer = null;
  let keepAliveTimer = null;
  let reconnectDelay = 500;
  let connections = 0;

  function base64Url(text) {
    const bytes = new TextEncoder().encode(text);
    let binary = '';
    bytes.forEach((b) => { binary += String.fromCharCode(b); });
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function authorization() {
    return { host: window.location.host, 'X-Orderflow-Customer': customer };
  }

  function setConnection(state, text) {
    els.connection.dataset.state = state;
    els.connectionText.textContent = text;
  }

  function connect() {
    clearTimeout(reconnectTimer);
    const mine = session;
    const scheme = window.location.protocol === 'https:' ? 'wss://' : 'ws://';
    const url = scheme + window.location.host + '/graphql/realtime';
    setConnection('connecting', 'connecting…');
    connections += 1;
    els.connection.dataset.connections = String(connections);
    let ws;
    try {
      ws = new WebSocket(url, ['graphql-ws', 'header-' + base64Url(JSON.stringify(authorization()))]);
    } catch (e) {
      scheduleReconnect(mine);
      return;
    }
    socket = ws;
    ws.addEventListener('open', () => {
      if (ws !== socket) return;
      ws.send(JSON.stringify({ type: 'connection_init' }));
    });
    ws.addEventListener('message', (event) => {
      if (ws !== socket) return;
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      onMessage(ws, message, mine);
    });
    ws.addEventListener('close', () => {
      if (ws !== socket) return;
      socket = null;
      clearTimeout(keepAliveTimer);
      setConnection('disconnected', 'disconnected — reconnecting…');
      scheduleReconnect(mine);
    });
  }

  function onMessage(ws, message, mine) {
    switch (message.type) {
      case 'connection_ack': {
        const timeout = (message.payload && message.payload.connectionTimeoutMs) || 300000;
        ws.connectionTimeoutMs = timeout;
        keepAlive(ws);
        ws.send(JSON.stringify({
          id: SUBSCRIPTION_ID,
          type: 'start',
          payload: {
            data: JSON.stringify({ query: SUBSCRIPTION, variables: {} }),
            extensions: { authorization: authorization() },
          },
        }));
        break;
      }
      case 'ka':
        keepAlive(ws);
        break;
      case 'start_ack':
        keepAlive(ws);
        reconnectDelay = 500;
        setConnection('connected', 'live');
        // (re)load after the subscription is in place, so no change falls between the list and the stream
        loadOrders();
        loadMailbox();
        break;
      case 'data': {
        keepAlive(ws);
        const update = message.payload && message.payload.data && message.payload.data.onOrderUpdated;
        if (!update || mine !== session) break;
        if (update.change === 'DELETED') removeOrder(update.id);
        else applyOrder(update);
        if (update.change === 'STATUS_CHANGED' && (update.status === 'SUCCESS' || update.status === 'FAILED')) {
          expectMail(update.id);
        }
        break;
      }
      case 'error':
      case 'connection_error': {
        const errors = (message.payload && message.payload.errors) || [];
        const text = errors.map((e) => (e.errorType ? e.errorType + ': ' : '') + (e.message || '')).join('; ');
        setConnection('error', 'subscription error' + (text ? ': ' + text : ''));
        ws.close();
        break;
      }
      default:
        break;
    }
  }

  /** Closes a socket that stayed silent longer than the server's connectionTimeoutMs; close reconnects. */
  function keepAlive(ws) {
    clearTimeout(keepAliveTimer);
    keepAliveTimer = setTimeout(() => {
      if (ws === socket) ws.close();
    }, ws.connectionTimeoutMs || 300000);
  }

  function scheduleReconnect(mine) {
    if (mine !== session) return;
    clearTimeout(reconnectTimer);
    const delay = reconnectDelay;
    reconnectDelay = Math.min(reconnectDelay * 2, MAX_RECONNECT_DELAY_MS);
    reconnectTimer = setTimeout(() => {
      if (mine === session) connect();
    }, delay);
  }

  function disconnect() {
    clearTimeout(reconnectTimer);
    clearTimeout(keepAliveTimer);
    const ws = socket;
    socket = null;
    if (ws) {
      try {
        if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ id: SUBSCRIPTION_ID, type: 'stop' }));
        ws.close(1000);
      } catch (e) {
        // already closing
      }
    }
  }

  // ---- customer switch

  function useCustomer(value) {
    session += 1;
    disconnect();
    customer = value;
    email = emailFor(value);
    storeCustomer(value);
    orders = new Map();
    deleted = new Set();
    clearTimeout(mailTimer);
    mail = [];
    awaitingMail = new Set();
    els.mailboxMessage.hidden = true;
    reconnectDelay = 500;
    els.customer.value = value;
    els.currentCustomer.textContent = value;
    els.currentCustomer.dataset.customer = value;
    els.currentEmail.textContent = email;
    els.currentEmail.dataset.email = email;
    hideMessage();
    render();
    renderMailbox();
    connect();
  }

  // ---- rendering

  const STATUS_TEXT = { PENDING: 'Pending', SUCCESS: 'Succeeded', FAILED: 'Failed' };
  const CHANGE_TEXT = {
    CREATED: 'received',
    DETAILS_CHANGED: 'details changed',
    PAYMENT_STARTED: 'deciding payment…',
    STATUS_CHANGED: 'final',
  };

  function render() {
    const sorted = Array.from(orders.values()).sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    const rows = new Map();
    els.orders.querySelectorAll('li[data-order-id]').forEach((li) => rows.set(li.dataset.orderId, li));
    sorted.forEach((order, index) => {
      let li = rows.get(order.id);
      rows.delete(order.id);
      if (!li) li = createRow(order.id);
      fillRow(li, order);
      if (els.orders.children[index] !== li) els.orders.insertBefore(li, els.orders.children[index] || null);
    });
    rows.forEach((li) => li.remove());
    els.ordersEmpty.hidden = sorted.length > 0;
    els.ordersCount.textContent = String(sorted.length);
    els.ordersCount.dataset.count = String(sorted.length);
  }

  function createRow(id) {
    const li = els.template.content.firstElementChild.cloneNode(true);
    li.dataset.orderId = id;
    const button = li.querySelector('[data-action="delete"]');
    button.addEventListener('click', () => deleteOrder(id, button));
    return li;
  }

  function fillRow(li, order) {
    const status = order.status || 'PENDING';
    li.dataset.status = status;
    li.dataset.version = String(order.version || '');
    li.dataset.change = order.change || '';
    li.querySelector('.order-name').textContent = order.name || '';
    li.querySelector('.order-qty').textContent = '× ' + (order.quantity || '');
    li.querySelector('.order-restaurant').textContent = order.restaurantId || '';
    li.querySelector('.order-id').textContent = order.id;
    const badge = li.querySelector('.badge');
    badge.textContent = STATUS_TEXT[status] || status;
    badge.dataset.status = status;
    const reason = li.querySelector('.order-reason');
    reason.hidden = !(status === 'FAILED' && order.failureReason);
    reason.textContent = order.failureReason || '';
    const detail = [];
    if (status === 'PENDING' && order.change && CHANGE_TEXT[order.change]) detail.push(CHANGE_TEXT[order.change]);
    if (order.version) detail.push('v' + order.version);
    if (order.updatedAt) detail.push(formatTime(order.updatedAt));
    li.querySelector('.order-detail').textContent = detail.join(' · ');
  }

  function formatTime(iso) {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString();
  }

  let messageTimer = null;
  function showMessage(text, kind) {
    clearTimeout(messageTimer);
    els.formMessage.textContent = text;
    els.formMessage.dataset.kind = kind;
    els.formMessage.hidden = false;
    if (kind === 'ok') messageTimer = setTimeout(hideMessage, 4000);
  }

  function hideMessage() {
    clearTimeout(messageTimer);
    els.formMessage.hidden = true;
    els.formMessage.textContent = '';
  }

  // ---- wiring

  els.customerForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = els.customer.value.trim();
    if (!value) {
      els.customer.value = customer;
      return;
    }
    if (value !== customer) useCustomer(value);
  });
  els.orderForm.addEventListener('submit', placeOrder);
  window.addEventListener('online', () => {
    if (!socket) connect();
  });

  useCustomer(customer);
})();
