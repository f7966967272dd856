import { describe, expect, it } from 'vitest';
import { contextActions, offeredTab, type PageContextState } from './page-context';

const otters = { tabId: 1, title: 'Otters', url: 'https://example.com/otters' };
const ferries = { tabId: 2, title: 'Ferries', url: 'https://example.com/ferries' };

function chips() {
  let state: PageContextState = { chips: [] };
  const actions = contextActions(
    () => state,
    (next) => (state = next),
  );
  return { actions, state: () => state };
}

describe('the pages a question is about', () => {
  it('offers the active page, and after a switch the new one in place of the old', () => {
    const { actions, state } = chips();
    actions.activeTabChanged(otters);
    expect(offeredTab(state())).toEqual(otters);
    actions.useActivePage();
    expect(state().chips.map((chip) => chip.title)).toEqual(['Otters']);
    expect(offeredTab(state())).toBeUndefined();

    actions.activeTabChanged(ferries);
    expect(offeredTab(state())).toEqual(ferries);
    // Until the user takes it, the chip still says which page the next question is about.
    expect(state().chips.map((chip) => chip.title)).toEqual(['Otters']);
    actions.useActivePage();
    expect(state().chips.map((chip) => chip.ref)).toEqual([{ from: 'tab', tabId: 2 }]);
  });

  it('keeps pages added with @ beside the active one, once each, and removes one on request', () => {
    const { actions, state } = chips();
    actions.activeTabChanged(otters);
    actions.useActivePage();
    actions.addTab(ferries);
    actions.addTab(ferries);
    expect(state().chips.map((chip) => [chip.title, chip.via])).toEqual([
      ['Otters', 'active'],
      ['Ferries', 'mention'],
    ]);
    actions.removeSource('tab:1');
    expect(state().chips.map((chip) => chip.title)).toEqual(['Ferries']);
  });

  it('offers no browser page and no page already attached', () => {
    const { actions, state } = chips();
    actions.activeTabChanged({ tabId: 3, title: 'Extensions', url: 'chrome://extensions/' });
    expect(offeredTab(state())).toBeUndefined();
    actions.activeTabChanged(otters);
    actions.addTab(otters);
    expect(offeredTab(state())).toBeUndefined();
  });
});
