// The disk cache's body: a layer as bytes, read back without building an object per option or
// package. A small JSON header (files, licences, renames, where each part starts) is followed by
// two sections of records: options, then packages sorted by attribute path. Fields are split by
// the unit separator (0x1f), records by the record separator (0x1e), path levels by 0x1d; those
// three never occur in option or package text (they become spaces if they do).
//
// Loading keeps the file's bytes as they are and an offset per record (typed arrays): a string is
// made from the bytes only when a lookup asks for it. For 20 000 options and 120 000 packages that
// is the file (about 20 MB, outside the JS heap) and a few hundred KB of offsets, where the JSON
// rows of before built 140 000 objects and strings (heap 61 MB, resident +110 MB).
import type { KnowledgeLayer, License, OptionInfo, OptionTable, OptionType, PackageInfo, PackageTable, SourceName } from '../model.js';
import { editDistance, editDistanceAt } from '../nearestNames.js';
import { parseOptionType } from '../optionTypes.js';

const RECORD = 0x1e;
const FIELD = 0x1f;
const SEPARATORS = /[\x1d-\x1f]/g;
const SEPARATOR = /[\x1d-\x1f]/;

const UNFREE = 1;
const BROKEN = 2;
const INSECURE = 4;
const READ_ONLY = 1;
const HAS_DEFAULT = 2;
const HAS_EXAMPLE = 4;

/** What the header says of the body; the rest of the layer (small) rides along in it. */
export interface RowsHeader {
  source: SourceName;
  files: string[];
  licenses: License[][];
  rest: Pick<KnowledgeLayer, 'renamed' | 'everydayNames' | 'lib'>;
  options: { start: number; end: number; count: number };
  packages: { start: number; end: number; count: number };
}

const clean = (s: string | undefined) => (s === undefined ? '' : SEPARATOR.test(s) ? s.replace(SEPARATORS, ' ') : s);

/** A layer as header and body bytes. Rows of a layer read from a cache are written out as records. */
export function encodeRows(layer: KnowledgeLayer): { header: RowsHeader; body: Buffer } {
  const files: string[] = [];
  const fileIndex = new Map<string, number>();
  const fileOf = (f: string) => {
    let i = fileIndex.get(f);
    if (i === undefined) fileIndex.set(f, (i = files.push(f) - 1));
    return i;
  };
  const licenses: License[][] = [];
  const licenseIndex = new Map<string, number>();
  const licensesOf = (ls: License[]) => {
    const k = JSON.stringify(ls);
    let i = licenseIndex.get(k);
    if (i === undefined) licenseIndex.set(k, (i = licenses.push(ls) - 1));
    return i;
  };
  const options = [...(layer.options ?? [])];
  for (let r = 0; r < (layer.optionTable?.size ?? 0); r++) options.push(layer.optionTable!.info(r));
  const packages = [...(layer.packages ?? [])];
  for (let r = 0; r < (layer.packageTable?.size ?? 0); r++) packages.push(layer.packageTable!.info(r));
  const optionText = options
    .map((o) => {
      const flags = (o.readOnly ? READ_ONLY : 0) | (o.default !== undefined ? HAS_DEFAULT : 0) | (o.example !== undefined ? HAS_EXAMPLE : 0);
      return [o.path.map(clean).join('\x1d'), clean(o.type.text), String(flags), clean(o.default), clean(o.example), o.declarations.map(fileOf).join(','), clean(o.description)].join('\x1f') + '\x1e';
    })
    .join('');
  // sorted by the attribute path's bytes (what find compares); one record per path, the last wins
  const byPath = new Map<string, PackageInfo>();
  for (const p of packages) byPath.set(clean(p.attrPath), p);
  // (ASCII names, nearly all, compare as strings in byte order; others through their bytes)
  const byteOrder = (a: string, b: string) => (ASCII.test(a) && ASCII.test(b) ? (a < b ? -1 : a > b ? 1 : 0) : Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const sorted = [...byPath.entries()].map(([k, p]) => ({ k, p })).sort((a, b) => byteOrder(a.k, b.k));
  const packageText = sorted
    .map(({ k, p }) => {
      const flags = (p.unfree ? UNFREE : 0) | (p.broken ? BROKEN : 0) | (p.insecure ? INSECURE : 0);
      // (most names are pname-version: left out then, 2 MB of 120 000 packages)
      const name = p.pname !== undefined && p.version !== undefined && p.name === `${p.pname}-${p.version}` ? '' : clean(p.name);
      return [k, name, clean(p.pname), clean(p.version), clean(p.description), clean(p.homepage), String(licensesOf(p.licenses)), String(flags), clean(p.mainProgram)].join('\x1f') + '\x1e';
    })
    .join('');
  const optionBytes = Buffer.from(optionText);
  const body = Buffer.concat([optionBytes, Buffer.from(packageText)]);
  return {
    header: {
      source: layer.source,
      files,
      licenses,
      rest: { renamed: layer.renamed, everydayNames: layer.everydayNames, lib: layer.lib },
      options: { start: 0, end: optionBytes.length, count: options.length },
      packages: { start: optionBytes.length, end: body.length, count: sorted.length },
    },
    body,
  };
}

/** The layer `body` holds, as tables over its bytes; undefined when the header does not fit the body. */
export function decodeRows(header: RowsHeader, body: Buffer): KnowledgeLayer | undefined {
  const optionStarts = recordStarts(body, header.options);
  const packageStarts = recordStarts(body, header.packages);
  if (!optionStarts || !packageStarts) return undefined;
  return {
    source: header.source,
    optionTable: new OptionRows(body, optionStarts, header),
    packageTable: new PackageRows(body, packageStarts, header),
    ...header.rest,
  };
}

/** Where each record starts, and one past the end of the last (its separator). */
function recordStarts(body: Buffer, section: { start: number; end: number; count: number }): Uint32Array | undefined {
  if (!(section.start >= 0 && section.end <= body.length && section.start <= section.end && section.count >= 0)) return undefined;
  const starts = new Uint32Array(section.count + 1);
  let at = section.start;
  for (let i = 0; i < section.count; i++) {
    starts[i] = at;
    const end = body.indexOf(RECORD, at);
    if (end < 0 || end >= section.end) return undefined;
    at = end + 1;
  }
  if (at !== section.end) return undefined;
  starts[section.count] = at;
  return starts;
}

const ASCII = /^[\x00-\x7f]*$/;

/**
 * Whether bytes [start, end) hold `word` (lower-case ASCII), ASCII letters compared without case
 * and a path level break read as a dot: a test on the bytes, so that a search makes a string
 * only of the records that may match.
 */
function holdsFolded(body: Buffer, start: number, end: number, word: string): boolean {
  const n = word.length;
  const first = word.charCodeAt(0);
  const fold = (b: number) => (b === 0x1d ? 0x2e : b >= 65 && b <= 90 ? b | 0x20 : b);
  outer: for (let i = start; i <= end - n; i++) {
    if (fold(body[i]!) !== first) continue;
    for (let j = 1; j < n; j++) if (fold(body[i + j]!) !== word.charCodeAt(j)) continue outer;
    return true;
  }
  return false;
}

/** holdsFolded for every word; words that are not ASCII are left to the exact test that follows. */
function mayHold(body: Buffer, start: number, end: number, words: readonly string[]): boolean {
  for (const w of words) if (w.length > 0 && ASCII.test(w) && !holdsFolded(body, start, end, w)) return false;
  return true;
}

/** The fields of a record as strings (`count` of them at most). */
function fields(body: Buffer, start: number, end: number, count = Infinity): string[] {
  const out: string[] = [];
  let at = start;
  while (out.length < count - 1) {
    const next = body.indexOf(FIELD, at);
    if (next < 0 || next >= end) break;
    out.push(body.toString('utf8', at, next));
    at = next + 1;
  }
  out.push(body.toString('utf8', at, end));
  return out;
}

class OptionRows implements OptionTable {
  readonly size: number;
  private readonly types = new Map<string, OptionType>();

  constructor(
    private readonly body: Buffer,
    private readonly starts: Uint32Array,
    private readonly header: RowsHeader,
  ) {
    this.size = starts.length - 1;
  }

  private end(row: number): number {
    return this.starts[row + 1]! - 1;
  }

  path(row: number): string[] {
    const start = this.starts[row]!;
    let stop = this.body.indexOf(FIELD, start);
    if (stop < 0 || stop > this.end(row)) stop = this.end(row);
    return this.body.toString('utf8', start, stop).split('\x1d');
  }

  info(row: number): OptionInfo {
    const [path, typeText, flagText, def, example, declarations, description] = fields(this.body, this.starts[row]!, this.end(row), 7);
    let type = this.types.get(typeText ?? '');
    if (!type) this.types.set(typeText ?? '', (type = parseOptionType(typeText ?? '')));
    const flags = Number(flagText);
    const o: OptionInfo = {
      path: (path ?? '').split('\x1d'),
      type,
      description: description ?? '',
      declarations: declarations ? declarations.split(',').map((i) => this.header.files[Number(i)]!).filter((f) => f !== undefined) : [],
      readOnly: (flags & READ_ONLY) !== 0,
      source: this.header.source,
    };
    if (flags & HAS_DEFAULT) o.default = def ?? '';
    if (flags & HAS_EXAMPLE) o.example = example ?? '';
    return o;
  }

  mayMatch(row: number, words: readonly string[]): boolean {
    return mayHold(this.body, this.starts[row]!, this.end(row), words);
  }

  searchText(row: number): string {
    const f = fields(this.body, this.starts[row]!, this.end(row), 7);
    return `${(f[0] ?? '').replaceAll('\x1d', '.')} ${f[6] ?? ''}`.toLowerCase();
  }
}

/** Whether two codes are equal but for the case of an ASCII letter. */
function isLetterOrSame(a: number, b: number): boolean {
  return a === b || ((a | 0x20) >= 97 && (a | 0x20) <= 122);
}

class PackageRows implements PackageTable {
  readonly size: number;
  /** Bytes of each row's attribute path (its first field). */
  private readonly nameBytes: Uint16Array;
  /** The letter-class counts of the last name `distance` was asked about, and a scratch copy. */
  private histogramOf?: string;
  private readonly histogram = new Int16Array(32);
  private readonly gap = new Int16Array(32);

  constructor(
    private readonly body: Buffer,
    private readonly starts: Uint32Array,
    private readonly header: RowsHeader,
  ) {
    this.size = starts.length - 1;
    this.nameBytes = new Uint16Array(this.size);
    for (let i = 0; i < this.size; i++) {
      const stop = body.indexOf(FIELD, starts[i]!);
      this.nameBytes[i] = Math.min(stop < 0 ? Infinity : stop, starts[i + 1]! - 1) - starts[i]!;
    }
  }

  /** The row's name against `name`, byte by byte (ASCII, as attribute paths are; else through a Buffer). */
  private compare(row: number, name: string, encoded: Buffer | undefined): number {
    const start = this.starts[row]!;
    const length = this.nameBytes[row]!;
    if (encoded) return this.body.compare(encoded, 0, encoded.length, start, start + length);
    const n = Math.min(length, name.length);
    for (let i = 0; i < n; i++) {
      const d = this.body[start + i]! - name.charCodeAt(i);
      if (d !== 0) return d;
    }
    return length - name.length;
  }

  find(name: string): number {
    const encoded = ASCII.test(name) ? undefined : Buffer.from(name);
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = this.compare(mid, name, encoded);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  name(row: number): string {
    const start = this.starts[row]!;
    return this.body.toString('utf8', start, start + this.nameBytes[row]!);
  }

  nameLength(row: number): number {
    return this.nameBytes[row]!;
  }

  nameMask(row: number): number {
    const start = this.starts[row]!;
    let mask = 0;
    for (let i = start, end = start + this.nameBytes[row]!; i < end; i++) mask |= 1 << (this.body[i]! | 0x20) % 32;
    return mask;
  }

  distance(row: number, name: string, max: number): number {
    const start = this.starts[row]!;
    const length = this.nameBytes[row]!;
    if (!ASCII.test(name)) {
      const other = this.name(row);
      return other.toLowerCase() === name.toLowerCase() ? 0.5 : editDistance(name, other, max);
    }
    // each edit changes the counts of the letter classes a name uses by at most 2 in all: names
    // whose counts differ by more than twice the edits allowed cannot be near (most, cheaply)
    if (this.histogramOf !== name) {
      this.histogramOf = name;
      this.histogram.fill(0);
      for (let i = 0; i < name.length; i++) this.histogram[(name.charCodeAt(i) | 0x20) % 32]!++;
    }
    const gap = this.gap;
    gap.set(this.histogram);
    for (let i = start, end = start + length; i < end; i++) gap[(this.body[i]! | 0x20) % 32]!--;
    let total = 0;
    for (let c = 0; c < 32; c++) total += gap[c]! < 0 ? -gap[c]! : gap[c]!;
    if (total > 2 * max) return max + 1;
    if (length === name.length) {
      let folded = true;
      for (let i = 0; i < length && folded; i++) folded = (this.body[start + i]! | 0x20) === (name.charCodeAt(i) | 0x20) && isLetterOrSame(this.body[start + i]!, name.charCodeAt(i));
      if (folded) return 0.5;
    }
    return editDistanceAt(this.body, start, length, name, max);
  }

  mayMatch(row: number, words: readonly string[]): boolean {
    return mayHold(this.body, this.starts[row]!, this.starts[row + 1]! - 1, words);
  }

  info(row: number): PackageInfo {
    const [attrPath, name, pname, version, description, homepage, license, flagText, mainProgram] = fields(this.body, this.starts[row]!, this.starts[row + 1]! - 1, 9);
    const flags = Number(flagText);
    const p: PackageInfo = { attrPath: attrPath!, name: name || (pname && version ? `${pname}-${version}` : ''), licenses: this.header.licenses[Number(license)] ?? [], unfree: (flags & UNFREE) !== 0, source: this.header.source };
    if (pname) p.pname = pname;
    if (version) p.version = version;
    if (description) p.description = description;
    if (homepage) p.homepage = homepage;
    if (mainProgram) p.mainProgram = mainProgram;
    if (flags & BROKEN) p.broken = true;
    if (flags & INSECURE) p.insecure = true;
    return p;
  }

  searchText(row: number): string {
    const f = fields(this.body, this.starts[row]!, this.starts[row + 1]! - 1, 6);
    return `${f[0]} ${f[2]} ${f[4]}`.toLowerCase();
  }
}
