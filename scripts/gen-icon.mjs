// Draws the extension's icon, media/icon.png: a 128×128 PNG of an abacus (算盘) — a wooden frame,
// a beam, five rods with their beads, two upper and five lower a rod, some moved to the beam as
// if counting. No drawing library: shapes are sampled 4×4 per pixel and written with node's zlib.
// `node scripts/gen-icon.mjs --check` only reports whether media/icon.png is up to date.
import { deflateSync } from 'node:zlib';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'media', 'icon.png');
const SIZE = 128;
const SS = 4; // samples per pixel side

const rgba = (hex, a = 255) => [
  parseInt(hex.slice(1, 3), 16),
  parseInt(hex.slice(3, 5), 16),
  parseInt(hex.slice(5, 7), 16),
  a,
];
const PAPER = rgba('#f6f0e4');
const WOOD = rgba('#6b3e1f');
const WOOD_LIGHT = rgba('#8a5430');
const ROD = rgba('#c9a36a');
const BEAD = rgba('#3b2a1e');
const BEAD_SET = rgba('#c0392b');

/** A rounded rectangle [x0, y0, x1, y1] with corner radius r. */
const roundRect = (x0, y0, x1, y1, r) => (x, y) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
/** A 算盘 bead: a flattened hexagon (wide in the middle, pointed at the sides). */
const bead = (cx, cy, w, h) => (x, y) =>
  Math.abs(y - cy) <= h / 2 && Math.abs(x - cx) <= w / 2 - (Math.abs(y - cy) / (h / 2)) * (w * 0.18);

const shapes = [];
const add = (test, color) => shapes.push({ test, color });

// the card, the frame, the beam
add(roundRect(4, 4, 124, 124, 22), PAPER);
add(roundRect(12, 18, 116, 110, 8), WOOD);
add(roundRect(19, 25, 109, 103, 4), PAPER);
const rods = [30, 47, 64, 81, 98];
for (const x of rods) add(rect(x - 1.2, 25, x + 1.2, 103), ROD);
add(rect(19, 44, 109, 50), WOOD_LIGHT);
// beads: upper deck (2 a rod) between 25 and 44, lower deck (5 a rod) between 50 and 103; the
// counted ones touch the beam and are red (the number 2 0 2 4 … read along the rods)
const counted = [
  [1, 2],
  [0, 0],
  [0, 2],
  [0, 4],
  [1, 1],
];
const W = 15;
const H = 6.4;
rods.forEach((x, i) => {
  const [up, low] = counted[i];
  for (let k = 0; k < 2; k++) {
    const atBeam = k >= 2 - up;
    const y = atBeam ? 44 - H / 2 - 0.6 - (1 - k) * (H + 0.6) : 25 + H / 2 + 0.6 + k * (H + 0.6);
    add(bead(x, y, W, H), atBeam ? BEAD_SET : BEAD);
  }
  for (let k = 0; k < 5; k++) {
    const atBeam = k < low;
    const y = atBeam ? 50 + H / 2 + 0.6 + k * (H + 0.6) : 103 - H / 2 - 0.6 - (4 - k) * (H + 0.6);
    add(bead(x, y, W, H), atBeam ? BEAD_SET : BEAD);
  }
});

function pixel(px, py) {
  let r = 0;
  let g = 0;
  let b = 0;
  let a = 0;
  for (let sy = 0; sy < SS; sy++)
    for (let sx = 0; sx < SS; sx++) {
      const x = px + (sx + 0.5) / SS;
      const y = py + (sy + 0.5) / SS;
      let c = [0, 0, 0, 0];
      for (const s of shapes) if (s.test(x, y)) c = s.color;
      r += c[0] * c[3];
      g += c[1] * c[3];
      b += c[2] * c[3];
      a += c[3];
    }
  const n = SS * SS;
  return a ? [Math.round(r / a), Math.round(g / a), Math.round(b / a), Math.round(a / n)] : [0, 0, 0, 0];
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

export function iconPng() {
  const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let y = 0; y < SIZE; y++) {
    raw[y * (SIZE * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < SIZE; x++) raw.set(pixel(x, y), y * (SIZE * 4 + 1) + 1 + x * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const png = iconPng();
if (process.argv.includes('--check')) {
  const same = existsSync(out) && Buffer.compare(readFileSync(out), png) === 0;
  console.log(same ? 'gen-icon: media/icon.png is up to date' : 'gen-icon: media/icon.png is out of date');
  process.exit(same ? 0 : 1);
}
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, png);
console.log(`gen-icon: wrote media/icon.png (${png.length} bytes)`);
