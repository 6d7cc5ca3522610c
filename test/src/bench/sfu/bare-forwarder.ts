import { peerConfig } from '@bidhall/media';
import { type MediaStreamTrack, RTCPeerConnection } from 'werift';
import type { FromForwarder, ToForwarder } from './protocol';

/**
 * The baseline: the least a werift SFU can do. One publisher's track handed to every subscriber's
 * sender with replaceTrack, as werift's pub/sub example does; no key-frame requests, no mute,
 * no bookkeeping. Same codecs and network settings as the SFU.
 */
const config = peerConfig({ listenIp: '127.0.0.1', iceServers: [] });
const peers = new Map<string, RTCPeerConnection>();
let source: MediaStreamTrack | undefined;
const waiting: (() => void)[] = [];
const send = (message: FromForwarder) => process.send?.(message);

const offer = async (id: string, pc: RTCPeerConnection) => {
  await pc.setLocalDescription(await pc.createOffer());
  send({ type: 'offer', id, offer: { type: 'offer', sdp: pc.localDescription!.sdp } });
};

process.on('message', (message: ToForwarder) => {
  switch (message.type) {
    case 'join': {
      const pc = new RTCPeerConnection(config);
      peers.set(message.id, pc);
      if (message.role === 'publisher') {
        pc.addTransceiver('video', { direction: 'recvonly' }).onTrack.subscribe((track) => {
          source = track;
          for (const resume of waiting.splice(0)) resume();
        });
        void offer(message.id, pc);
      } else {
        const transceiver = pc.addTransceiver('video', { direction: 'sendonly' });
        const attach = () => void transceiver.sender.replaceTrack(source!);
        if (source) attach();
        else waiting.push(attach);
        void offer(message.id, pc);
      }
      break;
    }
    case 'answer':
      void peers.get(message.id)?.setRemoteDescription({ type: 'answer', sdp: message.answer.sdp });
      break;
    case 'usage': {
      const cpu = process.cpuUsage();
      send({ type: 'usage', cpuMicros: cpu.user + cpu.system, peers: peers.size });
      break;
    }
    case 'close':
      void Promise.all([...peers.values()].map((pc) => pc.close())).finally(() => process.exit(0));
      break;
  }
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
