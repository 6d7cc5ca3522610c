import { describe, expect, it } from 'vitest';
import { classify, measure, totalsOf } from './connection-quality';

/** A report as Chrome gives it: the selected pair through the transport, streams both ways. */
const report = (over: { rtt?: number; received?: number; lost?: number; videoBytes?: number; audioBytes?: number; sent?: number; fractionLost?: number }) => [
  { id: 'T01', type: 'transport', selectedCandidatePairId: 'CP1' },
  { id: 'CP1', type: 'candidate-pair', state: 'succeeded', nominated: true, currentRoundTripTime: over.rtt ?? 0.04 },
  { id: 'CP2', type: 'candidate-pair', state: 'failed', nominated: false, currentRoundTripTime: 3 },
  { id: 'IV', type: 'inbound-rtp', kind: 'video', packetsReceived: over.received ?? 1000, packetsLost: over.lost ?? 0, bytesReceived: over.videoBytes ?? 500_000 },
  { id: 'IA', type: 'inbound-rtp', kind: 'audio', packetsReceived: 500, packetsLost: 0, bytesReceived: over.audioBytes ?? 40_000 },
  { id: 'OV', type: 'outbound-rtp', kind: 'video', bytesSent: over.sent ?? 300_000 },
  { id: 'RI', type: 'remote-inbound-rtp', kind: 'video', fractionLost: over.fractionLost ?? 0, roundTripTime: 0.5 },
];

describe('connection quality', () => {
  it('sums a report: round trip of the selected pair, packets and bytes both ways', () => {
    expect(totalsOf(report({}), 1000)).toEqual({
      at: 1000,
      rttMs: 40,
      packetsReceived: 1500,
      packetsLost: 0,
      remoteLoss: 0,
      bytesReceived: 540_000,
      bytesSent: 300_000,
      videoBytesReceived: 500_000,
    });
  });

  it('falls back to the nominated pair, then to the remote round trip', () => {
    const withoutTransport = report({ rtt: 0.1 }).filter((entry) => entry.type !== 'transport');
    expect(totalsOf(withoutTransport, 0).rttMs).toBe(100);
    const withoutPairs = report({}).filter((entry) => entry.type !== 'transport' && entry.type !== 'candidate-pair');
    expect(totalsOf(withoutPairs, 0).rttMs).toBe(500);
  });

  it('measures loss and bitrate over the interval between two reports', () => {
    const first = totalsOf(report({}), 0);
    const second = totalsOf(report({ received: 1900, lost: 100, videoBytes: 750_000, sent: 425_000, audioBytes: 40_000 }), 2000);
    const sample = measure(first, second);
    expect(sample.rttMs).toBe(40);
    // 100 lost of 1000 packets in the interval (900 video + 0 audio received, 100 lost).
    expect(sample.loss).toBeCloseTo(0.1);
    // (250 000 + 125 000) bytes in 2 s.
    expect(sample.kbps).toBeCloseTo(1500);
    expect(sample.videoKbps).toBeCloseTo(1000);
  });

  it('counts from zero when counters restart, and takes the worse of received and reported loss', () => {
    const before = totalsOf(report({ received: 5000 }), 0);
    const after = totalsOf(report({ received: 100, fractionLost: 0.05 }), 1000);
    const sample = measure(before, after);
    expect(sample.loss).toBe(0.05);
    expect(measure(null, after).kbps).toBe(0);
  });

  it('classifies by round trip, loss and, when video is expected, its bitrate', () => {
    const good = { rttMs: 40, loss: 0, kbps: 900, videoKbps: 500 };
    expect(classify(good, true)).toBe('good');
    expect(classify({ ...good, rttMs: 350 }, true)).toBe('fair');
    expect(classify({ ...good, loss: 0.03 }, true)).toBe('fair');
    expect(classify({ ...good, videoKbps: 100 }, true)).toBe('fair');
    expect(classify({ ...good, videoKbps: 100 }, false)).toBe('good');
    expect(classify({ ...good, rttMs: 900 }, false)).toBe('poor');
    expect(classify({ ...good, loss: 0.12 }, false)).toBe('poor');
    expect(classify({ ...good, videoKbps: 20 }, true)).toBe('poor');
    expect(classify({ rttMs: null, loss: null, kbps: 0, videoKbps: 0 }, true)).toBe('unknown');
  });
});
