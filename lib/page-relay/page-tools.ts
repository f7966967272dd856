import type { FromContent, FromFrame, Reply } from '../contracts/page';
import type { WritingResult } from '../contracts/writing';
import { hostnameOf, withSiteBlocked } from '../settings/sites';
import type { RelayContext, TabFrames } from './tab-frames';

const HIDDEN_TOOLBAR_NOTICE = 'The toolbar is off. Turn it on again in Inkling’s options.';

type Outcome = { text?: string; result?: WritingResult };
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The page's tools as the relay carries them: a page's translation (the content script hands over
 * paragraphs, the bar shows how it goes), the writing tools (the card asks, the content script edits
 * the field), and the card's requests for settings and the side panel.
 */
export function createPageTools({ deps, send, slotFor }: RelayContext) {
  async function translationStart(tabId: number, state: TabFrames, message: Extract<FromContent, { frame: string }>) {
    if (message.type !== 'translation-start') return { ok: false, error: 'Not a translation.' } as const;
    const bar = slotFor(tabId, state, 'translation', message.frame);
    try {
      state.plan = await deps.translation.start(tabId, message);
      send(bar, { type: 'translation', plan: state.plan, progress: { done: 0, total: 0, state: 'translating' } });
      return { ok: true, value: state.plan } as const;
    } catch (error) {
      const failed = { done: 0, total: 0, state: 'failed', error: errorText(error) } as const;
      send(bar, { type: 'translation', plan: { target: '', by: '' }, progress: failed });
      return { ok: false, error: errorText(error) } as const;
    }
  }

  /** A content script's message for a tool. */
  async function fromContent(tabId: number, state: TabFrames, message: FromContent): Promise<Reply<unknown>> {
    switch (message.type) {
      case 'translation-start':
        return translationStart(tabId, state, message);
      case 'translate-paragraphs':
        return { ok: true, value: await deps.translation.translate(tabId, message.paragraphs) };
      case 'translation-progress':
        state.progress = message.progress;
        if (state.translation && state.plan)
          send(state.translation, { type: 'translation', plan: state.plan, progress: message.progress });
        return { ok: true, value: undefined };
      case 'writing-request': {
        const { tool, text, start, end } = message;
        state.pending = { kind: 'writing', tool, text, start, end };
        return { ok: true, value: undefined };
      }
      default:
        return { ok: false, error: 'Inkling does not know this message.' };
    }
  }

  /** A frame's request: what to show in reply. */
  async function request(tabId: number, state: TabFrames, message: FromFrame): Promise<Outcome> {
    switch (message.type) {
      case 'block-site': {
        const next = withSiteBlocked(await deps.settings(), hostnameOf(state.pageUrl));
        if (!next.ok) throw new Error(next.error);
        await deps.saveSettings(next.settings);
        return {};
      }
      case 'hide-toolbar': {
        const current = await deps.settings();
        await deps.saveSettings({ ...current, pageAssistant: { ...current.pageAssistant, showToolbar: false } });
        return { text: HIDDEN_TOOLBAR_NOTICE };
      }
      case 'continue-in-panel': {
        const { answerId, shownChars, panelOpened } = message;
        await deps.continueInPanel({ tabId, windowId: state.windowId, answerId, shownChars, panelOpened });
        return {};
      }
      case 'writing-run': {
        const { id: _id, type: _type, ...writing } = message;
        return { result: await deps.writing.run(tabId, writing) };
      }
      case 'writing-insert': {
        const reply = (await deps.sendToTab(tabId, { type: 'insert-text', edit: message.edit })) as Reply | undefined;
        if (!reply?.ok) throw new Error(reply?.error ?? 'The page did not answer. Reload it and try again.');
        return {};
      }
      default:
        return {};
    }
  }

  return {
    fromContent,
    /** Runs a frame's request and sends the frame its reply. */
    async reply(tabId: number, state: TabFrames, message: Extract<FromFrame, { id: number }>) {
      const slot = state.card;
      if (!slot) return;
      try {
        const outcome = await request(tabId, state, message);
        send(slot, { type: 'reply', id: message.id, ok: true, ...outcome });
      } catch (error) {
        send(slot, { type: 'reply', id: message.id, ok: false, text: errorText(error) });
      }
    },
    /** The translation bar's buttons, and Stop for a writing tool. */
    async notice(tabId: number, state: TabFrames, message: FromFrame) {
      if (message.type === 'writing-stop') return deps.writing.stop(tabId);
      if (message.type !== 'translation-action') return;
      if (message.action === 'use-translator') {
        const progress = state.progress ?? { done: 0, total: 0, state: 'translating' as const };
        try {
          state.plan = await deps.translation.useTranslator(tabId);
          if (state.translation) send(state.translation, { type: 'translation', plan: state.plan, progress });
        } catch (error) {
          const failed = { ...progress, error: errorText(error) };
          if (state.translation && state.plan)
            send(state.translation, { type: 'translation', plan: state.plan, progress: failed });
        }
        return;
      }
      if (message.action === 'stop' || message.action === 'restore') deps.translation.stop(tabId);
      void deps.sendToTab(tabId, { type: 'translation-action', action: message.action }).catch(() => {});
    },
  };
}
