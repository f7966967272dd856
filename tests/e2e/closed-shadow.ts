import type { CDPSession, Page } from 'playwright-core';

/**
 * The page assistant lives in a closed shadow root, which Playwright's locators cannot enter (as
 * page scripts cannot). Chrome's accessibility tree can: find controls by role and name over the
 * DevTools protocol, and click them with the real mouse, so the events are trusted.
 */
export async function closedShadow(page: Page) {
  const cdp: CDPSession = await page.context().newCDPSession(page);

  async function find(role: string, name?: string) {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const { nodes } = await cdp.send('Accessibility.queryAXTree', {
      backendNodeId: root.backendNodeId,
      role,
      ...(name !== undefined && { accessibleName: name }),
    });
    return nodes.filter((node) => !node.ignored);
  }

  return {
    /** How many controls of this role and name are shown. */
    count: async (role: string, name?: string) => (await find(role, name)).length,
    async click(role: string, name: string) {
      const [node] = await find(role, name);
      if (!node?.backendDOMNodeId) throw new Error(`No ${role} named “${name}” on the page`);
      const { model } = await cdp.send('DOM.getBoxModel', { backendNodeId: node.backendDOMNodeId });
      const [x1, y1, , , x3, y3] = model.border;
      await page.mouse.click((x1! + x3!) / 2, (y1! + y3!) / 2);
    },
    /** The text inside the first element of this role and name. */
    async text(role: string, name: string): Promise<string> {
      const [node] = await find(role, name);
      if (!node?.backendDOMNodeId) return '';
      const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: node.backendDOMNodeId });
      const { result } = await cdp.send('Runtime.callFunctionOn', {
        objectId: object.objectId!,
        functionDeclaration: 'function () { return this.textContent; }',
        returnByValue: true,
      });
      return String(result.value ?? '');
    },
  };
}

/** Selects an element's text with the mouse, as a user does. */
export async function selectWithMouse(page: Page, selector: string) {
  const box = (await page.locator(selector).boundingBox())!;
  await page.mouse.move(box.x + 2, box.y + 4);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width - 4, box.y + box.height - 4, { steps: 5 });
  await page.mouse.up();
}
