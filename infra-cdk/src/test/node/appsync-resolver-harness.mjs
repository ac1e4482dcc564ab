// Runs an APPSYNC_JS resolver of a NONE data source the way AppSync does, on stubs of @aws-appsync/utils.
//
//   node appsync-resolver-harness.mjs <resolver.js>   < cases.json   > results.json
//
// cases.json is an array of { ctx: { identity, args }, authType, updates? }: for each case the harness calls
// request(ctx), hands the request's payload to response(ctx) as ctx.result (what a NONE data source does),
// and reports { request, response, filter, delivered, unauthorized, error }:
//   filter      what response passed to extensions.setSubscriptionFilter (null if nothing),
//   delivered   for each of the case's updates, whether that filter lets it through (AppSync's semantics:
//               any filter group whose filters all hold),
//   unauthorized whether util.unauthorized() was called (it ends the resolver, as in AppSync).
// The resolver's own module is copied beside a node_modules/@aws-appsync/utils stub in a temporary
// directory, so it is imported unchanged, as an ES module. Nothing listens, nothing is fetched.
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const STUB = `
class Unauthorized extends Error { constructor() { super('Unauthorized'); this.unauthorized = true; } }
export const state = { authType: null, filter: null };
export const util = {
  authType: () => state.authType,
  unauthorized: () => { throw new Unauthorized(); },
  error: (message, type) => { const e = new Error(message); e.type = type; throw e; },
  transform: {
    // AppSync: every field of the object is one filter of a single group; the group's filters AND together
    toSubscriptionFilter(objFilter) {
      if (objFilter === null || typeof objFilter !== 'object') throw new Error('filter must be an object');
      const filters = [];
      for (const [fieldName, condition] of Object.entries(objFilter)) {
        if (fieldName === 'and' || fieldName === 'or') throw new Error('stub supports field conditions only');
        for (const [operator, value] of Object.entries(condition)) {
          filters.push({ fieldName, operator, value });
        }
      }
      if (filters.length === 0 || filters.length > 5) throw new Error('a filter group holds 1-5 filters');
      return { filterGroup: [{ filters }] };
    },
  },
};
export const extensions = {
  setSubscriptionFilter(filter) {
    if (state.filter !== null) throw new Error('setSubscriptionFilter called twice');
    state.filter = filter;
  },
};
`;

function holds(f, update) {
  const actual = update[f.fieldName];
  switch (f.operator) {
    case 'eq': return actual === f.value;
    case 'ne': return actual !== f.value;
    case 'in': return Array.isArray(f.value) && f.value.includes(actual);
    default: throw new Error('stub does not evaluate operator ' + f.operator);
  }
}

function delivered(filter, update) {
  if (filter === null) return true; // no enhanced filter: every update
  return filter.filterGroup.some((group) => group.filters.every((f) => holds(f, update)));
}

const [, , resolverFile] = process.argv;
if (!resolverFile) {
  console.error('usage: node appsync-resolver-harness.mjs <resolver.js> < cases.json');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'appsync-resolver-'));
try {
  const utils = join(dir, 'node_modules', '@aws-appsync', 'utils');
  mkdirSync(utils, { recursive: true });
  writeFileSync(join(utils, 'package.json'), JSON.stringify({ name: '@aws-appsync/utils', type: 'module', main: 'index.js' }));
  writeFileSync(join(utils, 'index.js'), STUB);
  const resolver = join(dir, 'resolver.mjs');
  writeFileSync(resolver, readFileSync(resolverFile, 'utf8'));
  const { state } = await import(pathToFileURL(join(utils, 'index.js')).href);
  const code = await import(pathToFileURL(resolver).href);

  const cases = JSON.parse(readFileSync(0, 'utf8'));
  const results = [];
  for (const c of cases) {
    state.authType = c.authType;
    state.filter = null;
    const ctx = { identity: c.ctx.identity, args: c.ctx.args ?? {}, stash: {}, source: null, prev: {}, request: { headers: {} } };
    const out = { request: null, response: null, filter: null, delivered: [], unauthorized: false, error: null };
    try {
      out.request = code.request(ctx) ?? null;
      ctx.result = out.request === null ? null : (out.request.payload ?? null);
      out.response = code.response(ctx) ?? null;
      out.filter = state.filter;
      out.delivered = (c.updates ?? []).map((u) => delivered(state.filter, u));
    } catch (e) {
      if (e.unauthorized) out.unauthorized = true;
      else out.error = String(e.message);
    }
    results.push(out);
  }
  process.stdout.write(JSON.stringify(results));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
