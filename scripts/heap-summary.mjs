// A heap snapshot (.heapsnapshot: node --heapsnapshot-signal, v8.writeHeapSnapshot,
// worker.getHeapSnapshot) aggregated: retained size (dominator tree) by constructor, the biggest
// retainers with their dominator chains; --under Name: what the largest Name holds, by
// constructor (--sample Ctor: a few chains of Ctor inside it; --strings N [--stype string]: its
// biggest strings). Usage: node scripts/heap-summary.mjs file.heapsnapshot [--top 40] [--chains 25]
// [--class Name] [--under Name] [--depth 4]. Issue 12 (memory) found its retainers with it.
import { readFileSync } from 'node:fs';
const file = process.argv[2];
const arg = (n, d) => {
  const i = process.argv.indexOf(n);
  return i < 0 ? d : process.argv[i + 1];
};
const TOP = Number(arg('--top', 40)),
  CHAINS = Number(arg('--chains', 25)),
  CLASS = arg('--class', undefined);
const snap = JSON.parse(readFileSync(file, 'utf8'));
const m = snap.snapshot.meta;
const NF = m.node_fields.length,
  EF = m.edge_fields.length;
const nTypes = m.node_types[0],
  eTypes = m.edge_types[0];
const nodes = snap.nodes,
  edges = snap.edges,
  strings = snap.strings;
const N = nodes.length / NF;
const iType = m.node_fields.indexOf('type'),
  iName = m.node_fields.indexOf('name'),
  iSelf = m.node_fields.indexOf('self_size'),
  iEc = m.node_fields.indexOf('edge_count');
const eType = m.edge_fields.indexOf('type'),
  eName = m.edge_fields.indexOf('name_or_index'),
  eTo = m.edge_fields.indexOf('to_node');
const firstEdge = new Uint32Array(N + 1);
for (let i = 0, e = 0; i < N; i++) {
  firstEdge[i] = e;
  e += nodes[i * NF + iEc] * EF;
  firstEdge[i + 1] = e;
}
const weak = eTypes.indexOf('weak'),
  shortcut = eTypes.indexOf('shortcut');
const nameOf = (i) => {
  const t = nTypes[nodes[i * NF + iType]];
  const n = strings[nodes[i * NF + iName]];
  if (t === 'object' || t === 'native') return n;
  if (t === 'string' || t === 'concatenated string' || t === 'sliced string') return '(string)';
  if (t === 'closure') return '(closure)';
  if (t === 'array') return '(array ' + n + ')';
  if (t === 'code') return '(code)';
  if (t === 'hidden') return '(hidden ' + n.slice(0, 30) + ')';
  return '(' + t + ')';
};
// DFS postorder from root 0
const post = new Int32Array(N).fill(-1),
  order = new Int32Array(N);
let cnt = 0;
{
  const stack = new Int32Array(N * 2 > 1e8 ? 1e8 : N * 2); // node, edge cursor
  const visited = new Uint8Array(N);
  let sp = 0;
  stack[sp++] = 0;
  stack[sp++] = firstEdge[0];
  visited[0] = 1;
  while (sp) {
    const cur = stack[sp - 2],
      ec = stack[sp - 1];
    if (ec < firstEdge[cur + 1]) {
      stack[sp - 1] = ec + EF;
      const t = edges[ec + eType];
      if (t === weak || t === shortcut) continue;
      const to = edges[ec + eTo] / NF;
      if (!visited[to]) {
        visited[to] = 1;
        stack[sp++] = to;
        stack[sp++] = firstEdge[to];
      }
    } else {
      sp -= 2;
      post[cur] = cnt;
      order[cnt++] = cur;
    }
  }
}
// predecessors
const predCount = new Uint32Array(N + 1);
for (let i = 0; i < N; i++) {
  if (post[i] < 0) continue;
  for (let e = firstEdge[i]; e < firstEdge[i + 1]; e += EF) {
    const t = edges[e + eType];
    if (t === weak || t === shortcut) continue;
    predCount[edges[e + eTo] / NF]++;
  }
}
const predStart = new Uint32Array(N + 1);
for (let i = 0; i < N; i++) predStart[i + 1] = predStart[i] + predCount[i];
const preds = new Int32Array(predStart[N]);
const fill = predStart.slice(0, N);
for (let i = 0; i < N; i++) {
  if (post[i] < 0) continue;
  for (let e = firstEdge[i]; e < firstEdge[i + 1]; e += EF) {
    const t = edges[e + eType];
    if (t === weak || t === shortcut) continue;
    const to = edges[e + eTo] / NF;
    preds[fill[to]++] = i;
  }
}
// Cooper-Harvey-Kennedy on postorder numbers
const idom = new Int32Array(cnt).fill(-1); // by postorder number
const root = post[0];
idom[root] = root;
let changed = true;
while (changed) {
  changed = false;
  for (let k = cnt - 1; k >= 0; k--) {
    if (k === root) continue;
    const node = order[k];
    let nd = -1;
    for (let p = predStart[node]; p < predStart[node + 1]; p++) {
      const q = post[preds[p]];
      if (q < 0 || idom[q] < 0) continue;
      if (nd < 0) nd = q;
      else {
        let a = q,
          b = nd;
        while (a !== b) {
          while (a < b) a = idom[a];
          while (b < a) b = idom[b];
        }
        nd = a;
      }
    }
    if (nd >= 0 && idom[k] !== nd) {
      idom[k] = nd;
      changed = true;
    }
  }
}
const retained = new Float64Array(cnt);
for (let k = 0; k < cnt; k++) retained[k] = nodes[order[k] * NF + iSelf];
for (let k = 0; k < cnt; k++) if (k !== root && idom[k] >= 0) retained[idom[k]] += retained[k];
let total = 0;
for (let k = 0; k < cnt; k++) total += nodes[order[k] * NF + iSelf];
const MB = (x) => (x / 1048576).toFixed(2);
console.log(`${file}: ${N} nodes, reachable ${cnt}, total self ${MB(total)} MB`);
// by constructor: self sum, count, retained of top-most instances (not dominated by same name)
const by = new Map();
for (let k = 0; k < cnt; k++) {
  const i = order[k];
  const n = nameOf(i);
  let r = by.get(n);
  if (!r) by.set(n, (r = { n, count: 0, self: 0, ret: 0 }));
  r.count++;
  r.self += nodes[i * NF + iSelf];
  // top-most: walk dominators for same name (bounded)
  let d = idom[k],
    top = true,
    steps = 0;
  while (d !== root && d >= 0 && steps++ < 50) {
    if (nameOf(order[d]) === n) {
      top = false;
      break;
    }
    d = idom[d];
  }
  if (top) r.ret += retained[k];
}
const rows = [...by.values()].sort((a, b) => b.ret - a.ret).slice(0, TOP);
console.log('\nretained MB  self MB   count  constructor');
for (const r of rows)
  console.log(`${MB(r.ret).padStart(10)} ${MB(r.self).padStart(8)} ${String(r.count).padStart(7)}  ${r.n}`);
// chains: the objects retaining more than 512 KB (or those of --class), with their dominator chains
const edgeName = (from, to) => {
  for (let e = firstEdge[from]; e < firstEdge[from + 1]; e += EF)
    if (edges[e + eTo] / NF === to) {
      const t = eTypes[edges[e + eType]];
      const nm = edges[e + eName];
      return t === 'element' || t === 'hidden' ? `[${nm}]` : String(strings[nm]);
    }
  return '?';
};
const chainOf = (k) => {
  const out = [];
  let c = k,
    s = 0;
  while (c !== root && s++ < 14) {
    const d = idom[c];
    out.push(`${nameOf(order[d])}.${edgeName(order[d], order[c])}`);
    c = d;
  }
  return out.reverse().join(' → ');
};
const cand = [];
for (let k = 0; k < cnt; k++) {
  const n = nameOf(order[k]);
  if (CLASS ? n === CLASS : retained[k] > 512 * 1024) cand.push(k);
}
cand.sort((a, b) => retained[b] - retained[a]);
console.log(`\nbiggest ${CLASS ?? 'retainers'} (retained MB, name, dominator chain):`);
for (const k of cand.slice(0, CHAINS))
  console.log(`${MB(retained[k]).padStart(8)}  ${nameOf(order[k])}  ⟸ ${chainOf(k)}`);
const UNDER = arg('--under', undefined);
if (UNDER) {
  let best = -1;
  for (let k = 0; k < cnt; k++) if (nameOf(order[k]) === UNDER && (best < 0 || retained[k] > retained[best])) best = k;
  // nodes dominated by best: walk idom chain (postorder numbers: dominators have higher numbers)
  const inside = new Uint8Array(cnt);
  inside[best] = 1;
  for (let k = best - 1; k >= 0; k--) {
    const d = idom[k];
    if (d >= 0 && d <= best && inside[d]) inside[k] = 1;
  }
  const agg = new Map();
  for (let k = 0; k < cnt; k++)
    if (inside[k]) {
      const n = nameOf(order[k]);
      const r = agg.get(n) ?? { n, c: 0, s: 0 };
      r.c++;
      r.s += nodes[order[k] * NF + iSelf];
      agg.set(n, r);
    }
  console.log(`\nself size inside ${UNDER} (retained ${MB(retained[best])} MB):`);
  for (const r of [...agg.values()].sort((a, b) => b.s - a.s).slice(0, TOP))
    console.log(`${MB(r.s).padStart(8)} ${String(r.c).padStart(8)}  ${r.n}`);
  // sample chains of the most frequent big kinds within
  const SAMPLE = arg('--sample', undefined);
  if (SAMPLE) {
    let n = 0;
    for (let k = 0; k < cnt && n < 6; k++)
      if (inside[k] && nameOf(order[k]) === SAMPLE && Math.random() < 0.01) {
        n++;
        console.log('  ' + chainOf(k).split(' → ').slice(-8).join(' → '));
      }
  }
}
if (UNDER && arg('--strings', undefined)) {
  let best = -1;
  for (let k = 0; k < cnt; k++) if (nameOf(order[k]) === UNDER && (best < 0 || retained[k] > retained[best])) best = k;
  const inside = new Uint8Array(cnt);
  inside[best] = 1;
  for (let k = best - 1; k >= 0; k--) {
    const d = idom[k];
    if (d >= 0 && d <= best && inside[d]) inside[k] = 1;
  }
  const list = [];
  for (let k = 0; k < cnt; k++) if (inside[k] && nameOf(order[k]) === '(string)') list.push(k);
  list.sort((a, b) => retained[b] - retained[a]);
  const textOf = (k) => String(strings[nodes[order[k] * NF + iName]]).slice(0, 60);
  const typeOf = (i) => nTypes[nodes[i * NF + iType]];
  for (const k of list
    .filter((k) => !arg('--stype') || typeOf(order[k]) === arg('--stype'))
    .slice(0, Number(arg('--strings'))))
    console.log(
      `${(retained[k] / 1024).toFixed(1).padStart(8)} KB ${typeOf(order[k])}  ${JSON.stringify(textOf(k))}  ⟸ ${chainOf(
        k,
      )
        .split(' → ')
        .slice(-Number(arg('--depth', 4)))
        .join(' → ')}`,
    );
  const byType = new Map();
  for (const k of list) {
    const t = typeOf(order[k]);
    byType.set(t, (byType.get(t) ?? 0) + nodes[order[k] * NF + iSelf]);
  }
  console.log(byType);
}
