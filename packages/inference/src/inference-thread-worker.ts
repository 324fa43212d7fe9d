// The inference thread's side (see inference-thread.ts): holds the sessions created
// here and answers each request in order. A failed request is answered with its error;
// the thread goes on.
import { parentPort } from 'node:worker_threads';
import type * as ort from 'onnxruntime-node';
import type { CreatedSession, ThreadReply, ThreadRequest, WireTensor } from './inference-thread.js';
import { createOrtSession, tensorOf, toWire } from './inference-thread.js';

const port = parentPort;
if (!port) throw new Error('inference-thread-worker runs as a worker thread');

const sessions = new Map<number, ort.InferenceSession>();
let nextSession = 0;
// One request at a time, in arrival order: a session is never run twice at once.
let queue = Promise.resolve();

port.on('message', (request: ThreadRequest & { id: number }) => {
  queue = queue.then(() => answer(request));
});

async function answer(request: ThreadRequest & { id: number }): Promise<void> {
  try {
    const [value, transfer] = await handle(request);
    reply({ id: request.id, ok: true, value }, transfer);
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    reply({ id: request.id, ok: false, error: { name, message } });
  }
}

function reply(message: ThreadReply, transfer: ArrayBuffer[] = []): void {
  try {
    port!.postMessage(message, transfer);
  } catch {
    // A buffer that cannot move (onnxruntime's own memory) is copied instead.
    port!.postMessage(message);
  }
}

async function handle(request: ThreadRequest): Promise<[unknown, ArrayBuffer[]]> {
  switch (request.kind) {
    case 'create': {
      const session = await createOrtSession(request.source, request.options);
      const id = nextSession++;
      sessions.set(id, session);
      const created: CreatedSession = {
        session: id,
        inputNames: session.inputNames,
        outputNames: session.outputNames,
        inputMetadata: session.inputMetadata,
        outputMetadata: session.outputMetadata,
      };
      return [created, []];
    }
    case 'run': {
      const feeds = Object.fromEntries(
        Object.entries(request.feeds).map(([name, t]) => [name, tensorOf(t)]),
      );
      const out = await sessionOf(request.session).run(feeds);
      // onnxruntime-node made these buffers for this run: they move, uncopied.
      const { wire, transfer } = toWire(out, (_, tensor) => tensor.data as WireTensor['data']);
      return [wire, transfer];
    }
    case 'release': {
      await sessionOf(request.session).release();
      sessions.delete(request.session);
      return [undefined, []];
    }
    case 'endProfiling': {
      sessionOf(request.session).endProfiling();
      return [undefined, []];
    }
  }
}

function sessionOf(id: number): ort.InferenceSession {
  const session = sessions.get(id);
  if (!session) throw new Error(`session ${id} was released`);
  return session;
}
