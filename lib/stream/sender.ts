import type { PortLike } from '../rpc/port';

/**
 * Only this extension's own pages and content scripts may connect. Other extensions and web pages
 * could only reach us through `externally_connectable`, which Inkling does not declare; this check
 * keeps it that way should a future manifest add it.
 */
export function isOwnPort(port: PortLike, portName: string, extensionId: string, extensionOrigin: string): boolean {
  const { sender } = port;
  if (port.name !== portName || sender?.id !== extensionId) return false;
  // Content scripts speak from a tab; extension pages from our own origin.
  return sender.tab !== undefined || (sender.url?.startsWith(extensionOrigin) ?? false);
}
