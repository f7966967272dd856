import type { SourceInfo, TurnSource } from '@/lib/contracts/source';

/** The pages a question was about, named, with how much of each was read when not all of it fitted. */
export function TurnSources({ used, sources }: { used: readonly TurnSource[]; sources: readonly SourceInfo[] }) {
  const named = used.flatMap(({ id, passages }) => {
    const source = sources.find((candidate) => candidate.id === id);
    return source ? [{ ...source, passages }] : [];
  });
  if (named.length === 0) return null;
  return (
    <ul class="turn-sources" aria-label="Pages this question is about">
      {named.map((source) => (
        <li key={source.id} title={source.url}>
          <span class="source-title">{source.title || source.url}</span>
          {source.passages && (
            <span class="passages">
              {' '}
              (read {source.passages.read} of {source.passages.of} passages
              {source.passages.byMeaning ? ', chosen by meaning and words' : ''})
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
