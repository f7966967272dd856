// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { applyEdit, fieldSelection, fieldText, focusedField } from './field';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the field the writing tools work in', () => {
  it('is the focused textarea or text input, never a password field', () => {
    document.body.innerHTML = '<textarea id="t">Draft</textarea><input id="p" type="password" value="x">';
    (document.getElementById('t') as HTMLTextAreaElement).focus();
    expect(focusedField(document)?.id).toBe('t');
    (document.getElementById('p') as HTMLInputElement).focus();
    expect(focusedField(document)).toBeUndefined();
  });

  it('reads a textarea’s text and selection', () => {
    document.body.innerHTML = '<textarea id="t">Their is a cat.</textarea>';
    const field = document.getElementById('t') as HTMLTextAreaElement;
    field.setSelectionRange(0, 5);
    expect(fieldText(field)).toBe('Their is a cat.');
    expect(fieldSelection(field)).toEqual({ start: 0, end: 5 });
  });

  it('reads editable content with a line between blocks and for each <br>', () => {
    document.body.innerHTML =
      '<div id="c" contenteditable="true"><div>Hello <b>you</b></div><div>Line two<br>three</div></div>';
    expect(fieldText(document.getElementById('c')!)).toBe('Hello you\nLine two\nthree');
  });

  it('refuses an edit when the field no longer reads what the tool saw', () => {
    document.body.innerHTML = '<textarea id="t">Changed meanwhile.</textarea>';
    const field = document.getElementById('t') as HTMLTextAreaElement;
    expect(() => applyEdit(field, { start: 0, end: 5, expected: 'Their', text: 'There' })).toThrow(
      'The text in the field changed meanwhile.',
    );
  });
});
