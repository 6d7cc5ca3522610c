import { apiRoutes, type TReceipt, type TUpload } from '@bidhall/contracts';
import { encryptEnvelope, type OpeningForm, type PublicJwk } from '@bidhall/contracts/envelope';
import { useSyncExternalStore } from 'react';
import { ApiError } from '../api/http';
import { routeKey } from '../api/queries';
import { api, queryClient, session } from '../app/services';
import { BidClientError } from './bid-errors';
import { EnvelopeUpload, receivedBytesOf, type UploadTransport } from './envelope-upload';

export interface SubmissionProgress {
  fileName: string;
  fileSize: number;
  /** File bytes encrypted so far. */
  encrypted: number;
  envelopeSize: number;
  /** Envelope bytes the platform has confirmed. */
  sent: number;
}

export type SubmissionState =
  | { phase: 'idle' }
  | { phase: 'preparing' }
  | { phase: 'sending'; progress: SubmissionProgress }
  /** A failure that may pass: the same bytes are tried again shortly. */
  | { phase: 'retrying'; progress: SubmissionProgress; error: unknown; retryInSeconds: number }
  /** Still resumable, by the user's hand. */
  | { phase: 'interrupted'; progress: SubmissionProgress; error: unknown }
  | { phase: 'failed'; error: unknown }
  /** `receipt` is null when the completion's answer was lost; the receipt is then among my-bid's. */
  | { phase: 'done'; progress: SubmissionProgress; receipt: TReceipt | null };

/** Failures a later attempt may get past; anything else (the deadline, a refused envelope…) ends the upload. */
const PASSING = new Set<string>(['NETWORK_ERROR', 'UNAVAILABLE', 'INTERNAL', 'RATE_LIMITED']);
const isPassing = (error: unknown) => error instanceof ApiError && (PASSING.has(error.code) || receivedBytesOf(error) !== null);

const AUTO_RETRY_SECONDS = [1, 3, 8];

const uploadSlot = (sectionId: string) => `bidhall.bid-upload.${sectionId}`;
const uploadLock = (sectionId: string) => `bidhall:bid-upload:${sectionId}`;

function remember(sectionId: string, uploadId: string | null): void {
  try {
    if (uploadId) localStorage.setItem(uploadSlot(sectionId), uploadId);
    else localStorage.removeItem(uploadSlot(sectionId));
  } catch {
    // Without storage an interrupted upload is only cleaned up when it expires on the platform.
  }
}

function remembered(sectionId: string): string | null {
  try {
    return localStorage.getItem(uploadSlot(sectionId));
  } catch {
    return null;
  }
}

/** How long to wait for the section's lock: a page just closed or reloaded lets go of it within moments; an uploading tab does not. */
const LOCK_WAIT_MS = 3000;

/**
 * Holds a lock shared by every tab of this origin until the returned function is called; null
 * when another tab keeps it. Uploading and cleaning up stale uploads both take it, so a tab never
 * discards an upload another tab is still sending.
 */
function holdLock(name: string): Promise<(() => void) | null> {
  if (!('locks' in navigator)) return Promise.resolve(() => undefined);
  return new Promise((resolve, reject) => {
    navigator.locks
      .request(name, { signal: AbortSignal.timeout(LOCK_WAIT_MS) }, () => new Promise<void>((release) => resolve(() => release())))
      .catch((error: unknown) => (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError') ? resolve(null) : reject(error)));
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

const transportFor = (sectionId: string): UploadTransport => {
  const r = apiRoutes.bids;
  return {
    start: (size, signal) => api.call(r.startUpload, { params: { sectionId }, body: { size } }, { signal }),
    status: (uploadId, signal) => api.call(r.getUpload, { params: { uploadId } }, { signal }),
    put: (uploadId, offset, bytes, signal) => api.upload(r.putChunk, bytes, { params: { uploadId }, query: { offset } }, { signal }),
    complete: (uploadId, signal) => api.call(r.completeUpload, { params: { uploadId } }, { signal }),
    abort: (uploadId) => api.call(r.abortUpload, { params: { uploadId } }),
  };
};

export interface SubmitInput {
  file: File;
  form: OpeningForm;
  /** The key on this computer first, then the recovery key if there is one. */
  recipients: PublicJwk[];
}

/**
 * One bid being encrypted and uploaded for a section. It lives outside the page, so leaving the
 * page and coming back shows the same upload; the encrypted position survives a failed request,
 * which is what lets `resume` continue with the same envelope bytes.
 */
class Submission {
  #state: SubmissionState = { phase: 'idle' };
  readonly #listeners = new Set<() => void>();
  #upload: EnvelopeUpload | null = null;
  #progress: SubmissionProgress | null = null;
  #release: (() => void) | null = null;
  #abort = new AbortController();

  constructor(readonly sectionId: string) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  readonly getState = (): SubmissionState => this.#state;

  get busy(): boolean {
    return this.#state.phase !== 'idle' && this.#state.phase !== 'done' && this.#state.phase !== 'failed';
  }

  async start({ file, form, recipients }: SubmitInput): Promise<void> {
    if (this.busy) return;
    if (file.size === 0) return this.#set({ phase: 'failed', error: new BidClientError('FILE_EMPTY') });
    this.#set({ phase: 'preparing' });
    this.#abort = new AbortController();
    try {
      this.#release = await holdLock(uploadLock(this.sectionId));
      if (!this.#release) throw new BidClientError('UPLOAD_IN_OTHER_TAB');
      // A stale upload of this section left by a closed page would otherwise linger until it expires.
      await discardRemembered(this.sectionId).catch(() => undefined);
      const envelope = await encryptEnvelope({
        recipients,
        form,
        fileName: file.name,
        source: file.stream(),
        size: file.size,
        onProgress: (encrypted) => this.#advance({ encrypted }),
      });
      this.#progress = { fileName: file.name, fileSize: file.size, encrypted: 0, envelopeSize: envelope.size, sent: 0 };
      this.#upload = new EnvelopeUpload(transportFor(this.sectionId), envelope.size, envelope.stream, {
        started: (uploadId) => remember(this.sectionId, uploadId),
        progress: (sent) => this.#advance({ sent }),
      });
    } catch (error) {
      await this.#fail(error);
      return;
    }
    await this.#drive();
  }

  /** Continues an interrupted upload from where the platform stands. */
  async resume(): Promise<void> {
    if (this.#state.phase === 'interrupted') await this.#drive();
  }

  async cancel(): Promise<void> {
    this.#abort.abort();
    const upload = this.#upload;
    this.#upload = null;
    await upload?.cancel();
    this.#finish();
    this.#set({ phase: 'idle' });
  }

  /** Back to an empty form once the outcome has been seen. */
  reset(): void {
    if (!this.busy) this.#set({ phase: 'idle' });
  }

  async #drive(): Promise<void> {
    const upload = this.#upload;
    const signal = this.#abort.signal;
    if (!upload) return;
    for (let attempt = 0; !signal.aborted; attempt++) {
      this.#set({ phase: 'sending', progress: this.#snapshot() });
      try {
        const receipt = await upload.send(signal);
        this.#finish();
        this.#set({ phase: 'done', progress: this.#snapshot(), receipt });
        await queryClient.invalidateQueries({ queryKey: routeKey(apiRoutes.bids.myBid) });
        return;
      } catch (error) {
        if (signal.aborted) return;
        if (!isPassing(error)) return this.#fail(error);
        const wait = AUTO_RETRY_SECONDS[attempt];
        if (wait === undefined) return this.#set({ phase: 'interrupted', progress: this.#snapshot(), error });
        this.#set({ phase: 'retrying', progress: this.#snapshot(), error, retryInSeconds: wait });
        await sleep(wait * 1000, signal);
      }
    }
  }

  async #fail(error: unknown): Promise<void> {
    const upload = this.#upload;
    this.#upload = null;
    await upload?.cancel();
    this.#finish();
    this.#set({ phase: 'failed', error });
  }

  /** Lets go of the section's upload slot, but only if this page held it: another tab's upload is not ours to forget. */
  #finish(): void {
    if (!this.#release) return;
    remember(this.sectionId, null);
    this.#release();
    this.#release = null;
  }

  #snapshot(): SubmissionProgress {
    return { ...(this.#progress ?? { fileName: '', fileSize: 0, encrypted: 0, envelopeSize: 0, sent: 0 }) };
  }

  #advance(patch: Partial<SubmissionProgress>): void {
    if (!this.#progress) return;
    Object.assign(this.#progress, patch);
    const state = this.#state;
    if (state.phase === 'sending' || state.phase === 'retrying') this.#set({ ...state, progress: this.#snapshot() });
  }

  #set(state: SubmissionState): void {
    this.#state = state;
    for (const listener of this.#listeners) listener();
  }
}

const submissions = new Map<string, Submission>();

function submissionFor(sectionId: string): Submission {
  let submission = submissions.get(sectionId);
  if (!submission) submissions.set(sectionId, (submission = new Submission(sectionId)));
  return submission;
}

// An upload belongs to the signed-in organization: nothing of it may carry over to the next user of the tab.
session.subscribe(() => {
  if (session.getState().status !== 'signed-out') return;
  for (const submission of submissions.values()) void submission.cancel();
  submissions.clear();
});

export function useSubmission(sectionId: string) {
  const submission = submissionFor(sectionId);
  const state = useSyncExternalStore(submission.subscribe, submission.getState);
  return {
    state,
    start: (input: SubmitInput) => void submission.start(input),
    resume: () => void submission.resume(),
    cancel: () => void submission.cancel(),
    reset: () => submission.reset(),
  };
}

/**
 * Drops the upload an earlier page left unfinished for this section (closed, reloaded or
 * crashed mid-way), and says what it was. Its bytes were encrypted under a content key that
 * died with that page, so it cannot be continued: the bid is sent again from the start.
 */
export async function discardStaleUpload(sectionId: string): Promise<TUpload | null> {
  if (submissions.get(sectionId)?.busy || !remembered(sectionId)) return null;
  const release = await holdLock(uploadLock(sectionId));
  if (!release) return null;
  try {
    return await discardRemembered(sectionId);
  } finally {
    release();
  }
}

async function discardRemembered(sectionId: string): Promise<TUpload | null> {
  const uploadId = remembered(sectionId);
  if (!uploadId) return null;
  let upload: TUpload;
  try {
    upload = await api.call(apiRoutes.bids.getUpload, { params: { uploadId } });
  } catch (error) {
    if (error instanceof ApiError && error.code === 'NOT_FOUND') remember(sectionId, null);
    throw error;
  }
  if (upload.status === 'IN_PROGRESS') await api.call(apiRoutes.bids.abortUpload, { params: { uploadId } });
  remember(sectionId, null);
  return upload.status === 'IN_PROGRESS' ? upload : null;
}
