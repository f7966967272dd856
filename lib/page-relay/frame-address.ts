import { FRAME_PAGES, type FrameKind } from '../contracts/page';

export interface FrameAddress {
  kind: FrameKind;
  /** The name the content script gave this frame (its address's fragment). */
  name: string;
}

/**
 * Which of the content script's frames a port comes from, read from the address the browser reports
 * for the sender (not from anything the frame says): `chrome-extension://ID/page-card.html#NAME`.
 * Undefined for any other page of the extension.
 */
export function frameAddress(senderUrl: string | undefined, extensionOrigin: string): FrameAddress | undefined {
  if (!senderUrl?.startsWith(extensionOrigin)) return undefined;
  let url: URL;
  try {
    url = new URL(senderUrl);
  } catch {
    return undefined;
  }
  const kind = (Object.keys(FRAME_PAGES) as FrameKind[]).find((candidate) => FRAME_PAGES[candidate] === url.pathname);
  const name = url.hash.slice(1);
  return kind && /^[0-9a-f]{32}$/.test(name) ? { kind, name } : undefined;
}
