import type { Page } from 'playwright-core';

// What the browser itself says of the media it received, for tests of the video in a page.

type WithPeerConnections = { peerConnections: RTCPeerConnection[] };

/**
 * Runs in the page before its scripts (`openPage`'s `initScript`): keeps every RTCPeerConnection
 * the app makes, so the test reads the browser's own statistics of what was decoded.
 */
export function recordPeerConnections(): void {
  const Native = window.RTCPeerConnection;
  const made: RTCPeerConnection[] = [];
  (window as unknown as WithPeerConnections).peerConnections = made;
  window.RTCPeerConnection = class extends Native {
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      made.push(this);
    }
  };
}

/** Video frames the page decoded on its open peer connections, from `getStats()` inbound-rtp video. */
export const framesDecoded = (page: Page) =>
  page.evaluate(async () => {
    let frames = 0;
    for (const pc of (window as unknown as WithPeerConnections).peerConnections) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((stats: { type: string; kind?: string; framesDecoded?: number }) => {
        if (stats.type === 'inbound-rtp' && stats.kind === 'video') frames += stats.framesDecoded ?? 0;
      });
    }
    return frames;
  });

export const openPeerConnections = (page: Page) =>
  page.evaluate(() => (window as unknown as WithPeerConnections).peerConnections.filter((pc) => pc.connectionState !== 'closed').length);
