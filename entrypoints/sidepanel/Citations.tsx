import type { Citation, SourceInfo } from '@/lib/contracts/source';

interface CitationsProps {
  citations: Citation[];
  sources: SourceInfo[];
  onShow(citation: Citation): void;
}

/**
 * An answer's quotes: the ones found in their page as numbered citations that show the words in the
 * page; the others flagged, so that words the page does not hold are never presented as its own.
 */
export function Citations({ citations, sources, onShow }: CitationsProps) {
  const found = citations.filter((citation) => citation.found);
  const missing = citations.filter((citation) => !citation.found);
  const title = (citation: Citation) => {
    const source = sources.find(({ id }) => id === citation.sourceId);
    return source?.title || source?.url || 'the page';
  };
  return (
    <section class="citations" aria-label="Quotes from the pages">
      {found.length > 0 && (
        <ol>
          {found.map((citation, index) => (
            <li key={index}>
              <button type="button" class="citation" onClick={() => onShow(citation)}>
                “{citation.text}”
              </button>{' '}
              <span class="citation-source">
                ({title(citation)}
                {citation.page && `, page ${citation.page}`})
              </span>
            </li>
          ))}
        </ol>
      )}
      {missing.map((citation, index) => (
        <p key={index} class="unverified">
          “{citation.text}” <strong>not found in the page</strong>
        </p>
      ))}
    </section>
  );
}
