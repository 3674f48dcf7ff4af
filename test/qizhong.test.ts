/**
 * 其中 lists belong to the figure they follow (issue 11, "one finding per cause"): an item relates
 * to its own head, never to a sibling item before it; a list nested in brackets ends with its
 * bracket; a list goes on into the next sentence only with an item of its own family; and a
 * share 「占 X%」 whose whole is not certain (a budget figure and an actual figure both precede it)
 * is not checked. Made-up sentences first, then a real corpus paragraph rewritten and mutated.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { CheckResult } from '../server/src/engine';
import type { Fact } from '../server/src/engine/facts/extract';
import { CORPUS, SEED_TXT, brief, mutateAt, problems, read, run } from './helpers';

const SANGONG = '# 三公经费支出决算情况说明\n\n';
/** The made-up paragraphs name the car items short (运行费): sangong-items (the template names) is not tested here. */
const OPTS = { rules: { 'sangong-items': 'off' as const } };

function found(md: string): string[] {
  return problems(run(md, 'report.md', OPTS)).map((f) => brief(md, f));
}

/** `item → head` of every 其中 pair, by the figures as written. */
function pairs(r: CheckResult): string[] {
  const w = (f: Fact) => f.written.value.toFixed(f.written.decimals);
  return [...r.extraction.qizhong].map(([item, head]) => `${w(item)}→${w(head)}`).sort();
}

const NESTED =
  SANGONG +
  '2024年度“三公”经费支出150.00万元，其中：因公出国（境）费30.00万元，公车购置及运行费120.00万元' +
  '（其中：公务用车购置费20.00万元，运行费100.00万元），公务接待费0.00万元。\n';

test('a bracketed 其中 list belongs to the figure before the bracket, not to a sibling before it', () => {
  const r = run(NESTED, 'report.md', OPTS);
  assert.deepEqual(
    problems(r).map((f) => brief(NESTED, f)),
    [],
  );
  // 20 and 100 are the items of 120; 30, 120 and 0 (after the bracket closes) are the items of 150
  assert.deepEqual(pairs(r), ['0.00→150.00', '100.00→120.00', '120.00→150.00', '20.00→120.00', '30.00→150.00']);
});

test('the items of a nested list are checked against their own head (20 + 100 = 120)', () => {
  const md = NESTED.replace('运行费100.00', '运行费90.00');
  const got = found(md);
  assert.equal(got.length, 1, got.join('\n'));
  assert.match(got[0], /^sum error /);
  const r = run(md, 'report.md', OPTS);
  const f = problems(r)[0];
  const related = [md.slice(f.span.start, f.span.end), ...(f.related ?? []).map((x) => x.message)].join(' ');
  assert.match(related, /120\.00|90\.00/);
});

test('a 其中 list nested without brackets ends at its 「；」: the next item is the outer head’s', () => {
  const md =
    SANGONG +
    '2024年度“三公”经费支出160.00万元，其中：因公出国（境）费30.00万元；公务用车购置及运行维护费120.00万元，' +
    '其中：公务用车购置费20.00万元，公务用车运行维护费100.00万元；公务接待费10.00万元，占6.25%。\n';
  assert.deepEqual(found(md), []);
  const r = run(md, 'report.md', OPTS);
  assert.ok(pairs(r).includes('20.00→120.00'));
  assert.ok(!pairs(r).some((p) => p.startsWith('10.00→120')), pairs(r).join(' '));
  // the share after the list is still checked, of the outer head (10 ÷ 120 would be 8.33%)
  const bad = md.replace('占6.25%', '占8.33%');
  assert.deepEqual(
    found(bad).map((s) => s.split(' ').slice(0, 2).join(' ')),
    ['share error'],
  );
});

test('a share inside a nested list is of its own head', () => {
  const md = NESTED.replace('公务用车购置费20.00万元，', '公务用车购置费20.00万元，占16.67%，');
  assert.deepEqual(found(md), []);
  assert.deepEqual(
    found(md.replace('16.67', '13.33')).map((s) => s.split(' ').slice(0, 2).join(' ')),
    ['share error'],
  );
});

test('a 其中 list ends with its sentence unless the next sentence goes on with an item of its family', () => {
  const md =
    '# 收入支出决算总体情况说明\n\n' +
    '本年收入355.15万元，其中：财政拨款收入256.00万元。本年支出合计455.15万元，比上年增加13.26万元。\n';
  assert.deepEqual(found(md), []);
  assert.deepEqual(pairs(run(md, 'report.md')), ['256.00→355.15']);
});

test('a share whose whole is not certain (a budget and an actual figure before it) is not checked', () => {
  for (const s of [
    '2024年度“三公”经费支出决算为150.00万元，年初预算为200.00万元，占75.00%。',
    '2024年度“三公”经费支出150.00万元，其中公务接待费年初预算为40.00万元，决算为30.00万元，占75.00%。',
    '2024年度“三公”经费支出150.00万元，其中公务接待费年初预算为40.00万元，决算为30.00万元，占20.00%。',
  ]) {
    assert.deepEqual(found(SANGONG + s + '\n'), [], s);
  }
  // a whole that is certain is still checked: the 其中 follows the actual figure it belongs to
  const md =
    '# 支出决算情况说明\n\n2024年度本年支出合计年初预算为200.00万元，决算为150.00万元，' +
    '其中：基本支出100.00万元，占60.00%。\n';
  assert.deepEqual(
    found(md).map((s) => s.split(' ').slice(0, 2).join(' ')),
    ['share error'],
  );
  assert.deepEqual(found(md.replace('60.00', '66.67')), []);
});

test('an item of a budget figure is not an item of the actual (roles differ: no 其中 pair)', () => {
  const md =
    '# 支出决算情况说明\n\n2024年度本年支出合计决算为150.00万元，年初预算为200.00万元，' +
    '其中：基本支出120.00万元。\n';
  assert.deepEqual(found(md), []);
  assert.deepEqual(pairs(run(md, 'report.md')), []);
});

/** The seed's 三公 paragraph with the car costs' breakdown (its next paragraph) written in brackets. */
function seedWithBracket(): { text: string; at: number } {
  const text = read(SEED_TXT);
  const m = mutateAt(text, {
    name: 'cars broken down in brackets',
    ctx: '公务用车购置及运行维护费支出4.80万元，占96.77%',
    from: '4.80万元，',
    to: '4.80万元（其中：公务用车购置费0.00万元，公务用车运行维护费4.80万元），',
  });
  return { text: m.text, at: m.at };
}

test('corpus: the seed’s 三公 paragraph with a bracketed breakdown stays clean', () => {
  const base = problems(run(read(SEED_TXT), SEED_TXT)).map((f) => f.rule + ' ' + f.message);
  const { text } = seedWithBracket();
  const got = problems(run(text, SEED_TXT)).map((f) => f.rule + ' ' + f.message);
  assert.deepEqual(got, base);
});

test('corpus: a slip inside the bracketed breakdown is caught on the right figures', () => {
  const { text } = seedWithBracket();
  const m = mutateAt(text, {
    name: 'running cost in the bracket',
    ctx: '公务用车运行维护费4.80万元），占96.77%',
    from: '4.80',
    to: '4.50',
  });
  const base = problems(run(read(SEED_TXT), SEED_TXT)).map((f) => f.rule + ' ' + f.message);
  const got = problems(run(m.text, SEED_TXT));
  const extra = got.filter((f) => !base.includes(f.rule + ' ' + f.message));
  // one finding, on the mutated figure: 公务用车购置及运行维护费 = 购置费 + 运行维护费 (4.80 = 0.00 + 4.50)
  assert.deepEqual(
    extra.map((f) => brief(m.text, f).replace(/ \d+:\d+ /, ' ')),
    ['sum error 4.50'],
  );
  assert.equal(extra[0].span.start, m.at);
});

test('corpus: the share after a bracketed breakdown is still checked', () => {
  const { text } = seedWithBracket();
  const m = mutateAt(text, { name: 'share after the bracket', ctx: '），占96.77%', from: '96.77', to: '97.77' });
  const got = problems(run(m.text, SEED_TXT)).filter((f) => f.rule === 'share');
  assert.equal(got.length, 1, got.map((f) => brief(m.text, f)).join('\n'));
  assert.equal(got[0].span.start, m.at);
});

test('corpus: the wanli budget’s nested area list reads without a finding', () => {
  const path = join(CORPUS, 'shanghai-putuo-wanli-2024-budget.txt');
  const text = read(path);
  const i = text.indexOf('其中地上建筑面积');
  assert.ok(i > 0);
  const r = run(text, path);
  assert.ok(!problems(r).some((f) => Math.abs(f.span.start - i) < 200));
});

test('corpus: 「财政拨款支出预算中，…」 lists the items of the figure it names again', () => {
  const path = join(CORPUS, 'shanghai-putuo-gov-office-2025-budget.txt');
  const text = read(path);
  const r = run(text, path);
  const head = text.indexOf('财政拨款支出预算9,101.68') + '财政拨款支出预算'.length;
  const items = [...r.extraction.qizhong].filter(([, h]) => h.span.start === head);
  // 一般公共预算拨款 9,101.68, 政府性基金拨款 0, 国有资本经营预算拨款 0: the items of 财政拨款支出预算
  assert.deepEqual(
    items.map(([i]) => i.written.value.toString()),
    ['9101.68', '0', '0'],
  );
  const m = mutateAt(text, {
    name: 'an item over its head',
    ctx: '预算拨款支出预算9,101.68万元，比2024年预算减少2,389.52万元；政府性基金',
    from: '9,101.68',
    to: '9,201.68',
  });
  const got = problems(run(m.text, path)).filter((f) => f.span.start === m.at);
  assert.ok(
    got.length >= 1,
    problems(run(m.text, path))
      .map((f) => brief(m.text, f))
      .join('\n'),
  );
});
