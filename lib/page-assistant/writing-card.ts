import type { Correction, FieldEdit, WritingRequest, WritingResult, WritingTool } from '../contracts/writing';
import { applyCorrections } from '../writing/corrections';
import { button, el } from './dom';
import { plainMessage } from './replies';

export const WRITING_TITLES = { proofread: 'Proofread', rewrite: 'Rewrite', write: 'Write' } as const;
export const APPLY_LABEL = 'Apply';
export const APPLY_ALL_LABEL = 'Apply all';
export const INSTRUCTION_LABEL = 'What to write';

export interface WritingCardDeps {
  tool: WritingTool;
  /** The field's text, and what was selected in it ([start, end); the caret when equal). */
  text: string;
  start: number;
  end: number;
  run(request: WritingRequest): Promise<WritingResult>;
  stop(): void;
  /** Makes the edit in the field; rejects with why it could not. */
  insert(edit: FieldEdit): Promise<void>;
  onClose(): void;
}

const select = (doc: Document, label: string, options: Record<string, string>) =>
  el(
    doc,
    'select',
    { attrs: { 'aria-label': label } },
    Object.entries(options).map(([value, text]) => el(doc, 'option', { text, attrs: { value } })),
  );

/**
 * A writing tool's card: Proofread lists each correction to apply on its own or all at once;
 * Rewrite (tone, length) and Write (an instruction) preview their text. Nothing reaches the field
 * before the user accepts it, and then it goes in as typing would, so the field's undo takes it back.
 */
export function createWritingCard(doc: Document, deps: WritingCardDeps) {
  const whole = deps.start === deps.end && deps.tool !== 'write';
  const from = whole ? 0 : deps.start;
  const to = whole ? deps.text.length : deps.end;
  const source = deps.text.slice(from, to);
  /** The range's text as it is now in the field, with the corrections applied so far. */
  let current = source;
  const applied: Correction[] = [];
  let running = false;

  const title = el(doc, 'h2', { class: 'title', text: WRITING_TITLES[deps.tool] });
  const close = button(doc, '×', () => deps.onClose(), { class: 'icon', label: 'Close' });
  const status = el(doc, 'div', { class: 'status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const error = el(doc, 'div', { class: 'error', attrs: { role: 'alert' } });
  const result = el(doc, 'div', { class: 'answer', attrs: { role: 'region', 'aria-label': 'Result' } });
  const by = el(doc, 'div', { class: 'metrics' });
  const stop = button(doc, 'Stop', () => deps.stop());
  const accept = button(doc, deps.tool === 'write' ? 'Insert' : 'Replace', () => void acceptText());
  const applyAll = button(doc, APPLY_ALL_LABEL, () => void applyEverything());
  const foot = el(doc, 'div', { class: 'foot' }, [stop, accept, applyAll]);
  const controls = el(doc, 'div', { class: 'ask' });
  const element = el(
    doc,
    'div',
    { class: 'card', attrs: { role: 'dialog', 'aria-label': title.textContent!, tabindex: '-1' } },
    [el(doc, 'div', { class: 'head' }, [title, close]), controls, status, result, error, by, foot],
  );
  element.addEventListener('keydown', (event) => {
    if (event.isTrusted && event.key === 'Escape') deps.onClose();
  });
  let proposal: WritingResult | undefined;
  const buttons = () => {
    stop.hidden = !running;
    accept.hidden = running || !proposal || deps.tool === 'proofread';
    applyAll.hidden = running || deps.tool !== 'proofread' || pending().length === 0;
  };
  const pending = () => (proposal?.corrections ?? []).filter((correction) => !applied.includes(correction));
  /** Where a correction is in the field now: earlier corrections made shift it. */
  const shift = (correction: Correction) =>
    applied
      .filter((done) => done.start < correction.start)
      .reduce((sum, done) => sum + done.replacement.length - (done.end - done.start), 0);

  async function edit(change: FieldEdit, after: () => void) {
    error.textContent = '';
    try {
      await deps.insert(change);
      after();
    } catch (caught) {
      error.textContent = plainMessage(caught);
    }
  }

  function showCorrections() {
    const corrections = proposal?.corrections ?? [];
    if (corrections.length === 0) {
      status.textContent = 'No mistakes found.';
      return;
    }
    result.replaceChildren(
      el(
        doc,
        'ul',
        {},
        corrections.map((correction) => {
          const done = applied.includes(correction);
          const note = [correction.types?.join(', '), correction.explanation].filter(Boolean).join(' · ');
          const apply = button(doc, done ? 'Applied' : APPLY_LABEL, () => void applyOne(correction));
          apply.disabled = done;
          return el(doc, 'li', {}, [
            el(doc, 'del', { text: source.slice(correction.start, correction.end) || '∅' }),
            doc.createTextNode(' → '),
            el(doc, 'ins', { text: correction.replacement || '∅' }),
            ...(note ? [el(doc, 'span', { class: 'metrics', text: ` ${note}` })] : []),
            doc.createTextNode(' '),
            apply,
          ]);
        }),
      ),
    );
    status.textContent = pending().length === 0 ? 'All corrections made.' : '';
  }

  async function applyOne(correction: Correction) {
    const at = from + correction.start + shift(correction);
    const expected = source.slice(correction.start, correction.end);
    await edit({ start: at, end: at + expected.length, expected, text: correction.replacement }, () => {
      applied.push(correction);
      current = applyCorrections(source, applied);
      showCorrections();
      buttons();
    });
  }

  /** Every correction left, in one edit: one Ctrl+Z takes them all back. */
  async function applyEverything() {
    const final = applyCorrections(source, proposal?.corrections ?? []);
    await edit({ start: from, end: from + current.length, expected: current, text: final }, () => deps.onClose());
  }

  async function acceptText() {
    if (!proposal) return;
    await edit({ start: from, end: to, expected: source, text: proposal.text }, () => deps.onClose());
  }

  async function start(request: Omit<WritingRequest, 'tool' | 'text'>) {
    running = true;
    proposal = undefined;
    error.textContent = '';
    result.replaceChildren();
    status.textContent = `${WRITING_TITLES[deps.tool].replace(/e$/, '')}ing…`;
    buttons();
    try {
      const text = deps.tool === 'write' ? deps.text : source;
      proposal = await deps.run({ tool: deps.tool, text, ...request });
      status.textContent = '';
      by.textContent = `By ${proposal.by}.`;
      if (deps.tool === 'proofread') showCorrections();
      else result.textContent = proposal.text;
    } catch (caught) {
      status.textContent = '';
      error.textContent = plainMessage(caught);
    } finally {
      running = false;
      buttons();
    }
  }

  if (deps.tool === 'rewrite') {
    const tone = select(doc, 'Tone', {
      'as-is': 'Same tone',
      'more-formal': 'More formal',
      'more-casual': 'More casual',
    });
    const length = select(doc, 'Length', { 'as-is': 'Same length', shorter: 'Shorter', longer: 'Longer' });
    const go = () =>
      void start({ tone: tone.value as WritingRequest['tone'], length: length.value as WritingRequest['length'] });
    controls.append(tone, length, button(doc, 'Rewrite', go, { class: 'primary' }));
  } else if (deps.tool === 'write') {
    const instruction = el(doc, 'input', {
      attrs: { type: 'text', 'aria-label': INSTRUCTION_LABEL, placeholder: 'A thank-you note for the invitation…' },
    });
    const go = () => void start({ instruction: instruction.value });
    instruction.addEventListener('keydown', (event) => {
      if (event.isTrusted && event.key === 'Enter' && !event.isComposing) go();
    });
    controls.append(instruction, button(doc, 'Write', go, { class: 'primary' }));
  } else {
    controls.hidden = true;
    void start({});
  }
  buttons();

  return {
    element,
    focus: () => ((controls.hidden ? element : controls.querySelector('input, select')) as HTMLElement)?.focus(),
    setRoom(height: number) {
      element.style.maxHeight = `${Math.max(120, Math.round(height))}px`;
    },
    destroy() {
      if (running) deps.stop();
      element.remove();
    },
  };
}

export type WritingCard = ReturnType<typeof createWritingCard>;
