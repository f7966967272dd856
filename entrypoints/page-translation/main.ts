import { FRAME_PORT_NAME } from '@/lib/contracts/page';
import { openFramePort } from '@/lib/page-assistant/frame-port';
import { startTranslationBar } from '@/lib/page-assistant/translation-bar';
import '@/lib/page-assistant/page-assistant.css';

// The page translation's bar, in a frame the page cannot read (lib/page-assistant/translation-bar).
startTranslationBar(document, openFramePort(browser.runtime.connect({ name: FRAME_PORT_NAME })));
