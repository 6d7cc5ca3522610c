/** werift clients, synthetic VP8 / Opus sources and a signalling stand-in, for tests and benches. */
export { type ClientOptions, type ReceivedTrack, TestClient } from './client';
export { Harness, type HarnessJoin, type SignallingTarget, sleep, waitFor } from './harness';
export { SyntheticAudio, SyntheticVideo, type SyntheticVideoOptions, sentAt } from './synthetic';
