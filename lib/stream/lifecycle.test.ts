import { afterEach, describe, expect, it, vi } from 'vitest';
import { EnginePicker } from '../engines/picker';
import { InklingError } from '../contracts/errors';
import type { AnswerPatch } from '../chat/store';
import { createPortPair, ScriptedEngine, type ScriptStep } from '../../tests/unit/memory-port';
import { createStreamServer } from './server';
import { chatRun, stubTaskService } from '../../tests/unit/task-service-stub';

/** mulberry32: a seeded PRNG, so that a failing interleaving can be run again by its seed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { chance: (p: number) => next() < p, int: (max: number) => Math.floor(next() * (max + 1)) };
}

const SENDER = { id: 'inkling-test', url: 'chrome-extension://inkling-test/sidepanel.html' };
const SEEDS = 300;

/**
 * One request under a random interleaving of the events that may end it: the engine's end, the
 * engine's error, the surface's cancel (once or twice), the surface's port going away, and an
 * engine that ignores its abort signal. What is asserted holds for every interleaving.
 */
async function runInterleaving(seed: number) {
  const rand = random(seed);
  const script: ScriptStep[] = Array.from({ length: rand.int(6) }, (_, n) => ({
    delta: `d${n} `,
    delayMs: rand.int(20),
  }));
  if (rand.chance(0.35))
    script.push({ error: new InklingError('output-filtered', 'Filtered.'), delayMs: rand.int(20) });
  const engine = new ScriptedEngine({ script, honourSignal: rand.chance(0.7), availabilityDelayMs: rand.int(10) });
  const busy: boolean[] = [];
  const finalSaves: AnswerPatch[] = [];
  const server = createStreamServer({
    picker: new EnginePicker([engine]),
    onBusyChange: (isBusy) => busy.push(isBusy),
    answers: { update: async (_target, patch) => void (patch.status && finalSaves.push(patch)) },
    taskService: stubTaskService(),
    now: () => Date.now(),
  });
  const { client, server: serverPort } = createPortPair({ sender: SENDER });
  server.connect(serverPort, 'extension-page');
  // A question of a stored conversation: its answer is saved as it streams.
  client.postMessage(chatRun('r', { options: { deltaIntervalMs: rand.chance(0.5) ? 0 : 16 } }));
  const cancels = rand.chance(0.6) ? rand.int(2) + 1 : 0;
  for (let n = 0; n < cancels; n++)
    setTimeout(() => client.connected && client.postMessage({ type: 'cancel', id: 'r' }), rand.int(80));
  const disconnects = rand.chance(0.4);
  if (disconnects) setTimeout(() => client.disconnect(), rand.int(100));

  await vi.runAllTimersAsync();

  const ofRequest = serverPort.sent.filter((message) => (message as { id?: string }).id === 'r') as { type: string }[];
  const ends = ofRequest.filter((message) => message.type === 'done' || message.type === 'error');
  return { ofRequest, ends, disconnects, busy, finalSaves, engine };
}

describe('exactly one end per request, whatever the order of events', () => {
  afterEach(() => vi.useRealTimers());

  it(`holds for ${SEEDS} seeded interleavings of cancel, disconnect, engine end and engine error`, async () => {
    vi.useFakeTimers();
    for (let seed = 1; seed <= SEEDS; seed++) {
      const { ofRequest, ends, disconnects, busy, finalSaves, engine } = await runInterleaving(seed);
      const at = `seed ${seed}`;
      // A port that went away takes the end it could not carry; the answer's record still gets it.
      if (disconnects) expect(ends.length, at).toBeLessThanOrEqual(1);
      else expect(ends, at).toHaveLength(1);
      if (ends.length === 1) expect(ofRequest.at(-1), at).toBe(ends[0]);
      expect(finalSaves, at).toHaveLength(1);
      // The busy count went up and down in turn, and is back at zero.
      expect(busy, at).toEqual(busy.map((_, index) => index % 2 === 0));
      expect(busy.length % 2, at).toBe(0);
      // A started engine stream was closed, one way or another.
      for (const stream of engine.streams) expect(stream.outcome, at).toBeDefined();
    }
  });
});
