/** perf-grade: Grade does not match the total score (绩效自评表; the checks are in perf-check.ts, shared by the perf-* rules). */
import type { Ctx } from '../context';
import { perfFindings } from './checks';
import type { LegacyRuleDef } from '../rule';

export const rule: LegacyRuleDef = {
  id: 'perf-grade',
  aliases: ['SP210'],
  tags: ['performance'],
  title: { 'zh-CN': '自评等级与总分不符', en: 'Grade does not match the total score' },
  severity: 'error',
  doc: {
    'zh-CN':
      '表中写明的自评等级应与总分相符：优 ≥ 90，良 80–89，中 60–79，差 < 60（或布局模板规定的分档）。快速修复改为应有的等级。',
    en: 'A stated grade matches the total score: 优 ≥ 90, 良 80–89, 中 60–79, 差 < 60 (or the bands of the layout profile). The quick fix writes the right grade.',
  },
  check: (ctx: Ctx) => perfFindings(ctx).filter((f) => f.rule === 'perf-grade'),
};
