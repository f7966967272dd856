// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { isInEditable, readSelection } from './selection';

const notOurs = () => false;

/** Puts `html` in the body and selects the contents of the element matching `selector`. */
function select(html: string, selector: string): Element {
  document.body.innerHTML = html;
  const element = document.querySelector(selector)!;
  selectContents(element);
  return element;
}

function selectContents(node: Node) {
  const range = document.createRange();
  range.selectNodeContents(node);
  const selection = document.getSelection()!;
  selection.removeAllRanges();
  selection.addRange(range);
}

afterEach(() => {
  document.getSelection()?.removeAllRanges();
  document.body.innerHTML = '';
  document.designMode = 'off';
});

describe('readSelection', () => {
  it('gives the text of a selection in the page', () => {
    select('<article><p id="p">The quick brown fox.</p></article>', '#p');
    const found = readSelection(document, notOurs);
    expect(found?.text).toBe('The quick brown fox.');
    expect(found?.rect).toBeDefined();
  });

  it('gives nothing when nothing is selected', () => {
    document.body.innerHTML = '<p>Text</p>';
    expect(readSelection(document, notOurs)).toBeUndefined();
  });

  it('gives nothing for a selection of only whitespace', () => {
    select('<p id="p">  \n\t  </p>', '#p');
    expect(readSelection(document, notOurs)).toBeUndefined();
  });

  it('gives nothing inside a textarea', () => {
    select('<textarea id="t">Some draft text</textarea>', '#t');
    expect(readSelection(document, notOurs)).toBeUndefined();
  });

  it('gives nothing while a text field has focus (Chrome reports its selection on the field’s parent)', () => {
    document.body.innerHTML = '<div id="box"><label>Name <input id="i" value="Ada Lovelace"></label></div>';
    (document.getElementById('i') as HTMLInputElement).focus();
    selectContents(document.getElementById('box')!);
    expect(readSelection(document, notOurs)).toBeUndefined();
  });

  it('gives nothing for a password field', () => {
    document.body.innerHTML =
      '<form id="f"><span>Password</span><input id="pw" type="password" value="hunter2"></form>';
    (document.getElementById('pw') as HTMLInputElement).focus();
    selectContents(document.getElementById('f')!);
    expect(readSelection(document, notOurs)).toBeUndefined();
    expect(isInEditable(document.getElementById('pw'))).toBe(true);
  });

  it('gives nothing inside a select', () => {
    expect(isInEditable(select('<select id="s"><option>One</option></select>', '#s').firstChild)).toBe(true);
    expect(readSelection(document, notOurs)).toBeUndefined();
  });

  it('gives nothing inside contenteditable, however deep, and in designMode', () => {
    select('<div contenteditable="true"><p><b id="b">Editable words</b></p></div>', '#b');
    expect(readSelection(document, notOurs)).toBeUndefined();
    select('<div contenteditable=""><span id="s">Also editable</span></div>', '#s');
    expect(readSelection(document, notOurs)).toBeUndefined();
    select('<div contenteditable="plaintext-only"><span id="s">Plain editable</span></div>', '#s');
    expect(readSelection(document, notOurs)).toBeUndefined();
    select('<div contenteditable="true"><p contenteditable="false" id="p">Not editable here</p></div>', '#p');
    expect(readSelection(document, notOurs)).toBeUndefined(); // still inside the editable region
    select('<p id="p">Normal text</p>', '#p');
    document.designMode = 'on';
    expect(readSelection(document, notOurs)).toBeUndefined();
  });

  it('still works next to an element that says contenteditable="false"', () => {
    select('<p contenteditable="false" id="p">Read-only words</p>', '#p');
    expect(readSelection(document, notOurs)?.text).toBe('Read-only words');
  });

  it('gives nothing while focus is in one of Inkling’s frames', () => {
    // The frame element on the page (an iframe there): what has focus when the user is in the card.
    select('<p id="p">Page text</p><div id="card" tabindex="0"></div>', '#p');
    const frame = document.getElementById('card')!;
    expect(readSelection(document, (node) => node === frame)?.text).toBe('Page text');
    frame.focus();
    expect(readSelection(document, (node) => node === frame)).toBeUndefined();
  });
});
