import { useEffect, useState } from 'preact/hooks';
import type { ConversationStore, ConversationSummary, SearchHit } from '@/lib/chat/store';
import { errorMessage } from '@/lib/contracts/errors';

interface Props {
  store: Promise<ConversationStore>;
  currentId: string;
  /** Changes whenever the open conversation was saved, so the list shows it. */
  revision: unknown;
  onOpen(id: string): void;
  onRename(id: string, title: string): Promise<void>;
  onDeleted(id: string): void;
}

const SEARCH_DELAY_MS = 150;

/** Saved conversations, newest first: search, open, rename, delete. */
export function ConversationList({ store, currentId, revision, onOpen, onRename, onDeleted }: Props) {
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<(ConversationSummary | SearchHit)[]>();
  const [error, setError] = useState<string>();
  const [reload, setReload] = useState(0);

  useEffect(() => {
    const timer = setTimeout(
      () => {
        store
          .then((opened) => (query.trim() ? opened.search(query.trim()) : opened.list()))
          .then((found) => {
            setItems(found);
            setError(undefined);
          })
          .catch((failure: unknown) => setError(errorMessage(failure)));
      },
      query ? SEARCH_DELAY_MS : 0,
    );
    return () => clearTimeout(timer);
  }, [store, query, reload, revision]);

  const change = async (action: (opened: ConversationStore) => Promise<unknown>) => {
    try {
      await action(await store);
      setReload((current) => current + 1);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  return (
    <nav class="conversations" aria-label="Conversations">
      <input
        type="search"
        aria-label="Search conversations"
        placeholder="Search conversations"
        value={query}
        onInput={(event) => setQuery(event.currentTarget.value)}
      />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {items?.length === 0 && <p class="hint">{query ? 'No conversation matches.' : 'No saved conversations yet.'}</p>}
      <ul>
        {items?.map((item) => (
          <ConversationItem
            key={item.id}
            item={item}
            current={item.id === currentId}
            onOpen={() => onOpen(item.id)}
            onRename={(title) => void onRename(item.id, title).then(() => setReload((current) => current + 1))}
            onDelete={() => void change((opened) => opened.remove(item.id)).then(() => onDeleted(item.id))}
          />
        ))}
      </ul>
    </nav>
  );
}

interface ItemProps {
  item: ConversationSummary | SearchHit;
  current: boolean;
  onOpen(): void;
  onRename(title: string): void;
  onDelete(): void;
}

function ConversationItem({ item, current, onOpen, onRename, onDelete }: ItemProps) {
  const [renaming, setRenaming] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const detail = 'snippet' in item ? item.snippet : item.preview;

  if (renaming !== undefined) {
    return (
      <li>
        <form
          class="rename"
          onSubmit={(event) => {
            event.preventDefault();
            onRename(renaming);
            setRenaming(undefined);
          }}
        >
          <input aria-label="New title" value={renaming} onInput={(event) => setRenaming(event.currentTarget.value)} />
          <button type="submit">Save</button>
          <button type="button" class="quiet" onClick={() => setRenaming(undefined)}>
            Cancel
          </button>
        </form>
      </li>
    );
  }
  return (
    <li class={current ? 'current' : undefined}>
      <button
        type="button"
        class="open"
        onClick={onOpen}
        aria-current={current ? 'true' : undefined}
        aria-label={`Open ${item.title}`}
      >
        <span class="title">{item.title}</span>
        {detail && <span class="detail">{detail}</span>}
        <span class="date">{new Date(item.updatedAt).toLocaleString()}</span>
      </button>
      <div class="item-actions">
        <button
          type="button"
          class="quiet small"
          onClick={() => setRenaming(item.title)}
          aria-label={`Rename ${item.title}`}
        >
          Rename
        </button>
        {confirming ? (
          <button type="button" class="danger small" onClick={onDelete} aria-label={`Really delete ${item.title}`}>
            Delete for good
          </button>
        ) : (
          <button
            type="button"
            class="quiet small"
            onClick={() => setConfirming(true)}
            aria-label={`Delete ${item.title}`}
          >
            Delete
          </button>
        )}
      </div>
    </li>
  );
}
