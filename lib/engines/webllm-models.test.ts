import { describe, expect, it } from 'vitest';
import { FAKE_MODEL_LIST } from '../../tests/fakes/fake-mlc-engine';
import { chooseWebLlmModel, needsShaderF16, webLlmModelName, webLlmModelOptions } from './webllm-models';

const BIG_BUFFERS = 2 * 1024 ** 3;
const withF16 = { shaderF16: true, maxStorageBufferBindingSize: BIG_BUFFERS };
const withoutF16 = { shaderF16: false, maxStorageBufferBindingSize: BIG_BUFFERS };

function chosenId(choice: ReturnType<typeof chooseWebLlmModel>): string {
  if (!choice.ok) throw new Error(`No model: ${choice.reason}`);
  return choice.record.model_id;
}

describe('the fake model list', () => {
  it('is copied faithfully from web-llm’s prebuiltAppConfig', async () => {
    const { prebuiltAppConfig } = await import('@mlc-ai/web-llm');
    for (const record of FAKE_MODEL_LIST) {
      expect(prebuiltAppConfig.model_list.find((real) => real.model_id === record.model_id)).toEqual(record);
    }
  });
});

describe('chooseWebLlmModel', () => {
  it('takes Llama 3.2 1B as q4f16_1 on a GPU with shader-f16', () => {
    expect(chosenId(chooseWebLlmModel(FAKE_MODEL_LIST, withF16))).toBe('Llama-3.2-1B-Instruct-q4f16_1-MLC');
  });

  it('takes the q4f32_1 build of the same model without shader-f16', () => {
    expect(chosenId(chooseWebLlmModel(FAKE_MODEL_LIST, withoutF16))).toBe('Llama-3.2-1B-Instruct-q4f32_1-MLC');
  });

  it('goes down the default order when a model is missing from web-llm’s list', () => {
    const withoutLlama = FAKE_MODEL_LIST.filter((record) => !record.model_id.startsWith('Llama-3.2-1B'));
    expect(chosenId(chooseWebLlmModel(withoutLlama, withF16))).toBe('gemma3-1b-it-q4f16_1-MLC');
    // Gemma 3 1B has no f32 build: without shader-f16 the next model is taken.
    expect(chosenId(chooseWebLlmModel(withoutLlama, withoutF16))).toBe('Qwen2.5-0.5B-Instruct-q4f32_1-MLC');
  });

  it('says why when nothing fits', () => {
    const choice = chooseWebLlmModel(
      FAKE_MODEL_LIST.filter((record) => record.model_id.startsWith('gemma')),
      withoutF16,
    );
    expect(choice).toMatchObject({ ok: false, reason: expect.stringContaining('without shader-f16') });
  });

  it('keeps a preferred model the GPU can run', () => {
    expect(
      chooseWebLlmModel(FAKE_MODEL_LIST, { ...withF16, preferred: 'SmolLM2-360M-Instruct-q4f16_1-MLC' }),
    ).toMatchObject({
      ok: true,
      record: { model_id: 'SmolLM2-360M-Instruct-q4f16_1-MLC' },
    });
  });

  it('swaps a preferred f16 build for its q4f32 twin on a GPU without shader-f16', () => {
    const choice = chooseWebLlmModel(FAKE_MODEL_LIST, {
      ...withoutF16,
      preferred: 'SmolLM2-360M-Instruct-q4f16_1-MLC',
    });
    expect(choice).toMatchObject({
      ok: true,
      record: { model_id: 'SmolLM2-360M-Instruct-q4f32_1-MLC' },
      swappedFrom: 'SmolLM2-360M-Instruct-q4f16_1-MLC',
    });
  });

  it('swaps an f16 build even when web-llm’s record omits required_features', () => {
    // web-llm 0.2.86 lists shader-f16 for SmolLM2 but not for Llama 3.2, Qwen2.5 or Gemma 3.
    const record = FAKE_MODEL_LIST.find((r) => r.model_id === 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC')!;
    expect(record.required_features).toBeUndefined();
    expect(needsShaderF16(record)).toBe(true);
    expect(chosenId(chooseWebLlmModel(FAKE_MODEL_LIST, { ...withoutF16, preferred: record.model_id }))).toBe(
      'Qwen2.5-0.5B-Instruct-q4f32_1-MLC',
    );
  });

  it('refuses a preferred f16 model that has no q4f32 twin, saying why', () => {
    const choice = chooseWebLlmModel(FAKE_MODEL_LIST, { ...withoutF16, preferred: 'gemma3-1b-it-q4f16_1-MLC' });
    expect(choice.ok).toBe(false);
    if (choice.ok) return;
    expect(choice.reason).toContain('gemma3-1b-it-q4f16_1-MLC needs the GPU feature shader-f16');
    expect(choice.reason).toContain('no 32-bit (q4f32) build');
  });

  it('refuses a preferred model needing bigger storage buffers than the GPU allows', () => {
    const choice = chooseWebLlmModel(FAKE_MODEL_LIST, {
      shaderF16: true,
      maxStorageBufferBindingSize: 128 * 1024 ** 2,
      preferred: 'gemma-2b-it-q4f16_1-MLC',
    });
    expect(choice).toMatchObject({
      ok: false,
      reason: expect.stringContaining('needs GPU storage buffers of 250 MB; this GPU allows 128 MB'),
    });
  });

  it('refuses an unknown preferred id and an embedding model', () => {
    expect(chooseWebLlmModel(FAKE_MODEL_LIST, { ...withF16, preferred: 'Nope-1B-q4f16_1-MLC' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('no model called “Nope-1B-q4f16_1-MLC”'),
    });
    expect(
      chooseWebLlmModel(FAKE_MODEL_LIST, { ...withF16, preferred: 'snowflake-arctic-embed-m-q0f32-MLC-b4' }),
    ).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not a chat model'),
    });
  });
});

describe('webLlmModelOptions', () => {
  it('lists both 4-bit builds of the known models, smallest first, when the GPU is unknown', () => {
    const options = webLlmModelOptions(FAKE_MODEL_LIST);
    expect(options[0]).toEqual({
      id: 'SmolLM2-360M-Instruct-q4f16_1-MLC',
      label: 'SmolLM2 360M Instruct (q4f16_1)',
      vramMB: 376,
    });
    expect(options.map((o) => o.vramMB)).toEqual([...options.map((o) => o.vramMB)].sort((a, b) => a - b));
    expect(options.map((o) => o.id)).toContain('Llama-3.2-1B-Instruct-q4f32_1-MLC');
    expect(options.map((o) => o.id)).not.toContain('snowflake-arctic-embed-m-q0f32-MLC-b4');
  });

  it('lists one runnable build per model for a GPU without shader-f16', () => {
    const options = webLlmModelOptions(FAKE_MODEL_LIST, withoutF16);
    expect(options.every((o) => o.id.includes('q4f32'))).toBe(true);
    expect(options.map((o) => o.id)).not.toContain('gemma3-1b-it-q4f16_1-MLC');
    expect(options.find((o) => o.id.startsWith('Llama-3.2-1B'))).toEqual({
      id: 'Llama-3.2-1B-Instruct-q4f32_1-MLC',
      label: 'Llama 3.2 1B Instruct (q4f32_1)',
      vramMB: 1129,
    });
  });

  it('names models readably', () => {
    expect(webLlmModelName('Llama-3.2-1B-Instruct-q4f16_1-MLC')).toBe('Llama 3.2 1B Instruct');
    expect(webLlmModelName('Phi-3.5-mini-instruct-q4f16_1-MLC-1k')).toBe('Phi 3.5 mini instruct');
  });
});
