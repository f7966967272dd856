import type { PortLike } from '../rpc/port';

/**
 * Only this extension's own pages may connect: content scripts stream nothing (the page assistant's
 * card is an extension frame). Other extensions and web pages
 * could only reach us through `externally_connectable`, which Inkling does not declare; this check
 * keeps it that way should a future manifest add it.
 */
export function isOwnPort(port: PortLike, portName: string, extensionId: string, extensionOrigin: string): boolean {
  const { sender } = port;
  if (port.name !== portName || sender?.id !== extensionId) return false;
  return sender.url?.startsWith(extensionOrigin) ?? false;
}
