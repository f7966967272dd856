import { createElement } from './elements';

/** A table's parts, made as its rows arrive: the first row is the header, the others share one body. */
export interface TableParts {
  table: HTMLElement;
  head?: HTMLElement;
  body?: HTMLElement;
}

/** Places a new row; returns whether it is the header row. */
export function placeRow(doc: Document, parts: TableParts, tr: HTMLElement): boolean {
  if (!parts.head && !parts.body) {
    parts.head = parts.table.appendChild(createElement(doc, 'thead'));
    parts.head.append(tr);
    return true;
  }
  tableBody(doc, parts).append(tr);
  return false;
}

function tableBody(doc: Document, parts: TableParts): HTMLElement {
  parts.body ??= parts.table.appendChild(createElement(doc, 'tbody'));
  return parts.body;
}

/**
 * smd sometimes puts text or a span straight into a table, a row or a list (a row without a
 * leading "|", for one). There it would render outside any cell, so it gets a cell or an item.
 */
export function createStrayContainer(
  doc: Document,
  parent: HTMLElement,
  parts: TableParts | undefined,
  headerRow: boolean,
): HTMLElement {
  switch (parent.localName) {
    case 'table': {
      const tr = createElement(doc, 'tr');
      if (parts) tableBody(doc, parts).append(tr);
      else parent.append(tr);
      return tr.appendChild(createElement(doc, 'td'));
    }
    case 'tr':
      return parent.appendChild(createElement(doc, headerRow ? 'th' : 'td'));
    default:
      return parent.appendChild(createElement(doc, 'li'));
  }
}
