import markdownCss from '../markdown/markdown.css?inline';
import assistantCss from './page-assistant.css?inline';

/** Everything the shadow root needs, as text: no stylesheet is fetched from the extension. */
export const PAGE_ASSISTANT_CSS = `${assistantCss}\n${markdownCss}`;
