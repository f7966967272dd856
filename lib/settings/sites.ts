import type { Settings } from './settings';
import type { SiteAccess } from '../contracts/page';

/** Settings' own rule for a site (SiteSchema): a host name of letters, digits and hyphens. */
const HOST_NAME = /^(?:[a-z0-9-]+\.)*[a-z0-9-]+$/;
/** SettingsSchema's limit: a longer list would fail validation and the whole group would reset. */
export const MAX_BLOCKED_SITES = 500;

/**
 * A page's host name as a blockable site ("Example.COM." → "example.com"); undefined for pages without one (file:,
 * IPv6).
 */
export function siteOf(hostname: string): string | undefined {
  const site = hostname.trim().toLowerCase().replace(/\.$/, '');
  return HOST_NAME.test(site) ? site : undefined;
}

/** A blocked site covers itself and its subdomains: "example.com" blocks "mail.example.com", not "notexample.com". */
export function isBlockedSite(hostname: string, blockedSites: readonly string[]): boolean {
  const host = hostname.trim().toLowerCase().replace(/\.$/, '');
  if (!host) return false;
  return blockedSites.some((blocked) => {
    const site = blocked.trim().toLowerCase().replace(/\.$/, '');
    return site !== '' && (host === site || host.endsWith(`.${site}`));
  });
}

/** Whether the assistant may show anything on this host at all. */
export function isAssistantAllowed(settings: Settings, hostname: string): boolean {
  return settings.pageAssistant.enabled && !isBlockedSite(hostname, settings.pageAssistant.blockedSites);
}

/** The settings with `hostname` added to the blocked sites, or a sentence saying why it cannot be. */
export function withSiteBlocked(
  settings: Settings,
  hostname: string,
): { ok: true; settings: Settings } | { ok: false; error: string } {
  const site = siteOf(hostname);
  if (!site)
    return {
      ok: false,
      error: 'This page has no site name to block. Turn the page assistant off in Inkling’s options instead.',
    };
  const { blockedSites } = settings.pageAssistant;
  if (isBlockedSite(site, blockedSites)) return { ok: true, settings };
  if (blockedSites.length >= MAX_BLOCKED_SITES) {
    return {
      ok: false,
      error: `The list of blocked sites is full (${MAX_BLOCKED_SITES}). Remove some in Inkling’s options first.`,
    };
  }
  return {
    ok: true,
    settings: { ...settings, pageAssistant: { ...settings.pageAssistant, blockedSites: [...blockedSites, site] } },
  };
}

/** What the content script of a page at `pageUrl` may show: it cannot read the settings itself. */
export function siteAccess(settings: Settings, pageUrl: string): SiteAccess {
  const assistant = isAssistantAllowed(settings, hostnameOf(pageUrl));
  return { assistant, toolbar: assistant && settings.pageAssistant.showToolbar };
}

/** The host name of a page's address; '' when it has none or is not an address. */
export function hostnameOf(pageUrl: string): string {
  try {
    return new URL(pageUrl).hostname;
  } catch {
    return '';
  }
}
