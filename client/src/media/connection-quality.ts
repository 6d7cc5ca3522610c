export type Quality = 'good' | 'fair' | 'poor' | 'unknown';

/** Counters read from one `RTCPeerConnection.getStats()` report. */
export interface StatsTotals {
  /** When the report was taken, in ms. */
  at: number;
  /** Round trip of the selected candidate pair, in ms; null before ICE has measured one. */
  rttMs: number | null;
  packetsReceived: number;
  packetsLost: number;
  /** The loss the server reports for what this client sends (0–1), worst of its streams; null without reports. */
  remoteLoss: number | null;
  bytesReceived: number;
  bytesSent: number;
  videoBytesReceived: number;
}

/** Quality over the interval between two reports. */
export interface QualitySample {
  rttMs: number | null;
  /** Share of packets lost (0–1), received or sent, whichever is worse; null when nothing flowed. */
  loss: number | null;
  /** Total media bitrate, both ways, in kbit/s. */
  kbps: number;
  videoKbps: number;
}

type Entry = Record<string, unknown>;
const num = (entry: Entry, key: string): number => (typeof entry[key] === 'number' ? (entry[key] as number) : 0);
const optionalNum = (entry: Entry, key: string): number | null => (typeof entry[key] === 'number' ? (entry[key] as number) : null);

/** Sums a stats report into the counters the quality is computed from. */
export function totalsOf(report: Iterable<Entry>, at: number): StatsTotals {
  const entries = [...report];
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  const transport = entries.find((entry) => entry.type === 'transport' && typeof entry.selectedCandidatePairId === 'string');
  const pair =
    (transport && byId.get(transport.selectedCandidatePairId)) ??
    entries.find((entry) => entry.type === 'candidate-pair' && entry.nominated === true && entry.state === 'succeeded');
  const pairRtt = pair ? optionalNum(pair, 'currentRoundTripTime') : null;
  const totals: StatsTotals = { at, rttMs: pairRtt === null ? null : pairRtt * 1000, packetsReceived: 0, packetsLost: 0, remoteLoss: null, bytesReceived: 0, bytesSent: 0, videoBytesReceived: 0 };
  for (const entry of entries) {
    if (entry.type === 'inbound-rtp') {
      totals.packetsReceived += num(entry, 'packetsReceived');
      totals.packetsLost += Math.max(0, num(entry, 'packetsLost'));
      totals.bytesReceived += num(entry, 'bytesReceived');
      if (entry.kind === 'video') totals.videoBytesReceived += num(entry, 'bytesReceived');
    } else if (entry.type === 'outbound-rtp') {
      totals.bytesSent += num(entry, 'bytesSent');
    } else if (entry.type === 'remote-inbound-rtp') {
      const lost = optionalNum(entry, 'fractionLost');
      if (lost !== null) totals.remoteLoss = Math.max(totals.remoteLoss ?? 0, lost);
      const rtt = optionalNum(entry, 'roundTripTime');
      if (totals.rttMs === null && rtt !== null) totals.rttMs = rtt * 1000;
    }
  }
  return totals;
}

/** The interval's figures; counters that went backwards (a new connection) count from zero. */
export function measure(previous: StatsTotals | null, current: StatsTotals): QualitySample {
  const delta = (key: 'packetsReceived' | 'packetsLost' | 'bytesReceived' | 'bytesSent' | 'videoBytesReceived') =>
    previous && current[key] >= previous[key] ? current[key] - previous[key] : current[key];
  const seconds = previous && current.at > previous.at ? (current.at - previous.at) / 1000 : null;
  const received = delta('packetsReceived');
  const lost = delta('packetsLost');
  const inboundLoss = received + lost > 0 ? lost / (received + lost) : null;
  const losses = [inboundLoss, current.remoteLoss].filter((value): value is number => value !== null);
  const kbps = (bytes: number) => (seconds ? (bytes * 8) / 1000 / seconds : 0);
  return {
    rttMs: current.rttMs,
    loss: losses.length ? Math.max(...losses) : null,
    kbps: kbps(delta('bytesReceived') + delta('bytesSent')),
    videoKbps: kbps(delta('videoBytesReceived')),
  };
}

/**
 * Where fair and poor begin. Round trips are twice ITU-T G.114's one-way delays: 150 ms, beyond
 * which conversation suffers, and 400 ms, beyond which it is unacceptable. Below 64 kbit/s VP8 no
 * longer shows a face legibly.
 */
const LIMITS = {
  poor: { rttMs: 800, loss: 0.08, videoKbps: 64 },
  fair: { rttMs: 300, loss: 0.02, videoKbps: 150 },
} as const;

/**
 * Good, fair or poor by round trip, loss and — while someone's camera is expected to be on
 * screen (`expectVideo`) — the video bitrate that arrives.
 */
export function classify(sample: QualitySample, expectVideo: boolean): Quality {
  if (sample.rttMs === null && sample.loss === null) return 'unknown';
  const worse = (limit: (typeof LIMITS)[keyof typeof LIMITS]) =>
    (sample.rttMs ?? 0) > limit.rttMs || (sample.loss ?? 0) > limit.loss || (expectVideo && sample.videoKbps < limit.videoKbps);
  if (worse(LIMITS.poor)) return 'poor';
  if (worse(LIMITS.fair)) return 'fair';
  return 'good';
}
