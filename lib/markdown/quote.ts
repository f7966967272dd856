/** Text as a markdown block quote, line by line; a blank line stays in the quote as a bare '>'. */
export function quote(text: string): string {
  return text
    .trim()
    .split('\n')
    .map((line) => (line.trim() ? `> ${line}` : '>'))
    .join('\n');
}
