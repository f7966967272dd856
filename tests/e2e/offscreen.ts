import type { LoadedExtension } from './extension';

/**
 * Evaluates an expression in the extension's offscreen document, which Playwright does not list as
 * a page: over the DevTools protocol, through the target of its address.
 */
export async function evaluateInOffscreen(extension: LoadedExtension, expression: string): Promise<unknown> {
  const page = extension.context.pages()[0] ?? (await extension.context.newPage());
  const cdp = await extension.context.newCDPSession(page);
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const target = targetInfos.find((info) => info.url.endsWith('/offscreen.html'));
    if (!target) throw new Error('No offscreen document is open.');
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
    const answer = new Promise<unknown>((resolve, reject) => {
      cdp.on('Target.receivedMessageFromTarget', (event) => {
        if (event.sessionId !== sessionId) return;
        const message = JSON.parse(event.message) as { id?: number; result?: { result: { value: unknown } } };
        if (message.id !== 1) return;
        if (message.result) resolve(message.result.result.value);
        else reject(new Error(event.message));
      });
    });
    const message = JSON.stringify({ id: 1, method: 'Runtime.evaluate', params: { expression, returnByValue: true } });
    await cdp.send('Target.sendMessageToTarget', { sessionId, message });
    return await answer;
  } finally {
    await cdp.detach();
  }
}
