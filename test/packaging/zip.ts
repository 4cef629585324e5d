// Reads zip archives (.vsix, .whl) for the packaging tests: the entries of the central directory
// and the content of one entry (stored or deflated), with Node's zlib. No zip64, no encryption:
// the archives these tests read are small and plain, and anything else is reported, not guessed.

import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  size: number;
  compressedSize: number;
  method: number;
  localHeaderOffset: number;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

export class ZipArchive {
  readonly entries: ZipEntry[] = [];
  private readonly data: Buffer;

  constructor(readonly path: string) {
    this.data = readFileSync(path);
    const data = this.data;
    let end = data.length - 22;
    while (end >= 0 && data.readUInt32LE(end) !== END_OF_CENTRAL_DIRECTORY) end--;
    if (end < 0) throw new Error(`${path} is not a zip archive (no end of central directory)`);
    const count = data.readUInt16LE(end + 10);
    let at = data.readUInt32LE(end + 16);
    for (let i = 0; i < count; i++) {
      if (data.readUInt32LE(at) !== CENTRAL_FILE_HEADER) throw new Error(`${path}: bad central directory`);
      const nameLength = data.readUInt16LE(at + 28);
      const extraLength = data.readUInt16LE(at + 30);
      const commentLength = data.readUInt16LE(at + 32);
      this.entries.push({
        method: data.readUInt16LE(at + 10),
        compressedSize: data.readUInt32LE(at + 20),
        size: data.readUInt32LE(at + 24),
        localHeaderOffset: data.readUInt32LE(at + 42),
        name: data.toString('utf8', at + 46, at + 46 + nameLength),
      });
      at += 46 + nameLength + extraLength + commentLength;
    }
  }

  get names(): string[] {
    return this.entries.map((entry) => entry.name);
  }

  /** The bytes of one entry; throws when the archive has no such entry. */
  read(name: string): Buffer {
    const entry = this.entries.find((e) => e.name === name);
    if (!entry) throw new Error(`${this.path} has no entry ${name}`);
    const at = entry.localHeaderOffset;
    if (this.data.readUInt32LE(at) !== LOCAL_FILE_HEADER)
      throw new Error(`${this.path}: bad local header for ${name}`);
    const start = at + 30 + this.data.readUInt16LE(at + 26) + this.data.readUInt16LE(at + 28);
    const raw = this.data.subarray(start, start + entry.compressedSize);
    if (entry.method === 0) return Buffer.from(raw);
    if (entry.method === 8) return inflateRawSync(raw);
    throw new Error(`${this.path}: ${name} uses compression method ${entry.method}`);
  }

  text(name: string): string {
    return this.read(name).toString('utf8');
  }
}
