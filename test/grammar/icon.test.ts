// images/icon.png (built by scripts/make-icon.mjs): a real 128x128 PNG.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { repoRoot } from './tm';

const iconPath = `${repoRoot}images/icon.png`;
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

interface Chunk {
  type: string;
  data: Buffer;
  crcOk: boolean;
}
function chunks(png: Buffer): Chunk[] {
  const out: Chunk[] = [];
  for (let off = 8; off + 12 <= png.length; ) {
    const len = png.readUInt32BE(off);
    const type = png.toString('ascii', off + 4, off + 8);
    const data = png.subarray(off + 8, off + 8 + len);
    const crcOk = png.readUInt32BE(off + 8 + len) === crc32(png.subarray(off + 4, off + 8 + len));
    out.push({ type, data, crcOk });
    off += 12 + len;
  }
  return out;
}

describe('extension icon', () => {
  it('exists with the PNG signature', () => {
    assert.ok(existsSync(iconPath), `${iconPath} missing (run node scripts/make-icon.mjs)`);
    assert.deepEqual(readFileSync(iconPath).subarray(0, 8), SIGNATURE);
  });

  it('is 128x128 according to IHDR, with valid chunk CRCs', () => {
    const list = chunks(readFileSync(iconPath));
    const ihdr = list[0];
    assert.equal(ihdr?.type, 'IHDR');
    assert.equal(ihdr.data.readUInt32BE(0), 128, 'width');
    assert.equal(ihdr.data.readUInt32BE(4), 128, 'height');
    assert.equal(list.at(-1)?.type, 'IEND');
    for (const c of list) assert.ok(c.crcOk, `bad CRC in ${c.type}`);
  });

  it('decodes to a full, non-blank RGBA image', () => {
    const list = chunks(readFileSync(iconPath));
    const ihdr = list[0]!.data;
    assert.equal(ihdr[8], 8, 'bit depth');
    assert.equal(ihdr[9], 6, 'colour type RGBA');
    const pixels = inflateSync(Buffer.concat(list.filter((c) => c.type === 'IDAT').map((c) => c.data)));
    assert.equal(pixels.length, 128 * (128 * 4 + 1));
    const colours = new Set<number>();
    for (let i = 0; i < pixels.length; i += 4 * 37 + 1) colours.add(pixels.readUInt32BE(Math.min(i, pixels.length - 4)));
    assert.ok(colours.size > 10, `only ${colours.size} distinct samples: image looks blank`);
  });
});
