import { browser } from 'wxt/browser';
import { createClient } from './client';
import { PORT_NAME } from '../contracts/protocol';

/** The client for extension pages and content scripts; its port opens on first use. */
export const inkling = createClient(() => browser.runtime.connect({ name: PORT_NAME }));

export const generateStream = inkling.generateStream;
export const runTask = inkling.runTask;
