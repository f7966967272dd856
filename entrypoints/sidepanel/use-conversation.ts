import { useEffect, useMemo, useRef, useSyncExternalStore } from 'preact/compat';
import { openConversationStore } from '@/lib/chat/store';
import { createPanelController, type PanelController } from '@/lib/panel/panel-controller';
import { inkling } from '@/lib/stream/runtime-client';
import { useSettings } from './use-settings';

const store = openConversationStore();

/**
 * The panel's controller, made once, and its state: components render it; the background does
 * the work (see lib/chat/panel-controller.ts).
 */
export function useConversation() {
  const settings = useSettings();
  const current = useRef(settings);
  current.current = settings;
  const controller = useMemo<PanelController>(
    () =>
      createPanelController({
        background: inkling,
        store,
        sampling: () => current.current.sampling,
        defaultSystemPrompt: () => current.current.defaultSystemPrompt,
      }),
    [],
  );
  const state = useSyncExternalStore(controller.subscribe, () => controller.state);

  useEffect(() => controller.defaultSystemPromptChanged(), [settings.defaultSystemPrompt]);
  // Tasks for this window (context menu, commands) come to this panel.
  useEffect(() => {
    void browser.windows
      .getCurrent()
      .then(({ id }) => id !== undefined && inkling.takeTasks(id, (task) => void controller.runTask(task)));
  }, []);

  return { ...state, controller };
}
