// Runs `npm ci --no-audit --no-fund` in a directory — the one given as the first argument, else this one —
// unless its node_modules already matches package.json + package-lock.json (a SHA-256 of both is kept in
// node_modules/.orderflow-installed). Invoked by exec-maven-plugin: here in the generate-resources phase, and by
// local-runtime for its Node test clients (src/test/node); a lock directory keeps two concurrent Maven builds
// from running npm ci over each other.
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { spawnSync } = require('child_process');

const dir = process.argv[2] ? path.resolve(process.argv[2]) : __dirname;
const marker = path.join(dir, 'node_modules', '.orderflow-installed');
const lock = path.join(dir, '.npm-ci.lock');

function wanted() {
  const h = crypto.createHash('sha256');
  for (const f of ['package.json', 'package-lock.json']) {
    h.update(f + '\0');
    h.update(fs.readFileSync(path.join(dir, f)));
  }
  h.update('node ' + process.versions.node.split('.')[0]);
  return h.digest('hex');
}

function upToDate(hash) {
  try { return fs.readFileSync(marker, 'utf8').trim() === hash; } catch (e) { return false; }
}

function sleep(ms) { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms); }

const hash = wanted();
if (upToDate(hash)) process.exit(0);

const deadline = Date.now() + 10 * 60 * 1000;
for (;;) {
  try { fs.mkdirSync(lock); break; } catch (e) {
    if (e.code !== 'EEXIST') throw e;
    let age = 0;
    try { age = Date.now() - fs.statSync(lock).mtimeMs; } catch (ignored) { continue; }
    if (age > 10 * 60 * 1000) { fs.rmSync(lock, { recursive: true, force: true }); continue; }
    if (Date.now() > deadline) { console.error('timed out waiting for ' + lock); process.exit(1); }
    sleep(500);
  }
}
let rc = 1;
try {
  if (upToDate(hash)) { rc = 0; } else {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'],
      { cwd: dir, stdio: 'inherit', shell: process.platform === 'win32' });
    if (r.error) { console.error(r.error.message); }
    rc = r.status === null ? 1 : r.status;
    if (rc === 0) fs.writeFileSync(marker, hash + '\n');
  }
} finally {
  fs.rmSync(lock, { recursive: true, force: true });
}
process.exit(rc);
