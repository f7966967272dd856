import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { DEFAULT_SETTINGS, migrateToVersion2, QuickActionSchema, readSettings, SiteSchema } from './settings';

describe('settings', () => {
  it('reads back what was stored when it is valid', () => {
    const stored = { ...DEFAULT_SETTINGS, engine: 'cpu', sampling: { temperature: 0 } };
    expect(readSettings(stored)).toEqual(stored);
  });

  it('keeps the valid groups of a damaged value and takes the defaults for the others', () => {
    const settings = readSettings({
      ...DEFAULT_SETTINGS,
      engine: 'quantum',
      cpuModel: { name: 'Mine', url: 'https://example.com/m.gguf' },
    });
    expect(settings.engine).toBe('auto');
    expect(settings.cpuModel).toEqual({ name: 'Mine', url: 'https://example.com/m.gguf' });
  });

  it('keeps a server without the address’s trailing slash, and drops a damaged one', () => {
    const server = { address: 'http://gpu-box.lan:8000/v1/', kind: 'openai', model: 'qwen', stallSeconds: 60 };
    expect(readSettings({ ...DEFAULT_SETTINGS, server }).server).toEqual({
      ...server,
      address: 'http://gpu-box.lan:8000/v1',
    });
    const damaged = readSettings({ ...DEFAULT_SETTINGS, server: { ...server, kind: 'gopher' } });
    expect(damaged.server).toBeUndefined();
    expect(damaged.cpuModel).toEqual(DEFAULT_SETTINGS.cpuModel);
  });

  it('takes the defaults for something that is not settings at all', () => {
    expect(readSettings('garbage')).toEqual(DEFAULT_SETTINGS);
    expect(readSettings(null)).toEqual(DEFAULT_SETTINGS);
  });

  it('refuses a CPU model address that is not http(s)', () => {
    const settings = readSettings({ ...DEFAULT_SETTINGS, cpuModel: { name: 'Bad', url: 'file:///etc/passwd' } });
    expect(settings.cpuModel).toEqual(DEFAULT_SETTINGS.cpuModel);
  });

  it('migrates version 1 settings, keeping what the user set', () => {
    const version1 = {
      engine: 'cpu',
      cpuModel: { name: 'Mine', url: 'http://127.0.0.1:8080/m.gguf' },
      allowSoftwareWebGpu: true,
      engineIdleMinutes: 3,
      sampling: { maxTokens: 64 },
    };
    const migrated = migrateToVersion2(version1);
    expect(migrated).toMatchObject(version1);
    expect(migrated.quickActions).toEqual(DEFAULT_SETTINGS.quickActions);
    expect(migrated.pageAssistant).toEqual({ enabled: true, showToolbar: true, blockedSites: [] });
  });

  it('a quick action must say where the text goes', () => {
    const result = v.safeParse(QuickActionSchema, { id: 'x', label: 'Shout', prompt: 'SHOUT IT', hidden: false });
    expect(result.success).toBe(false);
    expect(result.issues?.[0].message).toBe('The prompt must contain {text}, where the selected text goes.');
  });

  it('sites are host names, lower-cased', () => {
    expect(v.parse(SiteSchema, ' News.Example.COM ')).toBe('news.example.com');
    expect(v.safeParse(SiteSchema, 'https://example.com/page').success).toBe(false);
  });
});
