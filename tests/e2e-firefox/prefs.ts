/**
 * What puppeteer's own prefs leave on and this closed network would make Firefox retry: remote
 * settings, telemetry pings, captive portal and connectivity checks, DNS prefetch.
 * `services.settings.server` is honoured only with MOZ_REMOTE_SETTINGS_DEVTOOLS=1 in the
 * environment (Firefox ignores it otherwise, since 139).
 */
export const QUIET_PREFS = {
  'services.settings.server': 'http://127.0.0.1:9/',
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.server': '',
  'browser.ping-centre.telemetry': false,
  'app.shield.optoutstudies.enabled': false,
  'extensions.systemAddon.update.enabled': false,
  'extensions.blocklist.enabled': false,
  'browser.region.network.url': '',
  'browser.topsites.contile.enabled': false,
  'identity.fxaccounts.enabled': false,
} as const satisfies Record<string, string | boolean>;
