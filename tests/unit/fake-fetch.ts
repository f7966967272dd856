export interface Call {
  url: string;
  init: RequestInit;
}

/** A fetch that answers by URL, recording every call; `body` closed by the reader counts as the request closed. */
export function fakeFetch(routes: Record<string, (init: RequestInit) => Response | Promise<Response>>) {
  const calls: Call[] = [];
  const fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    calls.push({ url, init });
    const route = routes[url];
    if (!route) throw new TypeError('Failed to fetch');
    return route(init);
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}
