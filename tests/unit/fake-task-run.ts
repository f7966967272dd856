import type { PageText } from '../../lib/contracts/page';
import type { TaskRequest } from '../../lib/contracts/task';
import type { RunTaskOptions } from '../../lib/stream/task-events';
import { createPageAnswers } from '../../lib/tasks/page-answers';
import { prepareTask } from '../../lib/tasks/prepare-task';

/** The tab the card is in. */
const TAB = 1;
import type { fakeGenerate } from './page-assistant-harness';

/**
 * The client's runTask with the background's own task preparation behind it (prompts, the page,
 * summaries in parts) and a fake engine: each part and the answer are requests of `generation`.
 */
export function fakeRunTask(generation: ReturnType<typeof fakeGenerate>, page?: () => Promise<PageText>) {
  const tasks: TaskRequest[] = [];
  let answers = 0;
  const pageAnswers = createPageAnswers(() => `answer-${++answers}`);
  const run = async (task: TaskRequest, { onProgress, onPrepared, ...options }: RunTaskOptions) => {
    tasks.push(task);
    if (task.kind === 'chat') throw new Error('A content script may not write conversations.');
    const signal = options.signal ?? new AbortController().signal;
    const prepared = await prepareTask(
      task,
      {
        language: 'en',
        readPage: page ?? (() => Promise.reject(new Error('This page has no text Inkling can read.'))),
        async complete(prompt) {
          const handle = await generation.generate(prompt, { signal });
          return (await handle.result).text;
        },
      },
      { signal, onProgress: (text) => onProgress?.(text) },
    );
    // Recorded as the background records a card's answer, for "Continue in side panel".
    const record = pageAnswers.begin(TAB, prepared);
    onPrepared?.({ question: prepared.question, title: prepared.title, answerId: record.id });
    const handle = await generation.generate(prepared.prompt, options);
    handle.result.then(record.done, record.failed);
    const stream = (async function* () {
      for await (const delta of handle.stream) {
        record.delta(delta);
        yield delta;
      }
    })();
    return { ...handle, stream };
  };
  return {
    run,
    tasks,
    continued: (answerId: string, shownChars?: number) => pageAnswers.turns(TAB, answerId, shownChars),
  };
}
