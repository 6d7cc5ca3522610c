import type { TMediaTrack } from '@bidhall/contracts';

export type TMediaKind = TMediaTrack['kind'];

/** What a publisher sends on joining: microphone and camera. */
export const PUBLISHED_KINDS: readonly TMediaKind[] = ['audio', 'video'];
