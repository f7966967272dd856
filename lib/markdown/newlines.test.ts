import { expect, it } from 'vitest';
import { createNewlineNormalizer } from './newlines';

it('turns CRLF and lone CR into LF, also when a CRLF is split between deltas', () => {
  const normalize = createNewlineNormalizer();
  expect(['a\r\nb', '\r', '\nc\r', 'd\r', '', '\n', 'e'].map(normalize)).toEqual([
    'a\nb',
    '\n',
    'c\n',
    'd\n',
    '',
    '',
    'e',
  ]);
});
