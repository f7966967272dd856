import { FRAME_PORT_NAME } from '@/lib/contracts/page';
import { openFramePort } from '@/lib/page-assistant/frame-port';
import { startToolbarFrame } from '@/lib/page-assistant/toolbar-frame';
import '@/lib/page-assistant/page-assistant.css';

// The toolbar next to a selection, in a frame the page cannot read (lib/page-assistant/toolbar-frame).
startToolbarFrame(document, openFramePort(browser.runtime.connect({ name: FRAME_PORT_NAME })));
