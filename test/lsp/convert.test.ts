/** In-process tests of the LSP layer's functions on the engine's output. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, TextDocumentEdit } from 'vscode-languageserver';
import { check } from '../../server/src/engine';
import { diffEdits, fixAllToFixpoint } from '../../server/src/engine/features/fix-all';
import {
  codeActions,
  FIX_ALL_KIND,
  readData,
  toDiagnostics,
  toFolding,
  toHover,
  toSymbols,
} from '../../server/src/lsp/convert';
import { globToRegExp, matchesAny } from '../../server/src/lsp/glob';
import { Scheduler } from '../../server/src/lsp/scheduler';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkOptions,
  normalizeSettings,
  parseProjectConfig,
  ProjectConfigs,
  resolveLang,
  DEFAULT_SETTINGS,
} from '../../server/src/config';
import {
  GARBAGE,
  injected,
  injectedPosition,
  SEED,
  SEED_TEAM,
  TEAM_PROFILE,
  TEAM_PROFILE_ID,
  TEAM_SECTION,
  WITH_TABLES,
} from './fixtures';

const URI = 'file:///tmp/report.md';

function setup(text: string, lang: 'zh-CN' | 'en' = 'zh-CN') {
  const doc = TextDocument.create(URI, 'markdown', 1, text);
  const options = { path: '/tmp/report.md', lang, ...WITH_TABLES };
  const result = check(text, options);
  const byUri = toDiagnostics(result, { uri: URI, version: 1, text, uriOf: (p) => `file://${p}` });
  const diagnostics = byUri.get(URI)!;
  const actions = (ds: Diagnostic[], only?: string[]) =>
    codeActions({
      uri: URI,
      diagnostics: ds,
      only,
      lang,
      documentChanges: true,
      textOf: (u) => (u === URI ? text : undefined),
      versionOf: (u) => (u === URI ? 1 : null),
      resultOf: (u) => (u === URI ? result : undefined),
      fixAll: () => fixAllToFixpoint(text, options, result).edits,
    });
  return { doc, result, diagnostics, byUri, actions };
}

function apply(doc: TextDocument, action: { edit?: { documentChanges?: unknown[] } }): string {
  const dc = action.edit!.documentChanges![0] as TextDocumentEdit;
  assert.equal(dc.textDocument.uri, doc.uri);
  assert.equal(dc.textDocument.version, doc.version);
  return TextDocument.applyEdits(doc, dc.edits as never);
}

describe('diagnostics', () => {
  test('a finding becomes a diagnostic with code, doc link, related figures and fix data', () => {
    const text = injected();
    const { diagnostics } = setup(text);
    const d = diagnostics.find((x) => x.severity === 1)!;
    const p = injectedPosition(text);
    assert.equal(d.code, 'share');
    assert.equal(d.source, 'suanpan');
    assert.deepEqual(d.range.start, { line: p.line, character: p.character });
    assert.equal(d.codeDescription!.href, 'https://github.com/suanpan/suanpan/blob/main/docs/rules/share.md');
    assert.deepEqual(
      d.relatedInformation!.map((r) => r.message),
      ['财政拨款收入 256.00万元', '本年收入合计 355.15万元'],
    );
    const data = readData(d, URI)!;
    assert.equal(data.rule, 'share');
    assert.equal(data.version, 1);
    assert.equal(data.expected, '72.08%');
    assert.equal(data.origin, URI);
    assert.deepEqual(data.fixes[0].edits[0], { uri: URI, range: d.range, newText: '72.08', oldText: '75.08' });
  });

  test('severities map to LSP and follow the rule settings', () => {
    const text = injected();
    const sev = (rules: Record<string, 'error' | 'warning' | 'info' | 'off'>) =>
      toDiagnostics(check(text, { path: 'r.md', rules, ...WITH_TABLES }), {
        uri: URI,
        version: 1,
        text,
        uriOf: (p) => p,
      })
        .get(URI)!
        .filter((d) => d.code === 'share')
        .map((d) => d.severity);
    assert.deepEqual(sev({}), [1]);
    assert.deepEqual(sev({ share: 'warning' }), [2]);
    assert.deepEqual(sev({ share: 'info' }), [3]);
    assert.deepEqual(sev({ share: 'off' }), []);
  });
});

describe('a report with a linked tables file', () => {
  const TABLES_URI = 'file:///tmp/tables.yaml';
  const broken = (t: string) =>
    t.replace(
      '{ 项目: 一般公共预算财政拨款收入, 决算数: 256.00 }',
      '{ 项目: 一般公共预算财政拨款收入, 决算数: 266.00 }',
    );

  test('findings in the tables file are published on its URI; their fixes edit it', () => {
    const tables = broken(WITH_TABLES.readFile('tables.yaml')!);
    assert.ok(tables.includes('266.00'));
    const options = {
      path: '/tmp/report.md',
      readFile: (p: string) => (p === '/tmp/tables.yaml' ? tables : undefined),
    };
    const result = check(SEED, options);
    const byUri = toDiagnostics(result, { uri: URI, version: 3, text: SEED, uriOf: (p) => `file://${p}` });
    assert.deepEqual([...byUri.keys()].sort(), [URI, TABLES_URI].sort());
    assert.equal(byUri.get(URI)!.filter((d) => d.severity === 1).length, 0);
    const d = byUri.get(TABLES_URI)!.find((x) => x.severity === 1)!;
    assert.equal(d.code, 'sum');
    const data = readData(d, TABLES_URI)!;
    assert.equal(data.origin, URI);
    assert.equal(data.path, '/tmp/tables.yaml');
    assert.deepEqual(
      data.fixes[0].edits.map((e) => [e.uri, e.oldText, e.newText]),
      [[TABLES_URI, '266.00', '256.00']],
    );
    const actions = codeActions({
      uri: TABLES_URI,
      diagnostics: [d],
      lang: 'zh-CN',
      documentChanges: true,
      textOf: (u) => (u === TABLES_URI ? tables : u === URI ? SEED : undefined),
      versionOf: (u) => (u === TABLES_URI ? 7 : null),
      resultOf: (u) => (u === URI ? result : undefined),
      fixAll: () => [],
    });
    const fix = actions.find((a) => a.isPreferred)!;
    const dc = fix.edit!.documentChanges![0] as TextDocumentEdit;
    assert.deepEqual(dc.textDocument, { uri: TABLES_URI, version: 7 });
    assert.equal(
      TextDocument.applyEdits(TextDocument.create(TABLES_URI, 'yaml', 7, tables), dc.edits as never),
      WITH_TABLES.readFile('tables.yaml'),
    );
    // "disable for this line" writes a YAML comment into the tables file
    const line = actions.find((a) => a.title === '在此行停用规则 sum')!;
    const le = line.edit!.documentChanges![0] as TextDocumentEdit;
    assert.equal(le.textDocument.uri, TABLES_URI);
    assert.match((le.edits[0] as { newText: string }).newText, /^\s*# suanpan-disable-next-line sum\n$/);
  });
});

describe('hover', () => {
  test('on the wrong figure: the relation, the formula with the numbers, the recomputed value and ✗', () => {
    const text = injected();
    const { result } = setup(text);
    const h = toHover(result, injectedPosition(text).offset + 1, 'zh-CN')!;
    const md = (h.contents as { value: string }).value;
    assert.match(md, /\*\*占比\*\* 75\.08%/);
    assert.match(md, /舍入区间: \[75\.075, 75\.085\]%/);
    // the verdict first: the formula with the value at the stated precision, what is written, ✗
    assert.equal(md.split('\n')[0], '256.00 ÷ 355.15 × 100% = 72.08%，写为 75.08% ✗');
    assert.match(md, /✗ \| │ 占比 = 部分 ÷ 整体 × 100% \| │ 256\.00 ÷ 355\.15 × 100% = 72\.0822%/);
  });

  test('on a correct figure: ✓, in English when asked', () => {
    const { result } = setup(SEED, 'en');
    const at = SEED.indexOf('占72.08%') + 2;
    const md = (toHover(result, at, 'en')!.contents as { value: string }).value;
    assert.match(md, /Rounding interval/);
    assert.match(md, /✓/);
    assert.doesNotMatch(md, /✗/);
  });

  test('on a section title: a summary of the checks; elsewhere: nothing', () => {
    const text = injected();
    const { result } = setup(text);
    const md = (toHover(result, text.indexOf('二、收入决算情况说明') + 2, 'zh-CN')!.contents as { value: string })
      .value;
    assert.match(md, /错误 1/);
    assert.equal(toHover(result, text.indexOf('负责自治州') + 1, 'zh-CN'), null);
  });
});

describe('code actions', () => {
  test('one preferred quick fix per fixable diagnostic, plus disable for line and file', () => {
    const text = injected();
    const { doc, diagnostics, actions } = setup(text);
    const d = diagnostics.find((x) => x.severity === 1)!;
    const list = actions([d]);
    const preferred = list.filter((a) => a.isPreferred);
    assert.equal(preferred.length, 1);
    assert.equal(preferred[0].title, '改为 72.08%');
    assert.equal(apply(doc, preferred[0]), SEED);
    const line = list.find((a) => a.title === '在此行停用规则 share')!;
    const afterLine = apply(doc, line);
    assert.match(afterLine, /<!-- suanpan-disable-next-line share -->\n本年收入355\.15万元/);
    assert.equal(check(afterLine, { path: 'r.md' }).findings.filter((f) => f.rule === 'share').length, 0);
    const file = list.find((a) => a.title === '在此文件中停用规则 share')!;
    assert.equal(check(apply(doc, file), { path: 'r.md' }).findings.filter((f) => f.rule === 'share').length, 0);
  });

  test('actions read the diagnostic data, not the message', () => {
    const text = injected();
    const { diagnostics, actions } = setup(text);
    const d = { ...diagnostics.find((x) => x.severity === 1)!, message: 'rewritten by some other tool' };
    assert.equal(actions([d]).filter((a) => a.isPreferred).length, 1);
    const noData = { ...d, data: undefined };
    assert.deepEqual(actions([noData]), []);
    const foreign = { ...d, source: 'markdownlint' };
    assert.deepEqual(actions([foreign]), []);
  });

  test('source.fixAll.suanpan only when asked for, and re-checking leaves nothing fixable', () => {
    const text = injected().replace('占40.43%', '占41.43%');
    const { doc, actions } = setup(text);
    assert.ok(!actions([]).some((a) => a.kind === FIX_ALL_KIND));
    const all = actions([], ['source.fixAll']);
    assert.equal(all.length, 1);
    const fixed = apply(doc, all[0]);
    assert.equal(fixed, SEED);
    assert.ok(check(fixed, { path: 'r.md' }).findings.every((f) => !f.fixes.some((x) => x.certain)));
    assert.deepEqual(actions([], ['source.organizeImports']), []);
  });
});

describe('outline and folding', () => {
  test('parts, sections and tables nest, with selection ranges inside their ranges', () => {
    const { result } = setup(SEED);
    const symbols = toSymbols(result);
    const walk = (s: (typeof symbols)[number], depth: number): number => {
      const inside = (a: { line: number; character: number }, b: { line: number; character: number }) =>
        a.line < b.line || (a.line === b.line && a.character <= b.character);
      assert.ok(inside(s.range.start, s.selectionRange.start) && inside(s.selectionRange.end, s.range.end), s.name);
      return 1 + (s.children ?? []).reduce((n, c) => n + walk(c, depth + 1), 0);
    };
    assert.ok(symbols.reduce((n, s) => n + walk(s, 0), 0) > 10);
    assert.ok(JSON.stringify(symbols).includes('"kind":18'), 'tables appear as arrays');
    const folds = toFolding(result);
    assert.ok(folds.length > 5 && folds.every((f) => f.endLine > f.startLine && f.kind === 'region'));
  });
});

describe('fix all to a fixed point', () => {
  test('diffEdits gives minimal per-line edits that reproduce the target', () => {
    const a = '第一行 12.34万元\r\n第二行 占 5.6%\n末行';
    const b = '第一行 12.35万元\r\n第二行 占 5.6%\n末行!';
    const edits = diffEdits(a, b)!;
    assert.equal(edits.length, 2);
    let out = a;
    for (const e of [...edits].reverse()) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
    assert.equal(out, b);
    assert.equal(diffEdits('a\nb', 'a'), undefined);
  });

  test('nothing to fix gives no edits', () => {
    assert.deepEqual(fixAllToFixpoint(SEED, { path: 'r.md' }).edits, []);
  });
});

describe('settings', () => {
  test('untrusted settings are normalised; aliases map to rule ids', () => {
    const s = normalizeSettings({
      enable: 'yes',
      run: 'onSave',
      rules: { SP002: 'warning', nope: 'error', sum: 'loud' },
      roundingDifferences: 'hide',
      language: 'fr',
      files: '*.txt',
    });
    assert.deepEqual(s, {
      ...DEFAULT_SETTINGS,
      run: 'onSave',
      rules: { share: 'warning' },
      roundingDifferences: 'hide',
      files: ['*.txt'],
    });
    assert.deepEqual(normalizeSettings(null), DEFAULT_SETTINGS);
  });

  test('language: the reports’ language (Chinese) by default; auto follows the client locale', () => {
    assert.equal(DEFAULT_SETTINGS.language, 'zh-CN');
    assert.equal(resolveLang(DEFAULT_SETTINGS.language, 'en-US'), 'zh-CN');
    assert.equal(resolveLang('auto', 'zh-cn'), 'zh-CN');
    assert.equal(resolveLang('auto', 'zh-tw'), 'zh-CN');
    assert.equal(resolveLang('auto', 'en-US'), 'en');
    assert.equal(resolveLang('auto', undefined), 'zh-CN');
    assert.equal(resolveLang('en', 'zh-cn'), 'en');
  });

  test('.suanpan.yaml: rules and rounding; problems with positions; the project file wins', () => {
    const cfg = parseProjectConfig(
      '# team\nrules:\n  share: warning\n  yoy: off\n  sum: false\n' +
        '  bogus: error\n  budget: loud\nroundingDifferences: hide\nextra: 1\n',
    );
    assert.deepEqual(cfg.rules, { share: 'warning', yoy: 'off', sum: 'off' });
    assert.equal(cfg.roundingDifferences, 'hide');
    assert.deepEqual(
      cfg.problems.map((p) => [p.start.line, p.severity]),
      [
        [5, 'warning'],
        [6, 'error'],
        [8, 'warning'],
      ],
    );
    const opts = checkOptions({ ...DEFAULT_SETTINGS, rules: { share: 'off', malformed: 'info' } }, cfg, 'en', '/x.md');
    assert.deepEqual(opts.rules, { share: 'warning', malformed: 'info', yoy: 'off', sum: 'off' });
    assert.equal(opts.roundingDifferences, 'hide');
    assert.equal(parseProjectConfig('rules: [').problems[0].severity, 'error');
    assert.equal(parseProjectConfig('- a\n- b').problems.length, 1);
    assert.deepEqual(parseProjectConfig('').problems, []);
  });

  test(
    '.suanpan.yaml profiles: paths relative to it, read and validated, ' +
      'used by the check; bad files are problems at their entry',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'suanpan-profiles-'));
      try {
        writeFileSync(join(dir, 'team.yaml'), TEAM_PROFILE);
        writeFileSync(join(dir, 'broken.yaml'), 'id: broken\nparts: [\n');
        writeFileSync(join(dir, 'invalid.yaml'), 'id: invalid\nparts:\n  - sections: []\n');
        const text =
          'rules:\n  share: warning\nprofiles:\n  - team.yaml\n  - missing.yaml\n' +
          '  - broken.yaml\n  - invalid.yaml\n  - 3\n';
        writeFileSync(join(dir, '.suanpan.yaml'), text);
        const cfg = parseProjectConfig(text, join(dir, '.suanpan.yaml'));
        assert.deepEqual(
          cfg.profiles.map((r) => [r.name, r.path, r.start.line]),
          [
            ['team.yaml', join(dir, 'team.yaml'), 3],
            ['missing.yaml', join(dir, 'missing.yaml'), 4],
            ['broken.yaml', join(dir, 'broken.yaml'), 5],
            ['invalid.yaml', join(dir, 'invalid.yaml'), 6],
          ],
        );
        assert.deepEqual(
          cfg.problems.map((p) => [p.start.line, p.severity]),
          [[7, 'error']],
          'a number is not a path',
        );
        assert.equal(
          parseProjectConfig('profiles: team.yaml\n').problems[0].severity,
          'error',
          'a list, not a single path',
        );
        assert.deepEqual(parseProjectConfig('profiles:\n').problems, []);

        const projects = new ProjectConfigs();
        const cfg2 = projects.forFile(join(dir, 'report.md'))!;
        const loaded = projects.profilesOf(cfg2);
        assert.equal(loaded.profiles.length, 1, 'only the valid file');
        assert.equal((loaded.profiles[0] as { id: string }).id, TEAM_PROFILE_ID);
        assert.deepEqual(
          loaded.problems.map((p) => [p.start.line, p.start.character, p.end.character, p.severity]),
          [
            [4, 4, 16, 'error'],
            [5, 4, 15, 'error'],
            [6, 4, 16, 'error'],
          ],
        );
        assert.match(loaded.problems[0].message.en, /Layout profile "missing\.yaml": cannot be read \(ENOENT\)/);
        assert.match(loaded.problems[1].message.en, /"broken\.yaml": is invalid: YAML: /);
        assert.match(loaded.problems[2].message['zh-CN'], /布局文件「invalid\.yaml」有误：.*title is required/);
        assert.ok(projects.isProfileFile(join(dir, 'team.yaml')));
        assert.equal(projects.profilesOf(cfg2), loaded, 'unchanged files: the same object (the engine caches by it)');

        // the check uses the team's profile: the seed naming it misses its extra section
        const opts = {
          ...checkOptions(DEFAULT_SETTINGS, cfg2, 'zh-CN', join(dir, 'report.md'), loaded),
          ...WITH_TABLES,
        };
        assert.equal(opts.profiles, loaded.profiles);
        const r = check(SEED_TEAM, opts);
        assert.equal(r.structure?.analysis?.profile.id, TEAM_PROFILE_ID);
        const missing = r.findings.filter((f) => f.rule === 'missing-section');
        assert.equal(missing.length, 1, JSON.stringify(missing.map((f) => f.message)));
        assert.match(missing[0].message, new RegExp(TEAM_SECTION));
        assert.ok(!r.findings.some((f) => f.rule === 'layout-profile'));
        // without it, the 模板 is unknown
        const without = check(SEED_TEAM, {
          ...checkOptions(DEFAULT_SETTINGS, undefined, 'zh-CN', join(dir, 'report.md')),
          ...WITH_TABLES,
        });
        assert.equal(without.findings.filter((f) => f.rule === 'layout-profile').length, 1);
        assert.equal(without.findings.filter((f) => f.rule === 'missing-section').length, 0);

        // a changed profile file is read again
        writeFileSync(
          join(dir, 'invalid.yaml'),
          TEAM_PROFILE.replace(`id: ${TEAM_PROFILE_ID}`, 'id: other-final') + '# longer\n',
        );
        const again = projects.profilesOf(cfg2);
        assert.notEqual(again, loaded);
        assert.equal(again.profiles.length, 2);
        assert.equal(again.problems.length, 2);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  test('globs', () => {
    assert.ok(globToRegExp('**/*.md').test('a/b/c.md'));
    assert.ok(globToRegExp('**/*.md').test('c.md'));
    assert.ok(globToRegExp('reports/**/决算*.{txt,md}').test('reports/2024/决算说明.txt'));
    assert.ok(!globToRegExp('reports/*.md').test('reports/a/b.md'));
    assert.ok(matchesAny(['*.txt'], '/ws/deep/x.txt', ['/ws']));
    assert.ok(matchesAny(['deep/*.txt'], '/ws/deep/x.txt', ['/ws']));
    assert.ok(!matchesAny(['other/*.txt'], '/ws/deep/x.txt', ['/ws']));
    assert.ok(matchesAny(['/ws/**'], '/ws/deep/x.txt', []));
    assert.ok(!matchesAny(['[unclosed'], '/ws/x', ['/ws']));
  });
});

describe('scheduler', () => {
  test('a change after a pause runs at once; a burst is coalesced into one run of the newest', async () => {
    const runs: string[] = [];
    let clock = 0;
    let done: () => void = () => undefined;
    const s = new Scheduler(
      (uri, reason) => (runs.push(`${uri}:${reason}`), done()),
      30,
      () => clock,
    );
    await new Promise<void>((r) => ((done = r), s.schedule('a', 'change')));
    assert.deepEqual(runs, ['a:change']);
    clock = 10;
    const burst = new Promise<void>((r) => (done = r));
    s.schedule('a', 'change');
    s.schedule('a', 'change');
    s.schedule('a', 'save');
    await burst;
    assert.deepEqual(runs, ['a:change', 'a:save']);
    s.dispose();
  });
});

describe('robustness', () => {
  test('garbage and random text never make the conversions throw', () => {
    const exercise = (text: string) => {
      const result = check(text, { path: 'x.txt' });
      const ds = toDiagnostics(result, { uri: URI, version: 1, text, uriOf: (p) => p }).get(URI)!;
      toSymbols(result);
      toFolding(result);
      for (const at of [0, text.length >> 1, text.length]) toHover(result, at, 'en');
      for (const only of [undefined, ['source.fixAll']]) {
        codeActions({
          uri: URI,
          diagnostics: ds,
          only,
          lang: 'en',
          textOf: () => text,
          versionOf: () => 1,
          resultOf: () => result,
          fixAll: () => fixAllToFixpoint(text, { path: 'x.txt' }, result).edits,
        });
      }
    };
    for (const g of GARBAGE) exercise(g);
    const reportish = fc
      .array(
        fc.constantFrom(
          '# 2024年度部门决算公开说明\n',
          '本年收入',
          '合计',
          '12.34',
          '万元',
          '占',
          '%',
          '，',
          '其中：',
          '增加',
          '下降',
          '\n',
          '| a | 1 |\n',
          '---\n',
          '类型: 部门决算\n',
          '（一）',
          '1.',
        ),
        { maxLength: 60 },
      )
      .map((xs) => xs.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), reportish), (t) => exercise(t)),
      { numRuns: 150, seed: 42 },
    );
  });
});
