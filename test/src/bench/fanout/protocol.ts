/** The floors bidhall is measured beside: a plain `ws` broadcast, and Socket.IO's own with nothing else. */
export type FloorProtocol = 'ws' | 'socket.io';

/** What the bench tells a fleet process (over its IPC channel). */
export type FleetCommand =
  /**
   * More connections: one bidhall connection per token, each joining the hall once all are
   * connected; or `count` bare ones to a floor, plain WebSocket or Socket.IO.
   */
  | { kind: 'open'; protocol: 'bidhall'; url: string; tokens: string[]; sectionId: string }
  | { kind: 'open'; protocol: FloorProtocol; url: string; count: number }
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

