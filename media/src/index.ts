/**
 * The media plane's boundary. Signalling (Socket.IO) and authorization live in the server; this
 * package only moves media, so a native SFU can replace the werift one behind the same shape.
 */
export type { MediaApi } from './api';
export * from './config';
export * from './errors';
export type { MediaEvents } from './events';
export { parseRequest } from './parse';
export type { TRecordingEntry } from './recording';
export * from './schemas';
export { type AuthorizeHook, Sfu, type SfuOptions, type SfuStats } from './sfu/sfu';
export { isVp8KeyFrameStart } from './vp8';
export { MediaPlane, type MediaPlaneOptions } from './plane';
export type { WorkerUsage } from './worker/protocol';
