/**
 * Reads a GGUF file's header (https://github.com/ggml-org/ggml/blob/master/docs/gguf.md) far enough
 * to know the file's size as it declares it: where its last tensor's data ends. A download that
 * stops short of it, or a file whose header is not GGUF, would load and then abort llama.cpp.
 */

export type GgufHeader =
  | { state: 'incomplete' }
  | { state: 'invalid'; reason: string }
  | { state: 'valid'; declaredBytes: number; splitCount: number };

/** ggml types: [elements per block, bytes per block] (ggml.c's type traits). */
const GGML_TYPES: Record<number, [number, number]> = {
  0: [1, 4], // F32
  1: [1, 2], // F16
  2: [32, 18], // Q4_0
  3: [32, 20], // Q4_1
  6: [32, 22], // Q5_0
  7: [32, 24], // Q5_1
  8: [32, 34], // Q8_0
  9: [32, 36], // Q8_1
  10: [256, 84], // Q2_K
  11: [256, 110], // Q3_K
  12: [256, 144], // Q4_K
  13: [256, 176], // Q5_K
  14: [256, 210], // Q6_K
  15: [256, 292], // Q8_K
  16: [256, 66], // IQ2_XXS
  17: [256, 74], // IQ2_XS
  18: [256, 98], // IQ3_XXS
  19: [256, 50], // IQ1_S
  20: [32, 18], // IQ4_NL
  21: [256, 110], // IQ3_S
  22: [256, 82], // IQ2_S
  23: [256, 136], // IQ4_XS
  24: [1, 1], // I8
  25: [1, 2], // I16
  26: [1, 4], // I32
  27: [1, 8], // I64
  28: [1, 8], // F64
  29: [256, 56], // IQ1_M
  30: [1, 2], // BF16
  34: [256, 54], // TQ1_0
  35: [256, 66], // TQ2_0
  39: [32, 17], // MXFP4
};

/** Bytes of each fixed-size metadata value type; 8 (string) and 9 (array) are read apart. */
const VALUE_BYTES: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
const STRING = 8;
const ARRAY = 9;

class NeedMore extends Error {}
class Invalid extends Error {}

export function readGgufHeader(bytes: Uint8Array): GgufHeader {
  try {
    return readHeader(new Reader(bytes));
  } catch (error) {
    if (error instanceof NeedMore) return { state: 'incomplete' };
    if (error instanceof Invalid) return { state: 'invalid', reason: error.message };
    throw error;
  }
}

class Reader {
  at = 0;
  private readonly view: DataView;
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  private take(length: number): number {
    if (this.at + length > this.bytes.length) throw new NeedMore();
    const at = this.at;
    this.at += length;
    return at;
  }
  u16(): number {
    return this.view.getUint16(this.take(2), true);
  }
  u32(): number {
    return this.view.getUint32(this.take(4), true);
  }
  u64(): number {
    const value = this.view.getBigUint64(this.take(8), true);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Invalid('a length in its header is out of range');
    return Number(value);
  }
  skip(length: number): void {
    this.take(length);
  }
  string(): string {
    const length = this.u64();
    const at = this.take(length);
    return new TextDecoder().decode(this.bytes.subarray(at, at + length));
  }
}

function readHeader(reader: Reader): GgufHeader {
  if (reader.u32() !== 0x46554747) throw new Invalid('it does not begin with GGUF');
  const version = reader.u32();
  if (version < 2 || version > 3) throw new Invalid(`its GGUF version ${version} is not one llama.cpp reads`);
  const tensorCount = reader.u64();
  const keyCount = reader.u64();
  let alignment = 32;
  let splitCount = 1;
  for (let key = 0; key < keyCount; key++) {
    const name = reader.string();
    const type = reader.u32();
    if (name === 'general.alignment' && type === 4) alignment = reader.u32();
    else if (name === 'split.count' && type === 2) splitCount = reader.u16();
    else skipValue(reader, type);
  }
  let dataEnd = 0;
  for (let tensor = 0; tensor < tensorCount; tensor++) {
    reader.string();
    const dimensions = reader.u32();
    if (dimensions > 8) throw new Invalid('a tensor in its header has too many dimensions');
    let elements = 1;
    for (let dimension = 0; dimension < dimensions; dimension++) elements *= reader.u64();
    const type = GGML_TYPES[reader.u32()];
    const offset = reader.u64();
    // A type this table does not know yet: its size is left to llama.cpp.
    if (type) dataEnd = Math.max(dataEnd, offset + Math.ceil(elements / type[0]) * type[1]);
  }
  if (alignment === 0 || alignment % 8 !== 0) throw new Invalid('its alignment is not valid');
  const dataStart = Math.ceil(reader.at / alignment) * alignment;
  return { state: 'valid', declaredBytes: dataStart + dataEnd, splitCount };
}

function skipValue(reader: Reader, type: number): void {
  if (type === STRING) {
    reader.skip(reader.u64());
    return;
  }
  if (type === ARRAY) {
    const itemType = reader.u32();
    const count = reader.u64();
    const size = VALUE_BYTES[itemType];
    if (size !== undefined) reader.skip(count * size);
    else for (let item = 0; item < count; item++) skipValue(reader, itemType);
    return;
  }
  const size = VALUE_BYTES[type];
  if (size === undefined) throw new Invalid(`its header has a value of unknown type ${type}`);
  reader.skip(size);
}
