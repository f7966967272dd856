import { describe, expect, it } from 'vitest';
import { createTinyGguf, TINY_GGUF } from '../fixtures/tiny-gguf';
import { serveModel } from '../fixtures/model-server';

type Value = number | bigint | string | boolean | Value[];
interface TensorInfo {
  name: string;
  ne: number[];
  type: number;
  offset: number;
}

/** A minimal GGUF reader: header, metadata and tensor infos. */
function parseGguf(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const u32 = () => {
    const v = view.getUint32(at, true);
    at += 4;
    return v;
  };
  const u64 = () => {
    const v = Number(view.getBigUint64(at, true));
    at += 8;
    return v;
  };
  const str = () => {
    const n = u64();
    const s = new TextDecoder().decode(bytes.subarray(at, at + n));
    at += n;
    return s;
  };
  const value = (type: number): Value => {
    switch (type) {
      case 0:
        return view.getUint8(at++);
      case 1:
        return view.getInt8(at++);
      case 2:
        at += 2;
        return view.getUint16(at - 2, true);
      case 3:
        at += 2;
        return view.getInt16(at - 2, true);
      case 4:
        return u32();
      case 5:
        at += 4;
        return view.getInt32(at - 4, true);
      case 6:
        at += 4;
        return view.getFloat32(at - 4, true);
      case 7:
        return view.getUint8(at++) !== 0;
      case 8:
        return str();
      case 9: {
        const t = u32();
        const n = u64();
        return Array.from({ length: n }, () => value(t));
      }
      case 10:
        at += 8;
        return view.getBigUint64(at - 8, true);
      case 11:
        at += 8;
        return view.getBigInt64(at - 8, true);
      case 12:
        at += 8;
        return view.getFloat64(at - 8, true);
      default:
        throw new Error(`unknown GGUF type ${type}`);
    }
  };
  const magic = new TextDecoder().decode(bytes.subarray(0, 4));
  at = 4;
  const version = u32();
  const tensorCount = u64();
  const kvCount = u64();
  const meta = new Map<string, Value>();
  for (let i = 0; i < kvCount; i++) {
    const key = str();
    meta.set(key, value(u32()));
  }
  const tensors: TensorInfo[] = [];
  for (let i = 0; i < tensorCount; i++) {
    const name = str();
    const ne = Array.from({ length: u32() }, () => u64());
    tensors.push({ name, ne, type: u32(), offset: u64() });
  }
  const dataStart = Math.ceil(at / 32) * 32;
  return { magic, version, tensorCount, meta, tensors, dataStart };
}

describe('createTinyGguf', () => {
  const bytes = createTinyGguf();
  const gguf = parseGguf(bytes);

  it('writes a GGUF v3 header with the tensors llama.cpp expects', () => {
    expect(gguf.magic).toBe('GGUF');
    expect(gguf.version).toBe(3);
    expect(gguf.tensorCount).toBe(3 + 9 * TINY_GGUF.layers);
    expect(gguf.tensors).toHaveLength(gguf.tensorCount);
    const names = gguf.tensors.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining(['token_embd.weight', 'output_norm.weight', 'output.weight', 'blk.1.ffn_down.weight']),
    );
    expect(bytes.length).toBeLessThan(1024 * 1024);
  });

  it('has the metadata a llama model and its tokenizer need', () => {
    for (const key of [
      'general.architecture',
      'general.alignment',
      'llama.context_length',
      'llama.embedding_length',
      'llama.block_count',
      'llama.feed_forward_length',
      'llama.attention.head_count',
      'llama.attention.head_count_kv',
      'llama.rope.dimension_count',
      'llama.attention.layer_norm_rms_epsilon',
      'tokenizer.ggml.model',
      'tokenizer.ggml.tokens',
      'tokenizer.ggml.scores',
      'tokenizer.ggml.token_type',
      'tokenizer.ggml.bos_token_id',
      'tokenizer.ggml.eos_token_id',
      'tokenizer.ggml.unknown_token_id',
      'tokenizer.chat_template',
    ]) {
      expect(gguf.meta.has(key), key).toBe(true);
    }
    expect(gguf.meta.get('general.architecture')).toBe('llama');
    expect(gguf.meta.get('tokenizer.ggml.model')).toBe('llama');
    expect(gguf.meta.get('llama.embedding_length')).toBe(TINY_GGUF.embd);
    expect(gguf.meta.get('tokenizer.chat_template')).toContain('add_generation_prompt');
  });

  it('has a vocabulary of unique tokens with control and all 256 byte tokens', () => {
    const tokens = gguf.meta.get('tokenizer.ggml.tokens') as string[];
    const types = gguf.meta.get('tokenizer.ggml.token_type') as number[];
    expect(new Set(tokens).size).toBe(tokens.length);
    expect((gguf.meta.get('tokenizer.ggml.scores') as number[]).length).toBe(tokens.length);
    expect(types.length).toBe(tokens.length);
    expect(tokens.slice(0, 3)).toEqual(['<unk>', '<s>', '</s>']);
    for (let b = 0; b < 256; b++) {
      const i = tokens.indexOf(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
      expect(types[i]).toBe(6);
    }
    expect(gguf.meta.get('llama.vocab_size')).toBe(tokens.length);
  });

  it('lays out tensors with GGUF dimension order, 32-byte alignment, and ends where the data does', () => {
    const vocab = (gguf.meta.get('tokenizer.ggml.tokens') as string[]).length;
    const byName = new Map(gguf.tensors.map((t) => [t.name, t]));
    const { embd, ff, heads, headsKv } = TINY_GGUF;
    expect(byName.get('token_embd.weight')?.ne).toEqual([embd, vocab]);
    expect(byName.get('output.weight')?.ne).toEqual([embd, vocab]);
    expect(byName.get('blk.0.attn_k.weight')?.ne).toEqual([embd, (embd / heads) * headsKv]);
    expect(byName.get('blk.0.ffn_up.weight')?.ne).toEqual([embd, ff]);
    expect(byName.get('blk.0.ffn_down.weight')?.ne).toEqual([ff, embd]);
    expect(byName.get('output_norm.weight')?.ne).toEqual([embd]);
    let end = 0;
    for (const t of gguf.tensors) {
      expect(t.type).toBe(0);
      expect(t.offset % 32).toBe(0);
      end = Math.max(end, t.offset + 4 * t.ne.reduce((a, b) => a * b, 1));
    }
    expect(gguf.dataStart % 32).toBe(0);
    expect(bytes.length).toBe(gguf.dataStart + Math.ceil(end / 32) * 32);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    // Buffer.equals: toEqual on half a megabyte of bytes takes seconds.
    const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
    expect(same(createTinyGguf({ seed: 1 }), bytes)).toBe(true);
    const other = createTinyGguf({ seed: 2 });
    expect(other.length).toBe(bytes.length);
    expect(same(other, bytes)).toBe(false);
    expect(parseGguf(createTinyGguf({ contextLength: 256 })).meta.get('llama.context_length')).toBe(256);
  });
});

describe('serveModel', () => {
  it('serves the bytes with GET and HEAD, CORS open, 404 elsewhere', async () => {
    const bytes = createTinyGguf();
    const server = await serveModel(bytes, { bytesPerSecond: 4 * bytes.length });
    try {
      const head = await fetch(server.url, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-length')).toBe(String(bytes.length));
      expect(head.headers.get('access-control-allow-origin')).toBe('*');
      const get = await fetch(server.url);
      expect(get.headers.get('content-type')).toBe('application/octet-stream');
      expect(Buffer.from(await get.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
      expect(server.requests()).toBe(1);
      expect((await fetch(new URL('/other', server.url))).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
