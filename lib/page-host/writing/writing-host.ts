import type { FromContent, Reply, ToContent } from '../../contracts/page';
import type { WritingTool } from '../../contracts/writing';
import type { Anchor } from '../selection';
import { applyEdit, fieldSelection, fieldText, focusedField, type WritingField } from './field';

export interface WritingHostDeps {
  doc: Document;
  send(message: FromContent): Promise<Reply<unknown>>;
  /** Opens the card next to `at` for the background's pending answer. */
  openCard(at: Anchor): Promise<Reply>;
}

/**
 * The writing tools' part in the page: the field the user is writing in, its text and selection
 * for the background, and the edits the user accepts in the card, made as typing would be.
 */
export function createWritingHost(deps: WritingHostDeps) {
  let field: WritingField | undefined;

  async function start(tool: WritingTool): Promise<Reply> {
    const focused = focusedField(deps.doc);
    if (!focused) return { ok: false, error: 'Click into a text field first, then choose the writing tool again.' };
    field = focused;
    const { start, end } = fieldSelection(focused);
    const reply = await deps.send({ type: 'writing-request', tool, text: fieldText(focused), start, end });
    if (!reply.ok) return reply;
    return deps.openCard({ rect: () => focused.getBoundingClientRect() });
  }

  return {
    receive(message: ToContent): Promise<Reply> | undefined {
      if (message.type === 'writing-tool') return start(message.tool);
      if (message.type !== 'insert-text') return undefined;
      try {
        if (!field) throw new Error('The field is gone. Run the tool again.');
        applyEdit(field, message.edit);
        return Promise.resolve({ ok: true, value: undefined });
      } catch (error) {
        return Promise.resolve({ ok: false, error: error instanceof Error ? error.message : String(error) });
      }
    },
  };
}
