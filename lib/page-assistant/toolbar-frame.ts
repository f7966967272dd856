import type { FramePort } from './frame-port';
import { reportSize } from './frame-port';
import { createToolbar } from './toolbar';

/**
 * The toolbar frame's document: the buttons the background sends for each selection. A button asks
 * the background for the answer; the card frame shows it.
 */
export function startToolbarFrame(doc: Document, port: FramePort) {
  const toolbar = createToolbar(doc, {
    onAction: (actionId) => port.send({ type: 'action', actionId }),
    onAsk: () => port.send({ type: 'ask-selection' }),
    onClose: () => port.send({ type: 'close' }),
  });
  doc.body.append(toolbar.element);
  port.onMessage((message) => {
    if (message.type === 'toolbar') toolbar.render(message.actions);
  });
  return reportSize(toolbar.element, port, doc.defaultView ?? window);
}
