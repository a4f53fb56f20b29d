// Hash text in the encodings Nix accepts (SRI base64, Nix base32, base16), so a hash reported
// as SRI can be found in a file that spells it in base32, and replaced in the same encoding.

const NIX32 = '0123456789abcdfghijklmnpqrsvwxyz';
const SIZES: Record<string, number> = { md5: 16, sha1: 20, sha256: 32, sha512: 64 };

export interface ParsedHash {
  algo: string;
  bytes: Buffer;
}

export function parseHash(text: string, defaultAlgo = 'sha256'): ParsedHash | undefined {
  const t = text.trim();
  let m = /^(md5|sha1|sha256|sha512)-([A-Za-z0-9+/=]+)$/.exec(t);
  if (m) return { algo: m[1]!, bytes: Buffer.from(m[2]!, 'base64') };
  m = /^(?:(md5|sha1|sha256|sha512):)?([0-9a-z]+)$/.exec(t);
  if (!m) return undefined;
  const algo = m[1] ?? defaultAlgo;
  const size = SIZES[algo];
  if (!size) return undefined;
  const body = m[2]!;
  if (body.length === size * 2 && /^[0-9a-f]+$/.test(body)) return { algo, bytes: Buffer.from(body, 'hex') };
  if (body.length === nix32Length(size)) {
    const bytes = fromNix32(body, size);
    if (bytes) return { algo, bytes };
  }
  return undefined;
}

function nix32Length(size: number): number {
  return Math.floor((size * 8 - 1) / 5) + 1;
}

export function toNix32(bytes: Buffer): string {
  const len = nix32Length(bytes.length);
  let out = '';
  for (let n = len - 1; n >= 0; n--) {
    const b = n * 5;
    const i = Math.floor(b / 8);
    const j = b % 8;
    const c = (bytes[i]! >> j) | (i >= bytes.length - 1 ? 0 : (bytes[i + 1]! << (8 - j)) & 0xff);
    out += NIX32[c & 0x1f];
  }
  return out;
}

function fromNix32(text: string, size: number): Buffer | undefined {
  const bytes = Buffer.alloc(size);
  const len = text.length;
  for (let n = 0; n < len; n++) {
    const digit = NIX32.indexOf(text[len - n - 1]!);
    if (digit < 0) return undefined;
    const b = n * 5;
    const i = Math.floor(b / 8);
    const j = b % 8;
    bytes[i] = bytes[i]! | ((digit << j) & 0xff);
    if (i < size - 1) bytes[i + 1] = bytes[i + 1]! | (digit >> (8 - j));
    else if (digit >> (8 - j)) return undefined;
  }
  return bytes;
}

/** Every way a file may spell this hash, each with the same encoding of the replacement. */
export function spellings(specified: ParsedHash, got: ParsedHash): { find: string; replace: string }[] {
  const sri = (h: ParsedHash) => `${h.algo}-${h.bytes.toString('base64')}`;
  return [
    { find: sri(specified), replace: sri(got) },
    { find: `${specified.algo}:${toNix32(specified.bytes)}`, replace: `${got.algo}:${toNix32(got.bytes)}` },
    { find: toNix32(specified.bytes), replace: toNix32(got.bytes) },
    { find: specified.bytes.toString('hex'), replace: got.bytes.toString('hex') },
  ];
}
