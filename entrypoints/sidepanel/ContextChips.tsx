import { chipKey, offeredTab, type PageContextState } from '@/lib/panel/page-context';

interface ContextChipsProps {
  context: PageContextState;
  onUse(): void;
  onRemove(key: string): void;
}

/** The pages the next question is about, each removable, and the active tab's page on offer. */
export function ContextChips({ context, onUse, onRemove }: ContextChipsProps) {
  const offer = offeredTab(context);
  if (context.chips.length === 0 && !offer) return null;
  const replaces = context.chips.some((chip) => chip.via === 'active');
  return (
    <section class="context-chips" aria-label="Pages this chat is about">
      {context.chips.map((chip) => (
        <span class="chip" key={chipKey(chip)} title={chip.url}>
          <span class="chip-title">{chip.title}</span>
          <button
            type="button"
            class="chip-remove"
            aria-label={`Remove ${chip.title}`}
            onClick={() => onRemove(chipKey(chip))}
          >
            ×
          </button>
        </span>
      ))}
      {offer && (
        <button type="button" class="chip offer" title={offer.url} onClick={onUse}>
          {replaces ? `Use “${offer.title || offer.url}” instead` : `Use this page: ${offer.title || offer.url}`}
        </button>
      )}
    </section>
  );
}
