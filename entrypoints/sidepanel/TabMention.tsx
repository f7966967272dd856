import type { OpenTab } from '@/lib/panel/page-context';

interface TabMentionProps {
  tabs: OpenTab[];
  /** The highlighted one, which Enter picks. */
  choice: number;
  onPick(tab: OpenTab): void;
}

export const TAB_LIST_ID = 'open-tabs';
export const tabOptionId = (index: number) => `open-tab-${index}`;

/** The open tabs `@` offers, above the message box; the arrows move through it, Enter picks. */
export function TabMention({ tabs, choice, onPick }: TabMentionProps) {
  return (
    <div class="tab-mention" id={TAB_LIST_ID} role="listbox" aria-label="Open tabs">
      {tabs.length === 0 && <p class="empty">No other open tab with a page.</p>}
      {tabs.map((tab, index) => (
        <div
          key={tab.tabId}
          tabIndex={-1}
          id={tabOptionId(index)}
          role="option"
          aria-selected={index === choice}
          title={tab.url}
          // Before the message box loses its focus, so that typing goes on there.
          onMouseDown={(event) => {
            event.preventDefault();
            onPick(tab);
          }}
        >
          {tab.title || tab.url}
        </div>
      ))}
    </div>
  );
}
