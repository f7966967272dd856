import type * as v from 'valibot';
import { parseMessage } from '../contracts/protocol';
import { InklingError } from '../contracts/errors';
import { toErrorEnvelope } from './envelope';
import { post, type PortLike } from './port';

/**
 * Requests over one port, the serving side. The wire: a request is `{ type, id, … }`, answered by
 * its events `{ type, id, … }` and then exactly one `{ type: 'done', id, result }` or
 * `{ type: 'error', id, code, message }`; `{ type: 'cancel', id }` asks it to end early. Any other
 * message is a notice: no id, no reply.
 */
type Typed = { type: string };
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** The events of a protocol's requests: each message that carries a request's id, but its `done`, without the id. */
export type EventsOf<Message> = DistributiveOmit<Exclude<Extract<Message, { id: string }>, { type: 'done' }>, 'id'>;
type Of<Message extends Typed, K> = Extract<Message, { type: K }>;

export interface RequestContext<Event extends Typed> {
  readonly id: string;
  /** Aborted by the client's cancel or by its port going away; the handler then settles soon. */
  readonly signal: AbortSignal;
  /** Sends an event of this request (a delta, a progress); nothing goes out once it ended. */
  emit(event: Event): void;
}

/** Each resolves to the result its request's `done` carries; what it throws becomes the `error`. */
export type RequestHandlers<In extends Typed, Event extends Typed> = {
  [K in In['type']]: (message: Of<In, K>, context: RequestContext<Event>) => Promise<unknown>;
};
export type NoticeHandlers<In extends Typed> = { [K in In['type']]: (message: Of<In, K>) => void };

export interface RpcServerOptions<In extends Typed, Event extends Typed> {
  schema: v.GenericSchema<unknown, In>;
  requests: Partial<RequestHandlers<In, Event>>;
  notices: Partial<NoticeHandlers<In>>;
  /** Whether this port may send this message; a refused one gets a 'not-allowed' error. */
  /** Whether this port may send this message: true, or the plain reason it may not. */
  allows?: (message: In) => true | string;
  onDisconnect?: () => void;
}

export function serveRpc<In extends Typed, Event extends Typed>(port: PortLike, options: RpcServerOptions<In, Event>) {
  const running = new Map<string, AbortController>();
  const refuse = (id: string | undefined, error: InklingError) =>
    post(port, { type: 'error', ...(id !== undefined && { id }), ...toErrorEnvelope(error) });

  function start(message: In & { id: string }, handler: RequestHandlers<In, Event>[In['type']]) {
    const { id } = message;
    if (running.has(id))
      return refuse(id, new InklingError('bad-request', `A request with id ${id} is already running.`));
    const controller = new AbortController();
    running.set(id, controller);
    let ended = false;
    const context: RequestContext<Event> = {
      id,
      signal: controller.signal,
      emit: (event) => void (ended || post(port, { ...event, id })),
    };
    // A promise settles once: that is what gives each request exactly one end.
    const end = (terminal: object) => {
      ended = true;
      running.delete(id);
      post(port, { ...terminal, id });
    };
    new Promise((resolve) => resolve(handler(message as never, context))).then(
      (result) => end({ type: 'done', result }),
      (error: unknown) => end({ type: 'error', ...toErrorEnvelope(error) }),
    );
  }

  port.onMessage.addListener((data) => {
    const parsed = parseMessage(options.schema, data);
    if (!parsed.ok) return void refuse(parsed.id, new InklingError('bad-request', parsed.error));
    const message = parsed.message;
    const id = 'id' in message && typeof message.id === 'string' ? message.id : undefined;
    const allowed = options.allows?.(message) ?? true;
    if (allowed !== true) return void refuse(id, new InklingError('not-allowed', allowed));
    const type: In['type'] = message.type;
    const request = options.requests[type];
    if (message.type === 'cancel' && id !== undefined) running.get(id)?.abort();
    else if (request && id !== undefined) start(message as In & { id: string }, request);
    else (options.notices[type] as ((message: In) => void) | undefined)?.(message);
  });

  port.onDisconnect.addListener(() => {
    for (const controller of running.values()) controller.abort();
    options.onDisconnect?.();
  });
}
