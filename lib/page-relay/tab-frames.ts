import type { FrameKind, ToContent, ToFrame, TranslationPlan, TranslationProgress } from '../contracts/page';
import type { TaskRequest } from '../contracts/task';
import type { WritingRequest, WritingResult, WritingTool } from '../contracts/writing';
import type { PortLike } from '../rpc/port';
import type { Settings } from '../settings/settings';

/** What the card shows next: an answer the background starts, a question box, a writing tool. */
export type PendingCard =
  | { kind: 'answer'; title: string; task: TaskRequest }
  | { kind: 'ask'; text?: string }
  | { kind: 'writing'; tool: WritingTool; text: string; start: number; end: number };

export interface ContinueRequest {
  tabId: number;
  windowId: number;
  answerId: string;
  shownChars: number;
  panelOpened: boolean;
}

export interface FrameRelayDeps {
  settings(): Promise<Settings>;
  saveSettings(next: Settings): Promise<void>;
  sendToTab(tabId: number, message: ToContent): Promise<unknown>;
  /** "Continue in side panel"; rejects with a plain sentence when it cannot. */
  continueInPanel(request: ContinueRequest): Promise<void>;
  /** The background's page translation (lib/translate). */
  translation: {
    start(tabId: number, page: { lang: string; sample: string }): Promise<TranslationPlan>;
    /** Null when the translation was stopped meanwhile. */
    translate(tabId: number, paragraphs: string[][]): Promise<string[][] | null>;
    /** Stops the tab's translation at once: its request under way ends. */
    stop(tabId: number): void;
    /** Chrome's translator for the pair was downloaded: the rest goes to it. */
    useTranslator(tabId: number): Promise<TranslationPlan>;
  };
  /** The writing tools (lib/writing). */
  writing: {
    run(tabId: number, request: WritingRequest): Promise<WritingResult>;
    stop(tabId: number): void;
  };
  extensionOrigin: string;
  /** How long a frame that connects before its content script named it may wait. */
  waitMs?: number;
}

export interface FrameSlot {
  name: string;
  port?: PortLike;
  /** What the frame is sent once it connects. */
  queue: ToFrame[];
}

/** A tab's page assistant, as the background knows it. */
export interface TabFrames {
  pageUrl: string;
  windowId: number;
  /** The selection the toolbar was last shown for: what its buttons act on. */
  selection?: string;
  toolbar?: FrameSlot;
  card?: FrameSlot;
  translation?: FrameSlot;
  pending?: PendingCard;
  /** Who translates the page, and how far it got, for the translation's bar. */
  plan?: TranslationPlan;
  progress?: TranslationProgress;
}

/** What the relay lends the tools' handlers. */
export interface RelayContext {
  deps: FrameRelayDeps;
  send(slot: FrameSlot, message: ToFrame): void;
  slotFor(tabId: number, state: TabFrames, kind: FrameKind, name: string): FrameSlot;
}
