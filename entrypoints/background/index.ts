import { BuiltinEngine } from '@/lib/engines/builtin';
import { EnginePicker } from '@/lib/engines/picker';
import { PORT_NAME } from '@/lib/stream/protocol';
import { isOwnPort } from '@/lib/stream/sender';
import { createStreamServer } from '@/lib/stream/server';
import { keepAliveWhileBusy } from './keep-alive';

export default defineBackground(() => {
  // The toolbar icon opens the side panel; Chrome remembers this, setting it on every start is cheap.
  browser.sidePanel.setPanelBehavior({ openPanelOnActionClick: true }).catch((error: unknown) => console.error(error));

  const server = createStreamServer({
    picker: new EnginePicker([new BuiltinEngine()]),
    onBusyChange: keepAliveWhileBusy(),
  });

  browser.runtime.onConnect.addListener((port) => {
    if (isOwnPort(port, PORT_NAME, browser.runtime.id, browser.runtime.getURL('/'))) server.connect(port);
    else port.disconnect();
  });
});
