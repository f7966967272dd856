import { readFile } from 'node:fs/promises';

/**
 * The URLs the extension requested, from Chromium's net log (`--log-net-log=FILE`, written out when
 * the browser closes). It sees what page listeners cannot: the service worker's and the pages'
 * fetches. A request is the extension's when it initiated it or it was made in its pages' network
 * partition; Chromium's own (sign-in, component updates) have neither.
 */
export async function extensionRequests(file: string, extensionOrigin: string): Promise<string[]> {
  const log = JSON.parse(await readFile(file, 'utf8')) as {
    constants: { logEventTypes: Record<string, number> };
    events: { type: number; params?: { url?: string; initiator?: string; network_isolation_key?: string } }[];
  };
  const start = log.constants.logEventTypes.URL_REQUEST_START_JOB;
  const urls = log.events
    .filter((event) => event.type === start && event.params?.url)
    .filter(
      ({ params }) =>
        params!.initiator === extensionOrigin || params!.network_isolation_key?.startsWith(extensionOrigin),
    )
    .map((event) => event.params!.url!);
  return [...new Set(urls)];
}
