/**
 * Access to exactly the server's origin, asked when the user tests or saves it (the manifest only
 * lists what may be asked, in optional_host_permissions). `request` must be the first call in a
 * click's handler: after an await the browser no longer sees the user's gesture.
 */
export function originPattern(origin: string): string {
  return `${origin}/*`;
}

export function requestServerAccess(origin: string): Promise<boolean> {
  return browser.permissions.request({ origins: [originPattern(origin)] });
}

export async function dropServerAccess(origin: string): Promise<void> {
  await browser.permissions.remove({ origins: [originPattern(origin)] }).catch(() => false);
}

/** The origin of what the user typed, or undefined while it is not an http(s) address yet. */
export function originOf(address: string): string | undefined {
  try {
    const url = new URL(address.trim());
    return /^https?:$/.test(url.protocol) ? url.origin : undefined;
  } catch {
    return undefined;
  }
}
