// Drives the local runtime's page in headless Chromium (puppeteer-core + the Chromium build inside
// @sparticuz/chromium) like a person would: sets a customer, places orders through the form, waits until each
// order's row shows its final status and its outcome email shows in "Your mailbox" without reloading, takes a
// screenshot, deletes an order.
//
//   node browser-page.mjs <pageUrl> <customer> <screenshot.png> [dish ...]
//
// stdout: one JSON line with what happened (the Java test asserts on it). stderr: diagnostics.
// Exits 0 with the result; 1 on a failure (with "error" in the JSON when the browser got that far); 3 when
// ORDERFLOW_NODE_TIMEOUT_MS (default 60000) elapses first, so a hang never blocks the build.
import chromium from '@sparticuz/chromium';
import puppeteer from 'puppeteer-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [pageUrl, customer, screenshot, ...dishArgs] = process.argv.slice(2);
if (!pageUrl || !customer || !screenshot) {
  console.error('usage: node browser-page.mjs <pageUrl> <customer> <screenshot.png> [dish ...]');
  process.exit(64);
}
const dishes = dishArgs.length ? dishArgs : ['Margherita'];
const timeoutMs = Number(process.env.ORDERFLOW_NODE_TIMEOUT_MS || 60000);
const stepTimeout = Math.max(5000, timeoutMs - 10000);

let browser = null;
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderflow-chromium-'));

async function cleanup() {
  try {
    if (browser) await browser.close();
  } catch (e) {
    browser?.process()?.kill('SIGKILL');
  }
  fs.rmSync(userDataDir, { recursive: true, force: true });
}

const timer = setTimeout(async () => {
  console.error(`browser-page: timed out after ${timeoutMs} ms`);
  browser?.process()?.kill('SIGKILL');
  fs.rmSync(userDataDir, { recursive: true, force: true });
  process.exit(3);
}, timeoutMs);

// chromium.args, less the two that would switch off the browser's own protections the page is tested under
// (same-origin policy, mixed content); plus no network of its own (the machine may have none).
const args = chromium.args
  .filter((a) => a !== '--disable-web-security' && a !== '--allow-running-insecure-content')
  .concat(['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync']);

const result = { customer, orders: [], consoleErrors: [], pageErrors: [], failedRequests: [] };
let exitCode = 0;
try {
  browser = await puppeteer.launch({
    executablePath: await chromium.executablePath(),
    args,
    headless: 'shell',
    userDataDir,
    defaultViewport: { width: 1000, height: 760, deviceScaleFactor: 1 },
    protocolTimeout: stepTimeout,
  });
  result.browser = await browser.version();
  const page = await browser.newPage();
  page.setDefaultTimeout(stepTimeout);
  page.on('console', (m) => {
    if (m.type() === 'error') result.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => result.pageErrors.push(String(e.message || e)));
  page.on('requestfailed', (r) => result.failedRequests.push(r.url() + ' ' + (r.failure()?.errorText || '')));
  let navigations = 0;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations += 1;
  });

  const response = await page.goto(pageUrl, { waitUntil: 'load' });
  result.pageStatus = response.status();
  result.csp = response.headers()['content-security-policy'] || null;
  if (!response.ok()) throw new Error(`GET ${pageUrl} answered ${response.status()}`);
  await page.waitForSelector('#connection[data-state="connected"]');

  // switch to the customer through the form
  await page.$eval('#customer', (el) => { el.value = ''; });
  await page.type('#customer', customer);
  await page.click('#switch-customer');
  await page.waitForFunction((c) => document.getElementById('current-customer').dataset.customer === c
    && document.getElementById('connection').dataset.state === 'connected', {}, customer);
  result.storedCustomer = await page.evaluate(() => window.localStorage.getItem('orderflow.customer'));
  result.email = await page.$eval('#current-email', (el) => el.dataset.email);

  // from here on: no navigation, and the socket is not reopened; a marker in the page's window would not survive a
  // reload, and every status the rows go through is recorded
  const navigationsBefore = navigations;
  const connectionsBefore = await page.$eval('#connection', (el) => el.dataset.connections);
  await page.evaluate(() => {
    window.__orderflowMarker = 'kept';
    window.__statuses = {};
    const record = (li) => {
      const list = (window.__statuses[li.dataset.orderId] ||= []);
      if (li.dataset.status && list[list.length - 1] !== li.dataset.status) list.push(li.dataset.status);
    };
    new MutationObserver((mutations) => mutations.forEach((m) => {
      if (m.target.matches?.('li[data-order-id]')) record(m.target);
      m.addedNodes.forEach((n) => n.matches?.('li[data-order-id]') && record(n));
    })).observe(document.getElementById('orders'), { subtree: true, childList: true, attributes: true,
      attributeFilter: ['data-status'] });
  });

  for (const [index, dish] of dishes.entries()) {
    const known = await page.$$eval('li[data-order-id]', (lis) => lis.map((li) => li.dataset.orderId));
    await page.$eval('#order-name', (el) => { el.value = ''; });
    await page.type('#order-name', dish);
    await page.$eval('#order-quantity', (el) => { el.value = ''; });
    await page.type('#order-quantity', String(index + 1));
    await page.$eval('#order-restaurant', (el) => { el.value = ''; });
    await page.type('#order-restaurant', 'luigis');
    await page.click('#place-order');
    const id = await page.waitForFunction((ids) => {
      const li = Array.from(document.querySelectorAll('li[data-order-id]')).find((x) => !ids.includes(x.dataset.orderId));
      return li ? li.dataset.orderId : null;
    }, {}, known).then((h) => h.jsonValue());
    await page.waitForSelector(`li[data-order-id="${id}"]:is([data-status="SUCCESS"], [data-status="FAILED"])`);
    result.orders.push(await page.$eval(`li[data-order-id="${id}"]`, (li) => ({
      id: li.dataset.orderId,
      status: li.dataset.status,
      version: Number(li.dataset.version),
      name: li.querySelector('.order-name').textContent,
      badge: li.querySelector('.badge').textContent,
      failureReason: li.querySelector('.order-reason').hidden ? null : li.querySelector('.order-reason').textContent,
      statuses: window.__statuses[li.dataset.orderId] || [],
    })));
    // its outcome email arrives in the mailbox, without a reload either
    await page.waitForSelector(`#mailbox li[data-mail-order-id="${id}"]`);
  }
  result.mailbox = await page.$$eval('#mailbox li[data-mail-order-id]', (lis) => lis.map((li) => ({
    orderId: li.dataset.mailOrderId,
    subject: li.querySelector('.mail-subject').textContent,
    to: li.querySelector('.mail-to').textContent,
    text: li.querySelector('.mail-text').textContent,
    elements: li.querySelector('.mail-text').childElementCount,
  })));
  // let the "order placed" note fade so the screenshot shows the list as it stays
  await page.waitForSelector('#form-message', { hidden: true, timeout: 6000 }).catch(() => {});
  await page.screenshot({ path: screenshot, fullPage: true });

  // delete the first order with its button: the row disappears
  const first = result.orders[0].id;
  await page.click(`li[data-order-id="${first}"] [data-action="delete"]`);
  await page.waitForFunction((id) => !document.querySelector(`li[data-order-id="${id}"]`), {}, first);
  result.deleted = first;

  result.navigationsAfterSetup = navigations - navigationsBefore;
  result.markerKept = (await page.evaluate(() => window.__orderflowMarker)) === 'kept';
  result.connectionsAfterSetup = Number(await page.$eval('#connection', (el) => el.dataset.connections))
    - Number(connectionsBefore);
  result.connectionState = await page.$eval('#connection', (el) => el.dataset.state);
  result.rows = await page.$$eval('li[data-order-id]', (lis) => lis.map((li) => li.dataset.orderId));
} catch (e) {
  result.error = String(e && e.stack || e);
  exitCode = 1;
} finally {
  clearTimeout(timer);
  await cleanup();
}
process.stdout.write(JSON.stringify(result) + '\n');
process.exit(exitCode);
