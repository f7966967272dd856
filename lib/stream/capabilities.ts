import { FRAME_PAGES } from '../contracts/page';
import type { ClientMessage } from '../contracts/protocol';
import type { PortLike } from '../rpc/port';

/** Who is at the other end of a port that passed `isOwnPort`. */
export type SenderRole = 'extension-page' | 'page-frame';

/**
 * The page assistant's frames are Inkling's documents, but they sit inside pages Inkling does not
 * control: they get what the page's card needs, no more. The address tells them from the panel.
 */
export function senderRole(port: PortLike, extensionOrigin: string): SenderRole {
  const url = port.sender?.url ?? '';
  const framePages = Object.values(FRAME_PAGES).map((path) => new URL(path, extensionOrigin).href);
  return framePages.some((page) => url === page || url.startsWith(`${page}#`) || url.startsWith(`${page}?`))
    ? 'page-frame'
    : 'extension-page';
}

const anyone = () => true;
const extensionPages = (role: SenderRole) => role === 'extension-page';

/**
 * Each message is accepted only from the senders that need it. The page's card may ask for answers
 * on its own port and for the status, but not take the panel's tasks (another tab's text), start
 * or stop the user's downloads, or write into the stored conversations.
 */
const CAPABILITIES = {
  start: anyone,
  // A conversation's question and answer are stored: for the side panel only.
  run: (role, { task }) => role === 'extension-page' || task.kind !== 'chat',
  watch: extensionPages,
  'stop-answer': extensionPages,
  cancel: anyone,
  status: anyone,
  prepare: extensionPages,
  'cancel-prepare': extensionPages,
  'panel-ready': extensionPages,
  // Switches tabs and reads the stored conversations: for the side panel only.
  'show-quote': extensionPages,
} satisfies {
  [K in ClientMessage['type']]: (role: SenderRole, message: Extract<ClientMessage, { type: K }>) => boolean;
};

/** True, or why the sender may not send this message. */
export function allows(role: SenderRole, message: ClientMessage): true | string {
  const rule = CAPABILITIES[message.type] as (role: SenderRole, message: ClientMessage) => boolean;
  if (rule(role, message)) return true;
  return message.type === 'run'
    ? 'Only Inkling’s own pages may write conversations.'
    : `Only Inkling’s own pages may send “${message.type}”.`;
}
