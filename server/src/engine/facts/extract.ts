/**
 * Facts and stated relations from prose. Walks each paragraph sentence by sentence and
 * clause by clause, reading the text before each figure: a label (mapped to a concept through
 * the label dictionary), a role word (年初预算数, 决算数 …), a change word (增加/减少/增长/下降),
 * a share (占 … 的), or a budget rate (预决算差异率, 完成年初预算的).
 */
import { Dec, Interval, Written } from '../util/decimal';
import { Figure, UnitKind, findFigures } from './figures';
import { Role, conceptKey, knowledge, normLabel } from '../knowledge';
import type { Paragraph, ReportDoc, Section } from '../read/model';
import type { Span } from '../types';
import { readTable, type TableModel } from './tables';

export type FactKind = 'value' | 'delta' | 'rate' | 'share' | 'budget-rate';

export interface Fact {
  id: number;
  kind: FactKind;
  /** Full concept key (scope.base) when the label is known. */
  concept?: string;
  /** The label as written (normalised), or '' when none. */
  label: string;
  role: Role;
  written: Written;
  unit: string;
  unitKind: UnitKind;
  factor: Dec;
  /** Source span of the number (what a fix replaces). */
  span: Span;
  /** Source span of number + unit. */
  fullSpan: Span;
  /** The paragraph of a prose figure (table cells have none). */
  paragraph?: Paragraph;
  section: Section;
  sentence: number;
  /** The concept was not written next to the figure but taken from the paragraph's subject. */
  implicit: boolean;
  /** A blank table cell, read as an exact zero. */
  blank?: boolean;
  /** The document the figure is in (a report may link a tables file). */
  doc?: ReportDoc;
}

export interface WordRef {
  word: string;
  span: Span;
}

export interface ShareRel {
  kind: 'share';
  pct: Fact;
  part?: Fact;
  whole?: Fact;
  /** A denominator named in the text (占本年支出合计的 …), as a concept key. */
  wholeConcept?: string;
  wholeLabel?: string;
  missingPercent: boolean;
}

export interface ChangeRel {
  kind: 'change';
  current?: Fact;
  currentConcept?: string;
  delta?: Fact;
  deltaDir?: 1 | -1;
  deltaWord?: WordRef;
  rate?: Fact;
  rateDir?: 1 | -1;
  rateWord?: WordRef;
  flat?: WordRef;
  missingPercent: boolean;
}

export interface BudgetRel {
  kind: 'budget';
  subject?: string;
  actual?: Fact;
  budgets: Fact[];
  rate: Fact;
  rateKind: 'diff' | 'completion';
  /** Budget named by the rate's wording (完成年初预算的 → 年初预算). */
  rateBudget?: Role;
  rateBudgetWord?: WordRef;
}

export interface Marker {
  kind: 'missing-percent' | 'missing-unit' | 'alternative' | 'placeholder' | 'stray';
  span: Span;
  text: string;
  /** Suggested insertion or replacement. */
  fix?: { span: Span; newText: string };
  doc?: ReportDoc;
}

export interface Extraction {
  facts: Fact[];
  shares: ShareRel[];
  changes: ChangeRel[];
  budgets: BudgetRel[];
  markers: Marker[];
  /** 其中 items -> their head fact. */
  qizhong: Map<Fact, Fact>;
  /** The recognised tables and their cells' facts (also in `facts`). */
  tables: TableModel[];
}

const INC = ['增加', '增长', '上升', '提高', '增幅'];
const DEC = ['减少', '下降', '降低', '减幅', '降幅'];
const CHANGE_RE = /(增加|减少|增长|下降|上升|降低|提高|增幅|降幅|减幅)(?:了|为|达)?$/;
const PRIOR_PHRASE_RE = /(?:与|比|较|同)(?:上年|上一年度?|去年|\d{4}年度?)(?:同期)?(?:决算数?|数)?(?:相比|比较)?$/;
const SHARE_RE = /占(?:(.{1,30}?)的)?$/;
const DIFF_RE = /(?:预决算差异率|差异率|预决算差异)(?:为|是)?$/;
const COMPLETION_RE = /完成(年初|全年|调整)?预算(?:数)?的$/;
const EXEC_RE = /(?:预算执行率|执行率)(?:为|达到?)?$/;
const CONNECTOR_RE = /(?:为|是|达到?|共计|约|：|:)+$/;
const FUNC_RE = /([^，。；：、（）\d.．]+?)（类）(?:(.+?)（款）)?(?:(.+?)（项）)?[：:]?$/;

const EXACT_COUNT = new Set([
  '人',
  '辆',
  '次',
  '个',
  '台（套）',
  '台(套)',
  '台',
  '套',
  '批',
  '批次',
  '户',
  '名',
  '项',
  '家',
  '件',
  '份',
  '篇',
  '场',
  '期',
  '所',
  '处',
  '人次',
  '张',
  '本',
  '条',
  '栋',
  '间',
  '座',
]);
const GLUED_RE =
  /(?:预算|基金|经营|其他|非|公共|上级|专项|专用|补助|政府|资本|项目|基本|购置|新增|处置|报废|租用|预留)$/;

let nextId = 1;
export function nextFactId(): number {
  return nextId++;
}

export function extract(doc: ReportDoc, into?: Extraction): Extraction {
  const ex: Extraction = into ?? {
    facts: [],
    shares: [],
    changes: [],
    budgets: [],
    markers: [],
    qizhong: new Map(),
    tables: [],
  };
  const first = ex.facts.length;
  const firstMarker = ex.markers.length;
  for (const b of doc.blocks) {
    if (b.kind === 'paragraph') extractParagraph(b, ex);
    else if (b.kind === 'table') {
      const t = readTable(b, doc.meta.amountUnit);
      if (t) {
        ex.tables.push(t);
        ex.facts.push(...t.facts);
      }
    }
  }
  for (let i = first; i < ex.facts.length; i++) ex.facts[i].doc = doc;
  for (let i = firstMarker; i < ex.markers.length; i++) ex.markers[i].doc = doc;
  return ex;
}

interface BudgetGroup {
  subject?: string;
  actual?: Fact;
  budgets: Fact[];
  used: boolean;
}

function extractParagraph(p: Paragraph, ex: Extraction): void {
  const t = p.text.text;
  const figs = findFigures(t);
  const numberingEnd = p.numbering ? p.numbering.length : 0;
  const sentences = splitSentences(t);
  let fi = 0;
  let paraSubject: string | undefined;
  let lastHead: Fact | undefined;
  let lastValue: Fact | undefined;
  let qizhongHead: Fact | undefined;
  let group: BudgetGroup | undefined;
  const scope = p.section.scope;

  const mkFact = (
    f: Figure,
    kind: FactKind,
    role: Role,
    label: string,
    concept: string | undefined,
    sentence: number,
  ): Fact => {
    // Counts of people, vehicles, items … are exact integers, not rounded figures.
    const w =
      f.kind === 'count' && f.written.decimals === 0 && EXACT_COUNT.has(f.unit)
        ? { ...f.written, interval: Interval.exact(f.written.value) }
        : f.written;
    const fact: Fact = {
      id: nextId++,
      kind,
      concept,
      label,
      role,
      written: w,
      unit: f.unit,
      unitKind: f.kind,
      factor: f.factor,
      span: p.text.span(f.start, f.end),
      fullSpan: p.text.span(f.start, f.unitEnd),
      paragraph: p,
      section: p.section,
      sentence,
      implicit: false,
    };
    ex.facts.push(fact);
    return fact;
  };
  const word = (start: number, w: string): WordRef => ({ word: w, span: p.text.span(start, start + w.length) });

  sentences.forEach(([s0, s1], si) => {
    let head: Fact | undefined;
    let change: ChangeRel | undefined;
    let subjectConcept: string | undefined;
    let reason = false;
    for (const [c0, c1] of splitClauses(t, s0, s1)) {
      const clause = t.slice(c0, c1);
      // after 「主要原因是：」 the sentence explains; its words state no relation of their own
      const inReason = reason;
      if (/原因|用于|包括/.test(clause)) reason = true;
      const inClause: Figure[] = [];
      while (fi < figs.length && figs[fi].start < c1) {
        if (figs[fi].start >= c0 && figs[fi].start >= numberingEnd) inClause.push(figs[fi]);
        fi++;
      }
      if (clause.includes('其中')) qizhongHead = head ?? lastHead;
      const flatAt = clause.indexOf('持平');
      if (flatAt >= 0 && !inReason && !/预算/.test(clause)) {
        // 「公务接待费支出与上年持平」 names its own subject: a new (flat) change
        const own = normLabel(clause.slice(0, flatAt))
          .replace(/(?:与|和|同|较|比)(?:上年|上一年度?|去年|\d{4}年度?)(?:相比)?$/, '')
          .replace(/^(?:其中|，|,)+/, '');
        if (!change || own) {
          change = newChange(own ? undefined : lastValue);
          change.currentConcept = own ? subjectOf(own, scope) : undefined;
          ex.changes.push(change);
        }
        change.flat = word(c0 + flatAt, '持平');
      }
      markTemplate(p, c0, clause, ex);
      if (!inClause.length) {
        const subj = inReason ? undefined : subjectOf(normLabel(stripNumbering(clause)), scope);
        if (subj) {
          subjectConcept = subj;
          paraSubject = subj;
        }
        continue;
      }
      let pos = c0;
      for (const f of inClause) {
        const rawPrefix = t.slice(pos, f.start);
        const prefixStart = pos;
        pos = f.unitEnd;
        if (f.kind === 'date') continue;
        const n = normLabel(stripNumbering(rawPrefix));
        // 占 X%: a share
        const sm = SHARE_RE.exec(n);
        if (sm && (f.kind === 'percent' || f.kind === 'other')) {
          const pct = mkFact(f, 'share', '本年', '', undefined, si);
          const missing = f.kind === 'other';
          if (missing)
            ex.markers.push({
              kind: 'missing-percent',
              span: pct.span,
              text: f.text,
              fix: { span: { start: pct.span.end, end: pct.span.end }, newText: '%' },
            });
          const named = sm[1] ? resolveLabel(sm[1], scope) : undefined;
          const part = lastValue && lastValue.sentence === si ? lastValue : undefined;
          let whole: Fact | undefined;
          if (!sm[1])
            whole = head && head !== part ? head : qizhongHead && qizhongHead !== part ? qizhongHead : undefined;
          ex.shares.push({
            kind: 'share',
            pct,
            part,
            whole,
            wholeConcept: named,
            wholeLabel: sm[1],
            missingPercent: missing,
          });
          continue;
        }
        // 增加 X万元 / 增长 Y%: a change
        const cm = CHANGE_RE.exec(n);
        if (cm) {
          const w = cm[1];
          const dir: 1 | -1 = INC.includes(w) ? 1 : -1;
          const wordStart = prefixStart + rawPrefix.lastIndexOf(w);
          const isRate = f.kind === 'percent' || (f.kind === 'other' && (w === '增长' || w === '下降'));
          const before = n.slice(0, n.length - cm[0].length).replace(PRIOR_PHRASE_RE, '');
          const subj = before ? subjectOf(before, scope) : undefined;
          if (subj) subjectConcept = subj;
          const ownSubject = before.replace(/^(?:其中|，|,)+/, '').length > 0;
          if (
            !change ||
            (isRate ? change.rate : change.delta) ||
            change.flat ||
            (ownSubject && (change.delta || change.rate) && subj !== change.currentConcept)
          ) {
            change = newChange(sameKind(lastValue, f.kind, si) ?? lastValue);
            ex.changes.push(change);
          }
          if (subjectConcept) change.currentConcept = subjectConcept;
          if (isRate) {
            change.rate = mkFact(f, 'rate', '本年', '', undefined, si);
            change.rateDir = dir;
            change.rateWord = { word: w, span: p.text.span(wordStart, wordStart + w.length) };
            if (f.kind === 'other') {
              change.missingPercent = true;
              ex.markers.push({
                kind: 'missing-percent',
                span: change.rate.span,
                text: f.text,
                fix: { span: { start: change.rate.span.end, end: change.rate.span.end }, newText: '%' },
              });
            }
          } else {
            change.delta = mkFact(f, 'delta', '本年', '', undefined, si);
            change.deltaDir = dir;
            change.deltaWord = { word: w, span: p.text.span(wordStart, wordStart + w.length) };
          }
          continue;
        }
        // 预决算差异率 / 完成年初预算的
        const dm = DIFF_RE.exec(n);
        const km = COMPLETION_RE.exec(n) ?? EXEC_RE.exec(n);
        if ((dm || km) && f.kind === 'percent') {
          const rate = mkFact(f, 'budget-rate', '本年', '', undefined, si);
          const g: BudgetGroup = group ?? { budgets: [], used: false, subject: paraSubject };
          let rateBudget: Role | undefined;
          let rateBudgetWord: WordRef | undefined;
          if (km && km[1]) {
            rateBudget = km[1] === '年初' ? '年初预算' : '全年预算';
            const at = prefixStart + rawPrefix.lastIndexOf(km[1]);
            rateBudgetWord = word(at, km[1]);
          }
          ex.budgets.push({
            kind: 'budget',
            subject: g.subject,
            actual: g.actual,
            budgets: g.budgets.slice(),
            rate,
            rateKind: dm ? 'diff' : 'completion',
            rateBudget,
            rateBudgetWord,
          });
          g.used = true;
          continue;
        }
        // A value with its label (and maybe a role word)
        let label = n.replace(CONNECTOR_RE, '');
        let role: Role = '本年';
        const rs = knowledge.roleSuffix(label);
        if (rs) {
          role = rs.role === '决算' ? '本年' : rs.role;
          label = label.slice(0, label.length - rs.length).replace(CONNECTOR_RE, '');
        }
        let concept = labelConcept(label, scope);
        // items listed under a head we do not know belong to that head, not to our concepts
        if (
          concept &&
          qizhongHead &&
          !qizhongHead.concept &&
          qizhongHead.sentence === si &&
          qizhongHead.unitKind === f.kind
        )
          concept = undefined;
        const explicit = !!concept;
        if (!concept && rs && !label.replace(/^(其中|分别|包括)/, '')) concept = paraSubject ?? subjectConcept;
        if (rs && (role === '年初预算' || role === '全年预算' || role === '预算' || rs.role === '决算')) {
          const subject = concept ?? paraSubject;
          if (!group || group.used || (explicit && group.subject && group.subject !== concept)) {
            group = { budgets: [], used: false, subject };
          }
          if (explicit) group.subject = concept;
        }
        if (f.kind === 'other' && concept && !rs && !/[年月日]/.test(t.slice(f.unitEnd, f.unitEnd + 1))) {
          const unit = defaultUnit(concept);
          if (unit)
            ex.markers.push({
              kind: 'missing-unit',
              span: p.text.span(f.start, f.end),
              text: f.text,
              fix: {
                span: { start: p.text.span(f.start, f.end).end, end: p.text.span(f.start, f.end).end },
                newText: unit,
              },
            });
        }
        const fact = mkFact(f, 'value', role, label, concept, si);
        // a subject named as a functional path (「…(类)…(款)…(项)：」) identifies its figures surely
        fact.implicit = !!concept && !explicit && !/\.(?:类|款|项):/.test(concept);
        if (group && rs) {
          if (role === '本年') group.actual = fact;
          else group.budgets.push(fact);
        }
        if (
          qizhongHead &&
          qizhongHead !== fact &&
          (rawPrefix.includes('其中') ||
            clause.includes('其中') ||
            (head && head !== fact) ||
            qizhongHead.sentence !== si)
        ) {
          if (fact.unitKind === qizhongHead.unitKind && explicit) ex.qizhong.set(fact, qizhongHead);
        }
        if ((f.kind === 'amount' || f.kind === 'count') && role === '本年') {
          if (!head && (explicit || label)) head = fact;
          if (explicit) paraSubject = concept;
        }
        lastValue = fact;
        if (change && !change.current && (change.delta || change.rate)) change.current = fact;
      }
    }
    if (head) lastHead = head;
  });
}

function newChange(current: Fact | undefined): ChangeRel {
  return { kind: 'change', current, missingPercent: false };
}

function sameKind(f: Fact | undefined, kind: UnitKind, sentence: number): Fact | undefined {
  if (!f || f.sentence !== sentence) return undefined;
  if (kind === 'percent' || kind === 'other') return f;
  return f.unitKind === kind ? f : undefined;
}

function defaultUnit(concept: string): string | undefined {
  if (/^(org|assets)\./.test(concept)) return undefined;
  return '万元';
}

function stripNumbering(s: string): string {
  return s.replace(
    /^\s*(?:\d{1,2}(?:[.、．](?!\d))|[（(]\d{1,2}[）)]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])/,
    '',
  );
}

/** Concept of a label-only clause (a subject named before its figures). */
function subjectOf(n: string, scope: string): string | undefined {
  let s = n
    .replace(/[，,；;：:、。！？!?]+$/, '')
    .replace(PRIOR_PHRASE_RE, '')
    .replace(/(?:与|比|较)(?:年初|全年)?预算(?:数)?相比$/, '')
    .replace(CONNECTOR_RE, '');
  const rs = knowledge.roleSuffix(s);
  if (rs && rs.role === '决算') s = s.slice(0, s.length - rs.length);
  return labelConcept(s, scope);
}

/** A label's concept key: dictionary suffix match, else a functional-classification path. */
function labelConcept(label: string, scope: string): string | undefined {
  if (!label) return undefined;
  const fm = FUNC_RE.exec(label);
  if (fm) {
    const [, cls, kuan, xiang] = fm;
    const c = cls.replace(/^.*(?:其中|：|:)/, '');
    if (xiang) return `${scope}.项:${c}/${kuan ?? ''}/${xiang}`;
    if (kuan) return `${scope}.款:${c}/${kuan}`;
    return `${scope}.类:${c}`;
  }
  const m = knowledge.labelSuffix(label);
  if (!m) return undefined;
  // A known label glued to a qualifier names another figure: 「政府性基金预算财政拨款收入」
  // is not 「财政拨款收入」.
  if (GLUED_RE.test(label.slice(0, label.length - m.length))) return undefined;
  return conceptKey(m.concept, scope);
}

function resolveLabel(label: string, scope: string): string | undefined {
  return labelConcept(label.replace(CONNECTOR_RE, ''), scope);
}

function markTemplate(p: Paragraph, c0: number, clause: string, ex: Extraction): void {
  const alt =
    /(?:增加|增长|上升)[（(](?:减少|下降)[）)]|(?:减少|下降)[（(](?:增加|增长|上升)[）)]|(?:增加|增长)\/(?:减少|下降)|(?:减少|下降)\/(?:增加|增长)/g;
  let m: RegExpExecArray | null;
  while ((m = alt.exec(clause))) {
    ex.markers.push({ kind: 'alternative', span: p.text.span(c0 + m.index, c0 + m.index + m[0].length), text: m[0] });
  }
  const ph = /(?<![A-Za-z])(?:[XＸ×]{2,}|[Xx]\.[Xx]{1,2})(?![A-Za-z])/g;
  while ((m = ph.exec(clause))) {
    ex.markers.push({ kind: 'placeholder', span: p.text.span(c0 + m.index, c0 + m.index + m[0].length), text: m[0] });
  }
}

/** Sentences end at 。！？ (and a closing quote after them). */
export function splitSentences(t: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let s = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (c === '。' || c === '！' || c === '？' || c === '!' || c === '?') {
      let e = i + 1;
      while (e < t.length && '”’」』）)'.includes(t[e])) e++;
      out.push([s, e]);
      s = e;
      i = e - 1;
    }
  }
  if (s < t.length) out.push([s, t.length]);
  return out;
}

/** Clauses end at ，；：、 and at an ASCII comma that is not a thousands separator. */
export function splitClauses(t: string, s0: number, s1: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let s = s0;
  for (let i = s0; i < s1; i++) {
    const c = t[i];
    let cut = c === '，' || c === '；' || c === ';' || c === '：' || c === ':' || c === '、';
    if (c === ',') cut = !(/\d/.test(t[i - 1] ?? '') && /^\d{3}(?!\d)/.test(t.slice(i + 1, i + 5)));
    if (cut) {
      out.push([s, i + 1]);
      s = i + 1;
    }
  }
  if (s < s1) out.push([s, s1]);
  return out;
}

/** A fact's value as an interval in the base unit (万元 for amounts). */
export function factInterval(f: Fact, w: Written = f.written): Interval {
  return w.interval.scale(f.factor);
}
export function factPoint(f: Fact, w: Written = f.written): Dec {
  return w.value.times(f.factor);
}
