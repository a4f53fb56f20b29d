// Generates images/icon.png (128x128 RGBA): a blue snowflake of six lambda-like
// spokes on a dark rounded square. Only zlib is used; PNG chunks are written by
// hand so the icon can be rebuilt anywhere without image tooling.
// Usage: node scripts/make-icon.mjs [outfile]
import { deflateSync } from 'node:zlib';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SIZE = 128;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(root, process.argv[2] ?? 'images/icon.png');

// CRC-32 (IEEE) table, as required for every PNG chunk.
const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
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

// Distance from point p to segment a-b.
function segDist(px, py, ax, ay, bx, by) {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}
const clamp01 = (v) => Math.max(0, Math.min(1, v));
const mix = (a, b, t) => a.map((v, i) => v + (b[i] - v) * t);

// Each spoke is a lambda: a long stroke plus a short leg branching off it.
const spokes = [];
for (let i = 0; i < 6; i++) {
  const ang = (i * Math.PI) / 3 - Math.PI / 2;
  const cos = Math.cos(ang), sin = Math.sin(ang);
  const rot = (x, y) => [64 + x * cos - y * sin, 64 + x * sin + y * cos];
  const [ax, ay] = rot(14, 0), [bx, by] = rot(50, 0);
  const [cx, cy] = rot(32, 0), [dx, dy] = rot(42, 12);
  spokes.push({ seg: [ax, ay, bx, by], leg: [cx, cy, dx, dy], tone: i % 2 });
}
const LIGHT = [126, 186, 228], DEEP = [82, 119, 195], BG_TOP = [22, 36, 64], BG_BOT = [12, 20, 38];

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  const row = y * (SIZE * 4 + 1);
  raw[row] = 0; // filter type "None"
  for (let x = 0; x < SIZE; x++) {
    const px = x + 0.5, py = y + 0.5;
    // Rounded-square mask, anti-aliased over one pixel.
    const r = 22, qx = Math.max(Math.abs(px - 64) - (64 - r), 0), qy = Math.max(Math.abs(py - 64) - (64 - r), 0);
    const alpha = clamp01(r - Math.hypot(qx, qy) + 0.5);
    let color = mix(BG_TOP, BG_BOT, y / SIZE);
    for (const s of spokes) {
      const d = Math.min(segDist(px, py, ...s.seg), segDist(px, py, ...s.leg));
      const cover = clamp01(5.5 - d); // stroke half-width 5px, 1px soft edge
      if (cover > 0) color = mix(color, s.tone ? DEEP : LIGHT, cover);
    }
    const o = row + 1 + x * 4;
    raw[o] = Math.round(color[0]);
    raw[o + 1] = Math.round(color[1]);
    raw[o + 2] = Math.round(color[2]);
    raw[o + 3] = Math.round(alpha * 255);
  }
}

const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // colour type RGBA
ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0; // compression, filter, interlace

const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
