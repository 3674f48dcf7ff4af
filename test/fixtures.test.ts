/**
 * Rule fixtures (after markdownlint's test files): every test/fixtures/<rule-id>/*.md is a small
 * report whose expected findings are written inside it as HTML comments (test/fixtures/README.md):
 *
 *   <!-- expect: share -->            the next non-blank line has a `share` finding (default severity)
 *   <!-- expect: share warning -->    … with that severity
 *   text <!-- expect: sum -->         at the end of a line: that line has it
 *   <!-- expect-none -->              a clean fixture: no error or warning at all
 *   <!-- options: {"rules": {…}} -->  check options (JSON), e.g. rules turned off, a time budget
 *
 * Each fixture is checked and its errors and warnings, as (rule, severity, line), must be exactly
 * the expected ones; then its certain fixes are applied and the fixed text checked again: no
 * certain fix may be left and no new error appear.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  applyEdits,
  certainFixes,
  check,
  RULE_BY_ID,
  type CheckOptions,
  type CheckResult,
  type Finding,
} from '../server/src/engine';
import { ROOT } from './helpers';

const DIR = join(ROOT, 'test', 'fixtures');
const EXPECT = /<!--\s*expect:\s*([a-z0-9-]+)(?:\s+(error|warning))?\s*-->/g;
const NONE = /<!--\s*expect-none\s*-->/;
const OPTIONS = /<!--\s*options:\s*(\{.*\})\s*-->/;
/** A line with only expectation comments on it. */
const ONLY_COMMENTS = /^\s*(?:<!--\s*expect:[^>]*-->\s*)+$/;

interface Fixture {
  path: string;
  name: string;
  text: string;
  /** `line rule severity` of every expected finding (1-based lines), sorted. */
  expected: string[];
  none: boolean;
  options: CheckOptions;
}

function parseFixture(path: string, name: string, text = readFileSync(path, 'utf8')): Fixture {
  const lines = text.split(/\r?\n/);
  const expected: string[] = [];
  lines.forEach((line, i) => {
    for (const m of line.matchAll(EXPECT)) {
      const meta = RULE_BY_ID.get(m[1]);
      assert.ok(meta, `${name}:${i + 1}: unknown rule id 「${m[1]}」 in ${m[0]}`);
      let target = i;
      if (ONLY_COMMENTS.test(line)) {
        do target++;
        while (target < lines.length && (!lines[target].trim() || ONLY_COMMENTS.test(lines[target])));
        assert.ok(target < lines.length, `${name}:${i + 1}: ${m[0]} has no line after it`);
      }
      expected.push(key(target + 1, meta.id, m[2] ?? meta.severity));
    }
  });
  const opt = OPTIONS.exec(text);
  let options: CheckOptions = {};
  if (opt) {
    try {
      options = JSON.parse(opt[1]) as CheckOptions;
    } catch (e) {
      assert.fail(`${name}: the options comment is not JSON: ${(e as Error).message}`);
    }
  }
  const none = NONE.test(text);
  assert.ok(none !== expected.length > 0, `${name}: write either <!-- expect: … --> lines or <!-- expect-none -->`);
  return { path, name, text, expected: expected.sort(byLine), none, options };
}

const key = (line: number, rule: string, severity: string): string => `${line} ${rule} ${severity}`;
const byLine = (a: string, b: string): number => parseInt(a) - parseInt(b) || a.localeCompare(b);

/** The errors and warnings of a check (info findings are hints, not checked here). */
const problems = (fs: Finding[]): Finding[] => fs.filter((f) => f.severity === 'error' || f.severity === 'warning');

/** What is expected but not found, and what is found but not expected (a multiset difference). */
function diff(expected: string[], found: Array<{ key: string; message: string }>): string[] {
  const left = [...expected];
  const out: string[] = [];
  for (const f of found) {
    const i = left.indexOf(f.key);
    if (i >= 0) left.splice(i, 1);
    else out.push(`  unexpected: line ${f.key} — ${f.message}`);
  }
  return [...left.map((k) => `  missing:    line ${k}`), ...out];
}

function fixtures(): Fixture[] {
  assert.ok(existsSync(DIR), `no fixtures at ${DIR}`);
  const out: Fixture[] = [];
  for (const rule of readdirSync(DIR).sort()) {
    const d = join(DIR, rule);
    if (!statSync(d).isDirectory()) continue;
    assert.equal(RULE_BY_ID.get(rule)?.id, rule, `test/fixtures/${rule}: not a rule id`);
    for (const n of readdirSync(d).sort())
      if (n.endsWith('.md')) out.push(parseFixture(join(d, n), `test/fixtures/${rule}/${n}`));
  }
  return out;
}

const ALL = fixtures();

test('every rule directory has a failing fixture expecting its rule and a clean one', () => {
  const dirs = [...new Set(ALL.map((f) => f.name.split('/')[2]))];
  for (const rule of [
    'sum',
    'share',
    'yoy',
    'budget',
    'repeated',
    'malformed',
    'template-leftover',
    'numbering',
    'year-consistency',
    'empty-statement',
    'input-limit',
  ])
    assert.ok(dirs.includes(rule), `no fixtures for ${rule}`);
  for (const rule of dirs) {
    const mine = ALL.filter((f) => f.name.split('/')[2] === rule);
    assert.ok(
      mine.some((f) => f.expected.some((k) => k.split(' ')[1] === rule)),
      `${rule}: no fixture expects a ${rule} finding`,
    );
    assert.ok(
      mine.some((f) => f.none),
      `${rule}: no clean fixture (<!-- expect-none -->)`,
    );
  }
});

/** What differs between a fixture's expectations and its check (empty when they agree). */
function compare(fx: Fixture): { d: string[]; r: CheckResult; opts: CheckOptions } {
  const opts: CheckOptions = { path: fx.path, ...fx.options };
  const r = check(fx.text, opts);
  const found = problems(r.findings).map((f) => ({
    key: key(f.range.start.line + 1, f.rule, f.severity),
    message: f.message,
  }));
  return { d: diff(fx.expected, found), r, opts };
}

test('the harness itself: a wrong expectation fails as missing, an unstated finding as unexpected', () => {
  const text = [
    '# 收入决算情况说明',
    '',
    '<!-- expect: yoy -->',
    '本年收入355.15万元，其中：财政拨款收入256.00万元，占72.08%；其他收入99.15万元，占27.29%。',
  ].join('\n');
  const { d } = compare(parseFixture('self.md', 'self.md', text));
  assert.equal(d.length, 2, d.join('\n'));
  assert.match(d[0], /missing: +line 4 yoy error/);
  assert.match(d[1], /unexpected: line 4 share error/);
  assert.throws(() => parseFixture('x.md', 'x.md', '本年收入355.15万元。'), /expect-none/);
  assert.throws(
    () => parseFixture('x.md', 'x.md', '<!-- expect: no-such-rule -->\n本年收入355.15万元。'),
    /unknown rule/,
  );
});

for (const fx of ALL) {
  test(`fixture ${fx.name}`, () => {
    const { d, r, opts } = compare(fx);
    assert.ok(!d.length, `${fx.name}: the findings differ from the expectations\n${d.join('\n')}`);
    // fix, then check again: the certain fixes leave nothing certain to fix and no new error
    const fixes = certainFixes(r.findings);
    if (!fixes.length) return;
    const fixed = applyEdits(
      fx.text,
      fixes.flatMap((f) => f.edits.filter((e) => !e.path)),
    );
    assert.notEqual(fixed, fx.text, `${fx.name}: the certain fixes change nothing`);
    const again = check(fixed, opts);
    const left = certainFixes(again.findings);
    assert.deepEqual(
      left.map((f) => f.title),
      [],
      `${fx.name}: after the certain fixes, certain fixes are still offered`,
    );
    const errors = (fs: Finding[]): Map<string, number> => {
      const m = new Map<string, number>();
      for (const f of fs) if (f.severity === 'error') m.set(f.rule, (m.get(f.rule) ?? 0) + 1);
      return m;
    };
    const before = errors(r.findings);
    const added = [...errors(again.findings)]
      .filter(([rule, n]) => n > (before.get(rule) ?? 0))
      .map(([rule]) =>
        again.findings
          .filter((f) => f.rule === rule && f.severity === 'error')
          .map((f) => `  line ${f.range.start.line + 1} ${rule}: ${f.message}`)
          .join('\n'),
      );
    assert.deepEqual(added, [], `${fx.name}: the certain fixes bring new errors\n${added.join('\n')}`);
  });
}
