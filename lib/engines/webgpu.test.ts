import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeGpu } from '../../tests/fakes/fake-mlc-engine';
import { detectWebGpu } from './webgpu';

const strict = { allowFallbackAdapter: false };

describe('detectWebGpu', () => {
  it('refuses a browser without navigator.gpu', async () => {
    const verdict = await detectWebGpu(undefined, strict);
    expect(verdict).toMatchObject({ ok: false, reason: 'This browser has no WebGPU.' });
  });

  describe('in Firefox', () => {
    afterEach(() => vi.unstubAllEnvs());

    it('says Firefox has none on this system, without sending the user to chrome:// pages', async () => {
      vi.stubEnv('FIREFOX', 'true');
      for (const gpu of [undefined, fakeGpu({ adapter: 'none' })]) {
        const verdict = await detectWebGpu(gpu, strict);
        expect(verdict).toMatchObject({ ok: false, reason: 'This Firefox offers no WebGPU on this system.' });
        if (!verdict.ok) expect(verdict.remedy).not.toContain('chrome://');
      }
    });
  });

  it('refuses when requestAdapter() gives null, pointing at hardware acceleration and chrome://gpu', async () => {
    const verdict = await detectWebGpu(fakeGpu({ adapter: 'none' }), strict);
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.reason).toMatch(/^No WebGPU adapter/);
    expect(verdict.remedy).toContain('chrome://settings/system');
    expect(verdict.remedy).toContain('drivers');
    expect(verdict.remedy).toContain('chrome://gpu');
  });

  it('treats a throwing requestAdapter() as no adapter', async () => {
    const verdict = await detectWebGpu(fakeGpu({ adapter: 'throws' }), strict);
    expect(verdict).toMatchObject({ ok: false, reason: expect.stringMatching(/^No WebGPU adapter/) });
  });

  it('refuses a software (SwiftShader) fallback adapter as far too slow', async () => {
    const verdict = await detectWebGpu(fakeGpu({ adapter: 'fallback' }), strict);
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.reason).toContain('software');
    expect(verdict.reason).toContain('SwiftShader');
    expect(verdict.reason).toContain('far too slow');
  });

  it('sees the older adapter.isFallbackAdapter flag too', async () => {
    const verdict = await detectWebGpu(fakeGpu({ adapter: 'fallback', legacyFallbackFlag: true }), strict);
    expect(verdict).toMatchObject({ ok: false, reason: expect.stringContaining('SwiftShader') });
  });

  it('accepts a fallback adapter when the user forces it', async () => {
    const verdict = await detectWebGpu(fakeGpu({ adapter: 'fallback' }), { allowFallbackAdapter: true });
    expect(verdict).toEqual({
      ok: true,
      shaderF16: false,
      isFallbackAdapter: true,
      maxBufferSize: 1073741824,
      maxStorageBufferBindingSize: 1073741824,
      description: 'google swiftshader',
    });
  });

  it('reports shader-f16, limits and a description of a hardware adapter', async () => {
    const withF16 = await detectWebGpu(fakeGpu({ adapter: 'hardware' }), strict);
    expect(withF16).toMatchObject({
      ok: true,
      shaderF16: true,
      isFallbackAdapter: false,
      description: 'nvidia ampere',
    });
    const withoutF16 = await detectWebGpu(fakeGpu({ adapter: 'hardware', shaderF16: false }), strict);
    expect(withoutF16).toMatchObject({ ok: true, shaderF16: false });
  });

  it('asks for the high-performance adapter, as WebLLM does', async () => {
    const gpu = fakeGpu({ adapter: 'hardware' });
    const seen: unknown[] = [];
    const requestAdapter = gpu.requestAdapter.bind(gpu);
    gpu.requestAdapter = (options) => {
      seen.push(options);
      return requestAdapter(options);
    };
    await detectWebGpu(gpu, strict);
    expect(seen).toEqual([{ powerPreference: 'high-performance' }]);
  });

  it('refuses an adapter below the limits WebLLM needs, naming the limit', async () => {
    const verdict = await detectWebGpu(
      fakeGpu({ adapter: 'hardware', limits: { maxStorageBuffersPerShaderStage: 8 } }),
      strict,
    );
    expect(verdict).toMatchObject({
      ok: false,
      reason: expect.stringContaining('maxStorageBuffersPerShaderStage is 8'),
    });
  });
});
