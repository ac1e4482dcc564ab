// Runs one state machine execution with aws-local-stepfunctions. Reads a JSON request from stdin:
// {definition: string, input: string, bridge: url}. Every Task state POSTs to the bridge.
// Prints one line RESULT=<json> and exits.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve, reject;
    const promise = new this((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  };
}
const emit = (o) => { process.stdout.write('RESULT=' + JSON.stringify(o) + '\n', () => process.exit(0)); };
const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const req = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const { StateMachine } = await import('aws-local-stepfunctions');

let definition;
try { definition = JSON.parse(req.definition); } catch (e) {
  emit({ status: 'INVALID_DEFINITION', cause: 'definition is not JSON: ' + e.message });
}
if (definition) {
  const handlers = {}, retries = {};
  const INVOKE = /^arn:[^:]+:states:::lambda:invoke$/;
  const makeHandler = (name, st) => {
    const invoke = typeof st.Resource === 'string' && INVOKE.test(st.Resource);
    return async (input) => {
      const body = invoke ? input : { FunctionName: st.Resource, Payload: input };
      const res = await fetch(req.bridge, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-orderflow-state': encodeURIComponent(name),
          'x-orderflow-resource': encodeURIComponent(String(st.Resource)) },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      let payload = null;
      if (text.length) {
        try { payload = JSON.parse(text); } catch (e) {
          const err = new Error('bridge answered non-JSON: ' + text.slice(0, 500)); err.name = 'Lambda.Unknown'; throw err;
        }
      }
      if (!res.ok) {
        const err = new Error(payload && payload.errorMessage != null ? String(payload.errorMessage) : text);
        err.name = payload && payload.errorType ? String(payload.errorType) : 'Lambda.Unknown';
        throw err;
      }
      return invoke ? { Payload: payload } : payload;
    };
  };
  const walk = (states) => {
    for (const [name, st] of Object.entries(states || {})) {
      if (st.Retry) retries[name] = 0;
      if (st.Type === 'Task') handlers[name] = makeHandler(name, st);
      if (st.Type === 'Parallel') for (const b of st.Branches || []) walk(b.States);
      if (st.Type === 'Map') { const p = st.ItemProcessor || st.Iterator; if (p) walk(p.States); }
    }
  };
  let sm;
  try {
    walk(definition.States);
    sm = new StateMachine(definition, { validationOptions: req.validationOptions || {} });
  } catch (e) {
    emit({ status: 'INVALID_DEFINITION', cause: String(e && e.message || e) });
  }
  if (sm) {
    const execution = sm.run(JSON.parse(req.input), {
      overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides: retries },
    });
    const entered = [];
    const events = (async () => {
      for await (const ev of execution.eventLogs) {
        if (ev.type === 'StateEntered') entered.push(ev.state.name);
      }
    })();
    let out;
    try {
      const output = await execution.result;
      out = { status: 'SUCCEEDED', output: JSON.stringify(output === undefined ? null : output) };
    } catch (e) {
      const c = (e && e.cause) || e;
      const cause = c && c.message !== undefined ? c.message : String(c);
      out = { status: 'FAILED', error: String((c && c.name) || 'Error'), cause: String(cause) };
    }
    await Promise.race([events, new Promise((r) => setTimeout(r, 200))]);
    out.statesEntered = entered;
    emit(out);
  }
}
