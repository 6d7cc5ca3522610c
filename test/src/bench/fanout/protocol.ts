/** What the bench tells a fleet process (over its IPC channel). */
export type FleetCommand =
  /** More connections: one Socket.IO connection per token, each joining the hall once all are connected; or `count` plain ones. */
  | { kind: 'open'; protocol: 'socket.io'; url: string; tokens: string[]; sectionId: string }
  | { kind: 'open'; protocol: 'ws'; url: string; count: number }
  | { kind: 'leave' }
  | { kind: 'pending' }
  | { kind: 'close' };

/** What a fleet process tells the bench. Times are `monotonicMs()` readings. */
export type FleetReport =
  | { kind: 'opened'; connectMs: number; joinMs: number; states: string[] }
  | { kind: 'left' }
  /** Every connection of this process has received message `seq`. */
  | { kind: 'delivered'; seq: number; first: number; last: number }
  /**
   * Messages not yet on every connection, with how many have them; Socket.IO reconnections so
   * far; and connections down or still joining again after one.
   */
  | { kind: 'pending'; counts: [seq: number, received: number][]; reconnects: number; unsettled: number }
  /** The command in progress failed, or, with none in progress, a connection did. */
  | { kind: 'failed'; message: string };

