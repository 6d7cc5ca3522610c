import { createSocket, type Socket } from 'node:dgram';
import { PictureLossIndication, RtcpPayloadSpecificFeedback, RtpPacket } from 'werift';
import type { Outlet, PublishedTrack } from './published-track';

/**
 * Plain RTP between two SFU workers of one host or one private network, the way mediasoup's
 * PipeTransport links routers: no ICE or DTLS, one UDP socket per relayed track on each side.
 * RTP flows origin → edge; the edge sends RTCP PLI back, and a two-byte pause marker tells the
 * edge that the publisher muted, so its subscribers wait for a key frame on resume.
 */
const PAUSE = Buffer.from([0x00, 0x01]);

const bind = (socket: Socket, ip: string): Promise<number> =>
  new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, ip, () => {
      socket.off('error', reject);
      resolve(socket.address().port);
    });
  });

/** Origin side: an outlet of the published track that writes every packet to the edge. */
export class PipeSender implements Outlet {
  private constructor(
    private readonly socket: Socket,
    readonly host: string,
    readonly port: number,
  ) {}

  static async open(listenIp: string, host: string, port: number, track: PublishedTrack): Promise<PipeSender> {
    const socket = createSocket('udp4');
    await bind(socket, listenIp);
    socket.on('message', () => track.requestKeyFrame());
    socket.on('error', () => undefined);
    return new PipeSender(socket, host, port);
  }

  send(rtp: RtpPacket): void {
    this.socket.send(rtp.serialize(), this.port, this.host);
  }

  pause(): void {
    this.socket.send(PAUSE, this.port, this.host);
  }

  close(): void {
    this.socket.close();
  }
}

/** Edge side: feeds the relayed track from the origin's packets. */
export class PipeReceiver {
  private origin: { address: string; port: number } | undefined;
  private ssrc = 0;

  private constructor(
    private readonly socket: Socket,
    readonly port: number,
  ) {}

  static async open(listenIp: string, track: () => PublishedTrack | undefined): Promise<PipeReceiver> {
    const socket = createSocket('udp4');
    const port = await bind(socket, listenIp);
    const receiver = new PipeReceiver(socket, port);
    socket.on('message', (data, rinfo) => {
      const target = track();
      if (!target) return;
      receiver.origin = { address: rinfo.address, port: rinfo.port };
      if (data.length === PAUSE.length && data[0] === 0) {
        target.setMuted(true);
        return;
      }
      const rtp = RtpPacket.deSerialize(data);
      receiver.ssrc = rtp.header.ssrc;
      if (target.info.muted) target.setMuted(false);
      target.forward(rtp);
    });
    socket.on('error', () => undefined);
    return receiver;
  }

  requestKeyFrame(): void {
    if (!this.origin) return;
    const pli = new RtcpPayloadSpecificFeedback({ feedback: new PictureLossIndication({ senderSsrc: 0, mediaSsrc: this.ssrc }) });
    this.socket.send(pli.serialize(), this.origin.port, this.origin.address);
  }

  close(): void {
    this.socket.close();
  }
}
