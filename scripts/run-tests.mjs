// Runs every compiled test file (out/test/**/*.test.js) with node's test runner. Node 20's
// runner takes no glob patterns, so the files are listed here.
import { readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const files = [];
const walk = (d) => {
  for (const n of readdirSync(d).sort()) {
    const p = join(d, n);
    if (statSync(p).isDirectory()) walk(p);
    else if (n.endsWith('.test.js') && (!only.length || only.some((o) => p.includes(o)))) files.push(p);
  }
};
walk(join(root, 'out', 'test'));
if (!files.length) {
  console.error('run-tests: no test files found under out/test (build first)');
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);
