/**
 * Puts `text` on the clipboard from a click in the page. The Clipboard API first; pages served over
 * http have none, so then a copy command whose data we set ourselves (it needs the click's gesture,
 * which a content script's button has).
 */
export async function writeClipboard(doc: Document, text: string): Promise<void> {
  const clipboard = doc.defaultView?.navigator.clipboard;
  if (clipboard?.writeText) {
    try {
      await clipboard.writeText(text);
      return;
    } catch {
      // Refused (no focus, a policy): try the copy command.
    }
  }
  let copied = false;
  const onCopy = (event: ClipboardEvent) => {
    if (!event.clipboardData) return;
    event.clipboardData.setData('text/plain', text);
    event.preventDefault();
    event.stopImmediatePropagation();
    copied = true;
  };
  doc.addEventListener('copy', onCopy, true);
  try {
    doc.execCommand('copy');
  } finally {
    doc.removeEventListener('copy', onCopy, true);
  }
  if (!copied) throw new Error('The browser refused to copy.');
}
