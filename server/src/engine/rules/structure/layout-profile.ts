/**
 * layout-profile: the front matter names a 模板 no layout profile has (the report is then
 * checked against the profile detected from its content), or a workspace profile is invalid.
 */
import { fix } from '../context';
import { allProfiles } from '../../structure/profile';
import { defineRule, t } from '../rule';

export const rule = defineRule(
  {
    id: 'layout-profile',
    aliases: ['SP110', 'unknown-template'],
    tags: ['structure', 'input'],
    title: { 'zh-CN': '布局模板未知', en: 'Unknown layout profile' },
    severity: 'warning',
    doc: {
      'zh-CN': '前言「模板」所指的布局不存在（此时按内容自动识别的布局检查），或工作区提供的布局文件无效。',
      en:
        'The 模板 named in the front matter is not a known layout profile (the report is then ' +
        'checked against the profile its content matches), or a layout profile the workspace ' +
        'provides is invalid.',
    },
  },
  (ctx, report) => {
    const { doc, lang } = ctx;
    const choice = ctx.structure;
    if (!choice) return;
    const field = doc.meta.fields['模板'];
    if (choice.unknownTemplate && field) {
      const known = allProfiles(ctx.options?.profiles, ctx.caches).profiles.map((p) => p.id);
      const detected = choice.analysis?.profile.id;
      const tpl = choice.unknownTemplate;
      const zh = `「模板」${tpl} 不是已知的布局（已知：${known.join('、')}）`;
      const en = `模板 ${tpl} is not a known layout (known: ${known.join(', ')})`;
      report({
        span: field.span,
        message: t(
          lang,
          zh + (detected ? `；按内容识别为 ${detected}` : ''),
          en + (detected ? `; the content matches ${detected}` : ''),
        ),
        fixes: detected
          ? [fix(ctx, t(lang, `改为 ${detected}`, `Change to ${detected}`), field.span, detected, false)]
          : [],
        data: { known },
      });
    }
    for (const e of choice.errors) {
      report({
        span: field?.span ?? { start: 0, end: 0 },
        message: t(
          lang,
          `工作区布局文件有误，未使用：${e}`,
          `a workspace layout profile is invalid and was not used: ${e}`,
        ),
      });
    }
  },
);
