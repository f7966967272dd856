import type * as v from 'valibot';
import { parseMessage } from '../contracts/protocol';
import { InklingError, type ErrorEnvelope } from '../contracts/errors';
import { fromErrorEnvelope } from './envelope';
import { post, type PortLike } from './port';
import type { DistributiveOmit } from './server';

/** Requests over one port, the asking side; the wire is described in ./server.ts. */
type Typed = { type: string };
type ErrorMessage = ErrorEnvelope & { type: 'error'; id?: string };

export interface RpcClientOptions<In extends Typed> {
  schema: v.GenericSchema<unknown, In>;
  /** Who answers, for the error about a message it sent that Inkling does not understand. */
  peer: string;
  /** Messages that belong to no running request: broadcasts such as a status. */
  onNotice?(message: In): void;
  /** Errors that belong to no running request, such as a refused notice. */
  onError?(error: InklingError): void;
  /** The error that ends each request still running when the port goes away. */
  lost(): InklingError;
  onDisconnect?(): void;
}

export interface CallOptions<In extends Typed, Result> {
  /** The request's events, in order, until its end. */
  onEvent?(event: In): void;
  /** Checks the result its `done` carries, when the message schema does not. */
  result?: v.GenericSchema<unknown, Result>;
}

export interface Call<Result> {
  readonly id: string;
  /** Settles once, with the request's `done` or `error`, or the port's loss. */
  readonly result: Promise<Result>;
  /** Asks the other side to end the request: it still ends with its `done` or `error`. */
  cancel(): void;
}

interface Pending {
  event(message: Typed): void;
  done(result: unknown): void;
  fail(error: InklingError): void;
}

export function openRpcClient<Out extends Typed, In extends Typed>(port: PortLike, options: RpcClientOptions<In>) {
  let nextId = 1;
  const pending = new Map<string, Pending>();
  const misunderstood = (error: string) =>
    new InklingError('bad-request', `${options.peer} sent a message Inkling does not understand: ${error}`);

  port.onMessage.addListener((data) => {
    const parsed = parseMessage(options.schema, data);
    const message = parsed.ok ? (parsed.message as In & { id?: unknown }) : undefined;
    const id = message ? message.id : !parsed.ok ? parsed.id : undefined;
    const call = typeof id === 'string' ? pending.get(id) : undefined;
    if (!parsed.ok || !message) {
      const error = misunderstood(parsed.ok ? '' : parsed.error);
      return call ? call.fail(error) : options.onError?.(error);
    }
    if (message.type === 'error') {
      const error = fromErrorEnvelope(message as unknown as ErrorMessage);
      return call ? call.fail(error) : options.onError?.(error);
    }
    if (!call) return typeof id === 'string' ? undefined : options.onNotice?.(message);
    if (message.type === 'done') call.done((message as unknown as { result: unknown }).result);
    else call.event(message);
  });

  port.onDisconnect.addListener(() => {
    const lost = options.lost();
    for (const call of [...pending.values()]) call.fail(lost);
    options.onDisconnect?.();
  });

  function request<Result>(
    message: DistributiveOmit<Out, 'id'>,
    { onEvent, result: schema }: CallOptions<In, Result> = {},
  ): Call<Result> {
    const id = String(nextId++);
    let settle!: { resolve(result: Result): void; reject(error: unknown): void };
    const result = new Promise<Result>((resolve, reject) => (settle = { resolve, reject }));
    const end = () => pending.delete(id);
    pending.set(id, {
      event: (event) => onEvent?.(event as In),
      done(value) {
        end();
        if (!schema) return settle.resolve(value as Result);
        const checked = parseMessage(schema, value);
        if (checked.ok) settle.resolve(checked.message);
        else settle.reject(misunderstood(`result: ${checked.error}`));
      },
      fail(error) {
        end();
        settle.reject(error);
      },
    });
    if (!post(port, { ...message, id })) pending.get(id)?.fail(options.lost());
    return {
      id,
      result,
      cancel: () => void (pending.has(id) && post(port, { type: 'cancel', id })),
    };
  }

  return {
    request,
    /** Sends a message that is no request; false when the port is gone. */
    notify: (message: Out) => post(port, message),
    /** Requests that have not ended yet. */
    get pending() {
      return pending.size;
    },
  };
}

export type RpcClient<Out extends Typed, In extends Typed> = ReturnType<typeof openRpcClient<Out, In>>;
