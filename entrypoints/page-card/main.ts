import { openSidePanel } from '@/lib/browser/side-panel';
import { FRAME_PORT_NAME } from '@/lib/contracts/page';
import { startCardFrame } from '@/lib/page-assistant/card-frame';
import { openFramePort } from '@/lib/page-assistant/frame-port';
import { loadSettings, watchSettings } from '@/lib/settings/settings-item';
import type { SamplingOptions } from '@/lib/contracts/engine';
import { inkling } from '@/lib/stream/runtime-client';
import '@/lib/page-assistant/page-assistant.css';
import '@/lib/markdown/markdown.css';

// The answer card and question box, in a frame the page cannot read (lib/page-assistant/card-frame).
let sampling: SamplingOptions = {};
watchSettings((settings) => (sampling = settings.sampling));

// The card starts once the settings are read: the first answer would otherwise ignore the user's
// sampling settings (length, temperature). Unreadable settings leave the defaults.
void loadSettings()
  .then(
    (settings) => (sampling = settings.sampling),
    () => undefined,
  )
  .then(() =>
    startCardFrame(document, openFramePort(browser.runtime.connect({ name: FRAME_PORT_NAME })), {
      run: inkling.runTask,
      openPanel: openSidePanel,
      generateOptions: () => ({ ...sampling }),
    }),
  );
