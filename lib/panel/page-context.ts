import type { Conversation } from '../chat/conversation';
import type { SourceRef, UsedSource } from '../contracts/source';

/** An open tab, as the panel offers it. */
export interface OpenTab {
  tabId: number;
  title: string;
  url: string;
}

/** A page the next question is about, shown as a chip above the message box. */
export interface ContextChip {
  title: string;
  url: string;
  /** 'active': "Use this page", which a newer active page replaces; 'mention': added with `@`. */
  via: 'active' | 'mention';
  ref: SourceRef;
}

export interface PageContextState {
  chips: ContextChip[];
  /** The active tab, offered with "Use this page" when no chip holds it yet. */
  activeTab?: OpenTab;
}

/** The chips' key: one per tab read now, one per source kept. */
export const chipKey = ({ ref }: ContextChip) => (ref.from === 'tab' ? `tab:${ref.tabId}` : `source:${ref.id}`);

/** The active tab when no chip shows its page yet: switching tabs offers the new page. */
export function offeredTab({ chips, activeTab }: PageContextState): OpenTab | undefined {
  if (!activeTab || !/^(https?|file):/.test(activeTab.url)) return undefined;
  return chips.some((chip) => chip.url === activeTab.url) ? undefined : activeTab;
}

const tabChip = (tab: OpenTab, via: ContextChip['via']): ContextChip => ({
  title: tab.title || tab.url,
  url: tab.url,
  via,
  ref: { from: 'tab', tabId: tab.tabId },
});

/**
 * The pages the panel's next question is about, in plain TypeScript. A tab is read by the
 * background when the question is sent; from then on the chip names the source the conversation
 * keeps, so a follow-up is answered from the same text without reading the page again.
 */
export const pageContext = {
  /** "Use this page": the active tab takes the place of the page used before it. */
  useActive(state: PageContextState): ContextChip[] {
    const tab = offeredTab(state);
    if (!tab) return state.chips;
    return [...state.chips.filter((chip) => chip.via !== 'active'), tabChip(tab, 'active')];
  },

  /** `@`: another open tab, beside the others. */
  mention(chips: ContextChip[], tab: OpenTab): ContextChip[] {
    if (chips.some((chip) => chip.url === tab.url)) return chips;
    return [...chips, tabChip(tab, 'mention')];
  },

  remove: (chips: ContextChip[], key: string) => chips.filter((chip) => chipKey(chip) !== key),

  /** After the background read them: the chips name the sources it keeps. */
  stored(chips: ContextChip[], used: readonly UsedSource[]): ContextChip[] {
    return used.map((source, index) => ({
      title: source.title || source.url,
      url: source.url,
      via: chips.find((chip) => chip.url === source.url)?.via ?? chips[index]?.via ?? 'active',
      ref: { from: 'stored', id: source.id },
    }));
  },

  /** The conversation with the sources a question used: named in the question, kept in the conversation. */
  named(conversation: Conversation, questionId: string | undefined, used: readonly UsedSource[]): Conversation {
    const known = (conversation.sources ?? []).filter((source) => !used.some(({ id }) => id === source.id));
    const sources = [...known, ...used.map(({ passages: _passages, ...info }) => info)];
    const turns = conversation.turns.map((turn) =>
      turn.id === questionId && turn.role === 'user'
        ? { ...turn, sources: used.map(({ id, passages }) => ({ id, ...(passages && { passages }) })) }
        : turn,
    );
    return { ...conversation, sources, turns };
  },

  /** An opened conversation goes on about the pages its last question was about. */
  ofConversation(conversation: Conversation): ContextChip[] {
    const last = conversation.turns.findLast((turn) => turn.role === 'user' && turn.sources?.length);
    const ids = last?.role === 'user' ? (last.sources ?? []).map(({ id }) => id) : [];
    const kept = (conversation.sources ?? []).filter((source) => ids.includes(source.id));
    return pageContext.stored([], kept);
  },
};

/** What the user does with the chips, over the panel's state. */
export function contextActions(current: () => PageContextState, update: (context: PageContextState) => void) {
  const setChips = (chips: ContextChip[]) => update({ ...current(), chips });
  return {
    setChips,
    /** The panel's window shows another tab (or the same one with a new page). */
    activeTabChanged: (activeTab: OpenTab | undefined) => update({ ...current(), activeTab }),
    /** "Use this page": the next questions are about the active tab's page. */
    useActivePage: () => setChips(pageContext.useActive(current())),
    /** `@`: another open tab as well. */
    addTab: (tab: OpenTab) => setChips(pageContext.mention(current().chips, tab)),
    removeSource: (key: string) => setChips(pageContext.remove(current().chips, key)),
  };
}
