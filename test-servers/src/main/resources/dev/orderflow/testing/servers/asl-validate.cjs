// Validates a state machine definition (read from stdin) with asl-validator; prints RESULT=<json array of messages>.
'use strict';
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', () => {
  const text = Buffer.concat(chunks).toString('utf8');
  let messages;
  let definition;
  try { definition = JSON.parse(text); } catch (e) { messages = ['InvalidJson: ' + e.message]; }
  if (!messages) {
    const r = require('asl-validator')(definition);
    messages = r.errors.map((e) => (e['Error code'] ? e['Error code'] + ': ' : '') + (e.Message || JSON.stringify(e)));
  }
  process.stdout.write('RESULT=' + JSON.stringify(messages) + '\n', () => process.exit(0));
});
