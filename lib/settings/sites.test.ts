import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SettingsSchema, type Settings } from './settings';
import * as v from 'valibot';
import { isAssistantAllowed, isBlockedSite, MAX_BLOCKED_SITES, siteOf, withSiteBlocked } from './sites';

const withAssistant = (pageAssistant: Partial<Settings['pageAssistant']>): Settings => ({
  ...DEFAULT_SETTINGS,
  pageAssistant: { ...DEFAULT_SETTINGS.pageAssistant, ...pageAssistant },
});

describe('isBlockedSite', () => {
  it('blocks the site itself and its subdomains', () => {
    expect(isBlockedSite('example.com', ['example.com'])).toBe(true);
    expect(isBlockedSite('mail.example.com', ['example.com'])).toBe(true);
    expect(isBlockedSite('a.b.example.com', ['example.com'])).toBe(true);
  });

  it('does not block look-alikes, parents or other sites', () => {
    expect(isBlockedSite('notexample.com', ['example.com'])).toBe(false);
    expect(isBlockedSite('example.com.evil.net', ['example.com'])).toBe(false);
    expect(isBlockedSite('example.com', ['mail.example.com'])).toBe(false);
    expect(isBlockedSite('example.org', ['example.com'])).toBe(false);
    expect(isBlockedSite('example.com', [])).toBe(false);
  });

  it('ignores case and a trailing dot', () => {
    expect(isBlockedSite('Mail.Example.COM.', ['example.com'])).toBe(true);
    expect(isBlockedSite('mail.example.com', ['EXAMPLE.com'])).toBe(true);
  });

  it('never blocks a page without a host name by an empty entry', () => {
    expect(isBlockedSite('', ['example.com'])).toBe(false);
    expect(isBlockedSite('example.com', [''])).toBe(false);
  });
});

describe('isAssistantAllowed', () => {
  it('is off when the assistant is off, or on a blocked site', () => {
    expect(isAssistantAllowed(withAssistant({}), 'example.com')).toBe(true);
    expect(isAssistantAllowed(withAssistant({ enabled: false }), 'example.com')).toBe(false);
    expect(isAssistantAllowed(withAssistant({ blockedSites: ['example.com'] }), 'docs.example.com')).toBe(false);
  });
});

describe('withSiteBlocked', () => {
  it('adds the page’s host name, in the form the settings accept', () => {
    const result = withSiteBlocked(withAssistant({ blockedSites: ['a.org'] }), 'News.Example.com');
    expect(result.ok && result.settings.pageAssistant.blockedSites).toEqual(['a.org', 'news.example.com']);
    expect(result.ok && v.is(SettingsSchema, result.settings)).toBe(true);
  });

  it('leaves a site that is already covered alone', () => {
    const settings = withAssistant({ blockedSites: ['example.com'] });
    expect(withSiteBlocked(settings, 'www.example.com')).toEqual({ ok: true, settings });
  });

  it('refuses what would make the settings invalid (and reset): no host name, a full list', () => {
    expect(siteOf('')).toBeUndefined();
    expect(siteOf('[::1]')).toBeUndefined();
    expect(withSiteBlocked(withAssistant({}), '').ok).toBe(false);
    const full = withAssistant({ blockedSites: Array.from({ length: MAX_BLOCKED_SITES }, (_, i) => `site${i}.com`) });
    const result = withSiteBlocked(full, 'example.com');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/full/);
  });
});
