import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface TileView {
  participantId: string;
  name: string;
  /** This browser's own camera: mirrored, and its microphone not played back. */
  self: boolean;
  video: MediaStreamTrack | null;
  audio: MediaStreamTrack | null;
  /** The participant publishes a camera, whether or not its media arrived yet. */
  hasVideo: boolean;
  videoMuted: boolean;
  audioMuted: boolean;
  speaking: boolean;
}

/** One participant's picture and sound, with their name, what they muted and whether they speak. */
export function VideoTile({ tile }: { tile: TileView }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLVideoElement>(null);
  const { video, audio, self } = tile;
  /** The id of the video track whose first frame the element has shown. */
  const [shownTrack, setShownTrack] = useState<string | null>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const tracks = [video, self ? null : audio].filter((track): track is MediaStreamTrack => track !== null);
    element.srcObject = tracks.length ? new MediaStream(tracks) : null;
    return () => {
      element.srcObject = null;
    };
  }, [video, audio, self]);
  const showing = video !== null && !tile.videoMuted && shownTrack === video.id;
  const placeholder = !tile.hasVideo ? t('media.noVideo') : tile.videoMuted ? t('media.badges.videoMuted') : t('media.waitingVideo');
  return (
    <figure
      className="video-tile"
      data-testid="video-tile"
      data-participant={tile.participantId}
      data-self={self || undefined}
      data-speaking={tile.speaking || undefined}
      data-audio-muted={tile.audioMuted || undefined}
      data-video-muted={tile.videoMuted || undefined}
      data-video={showing ? 'playing' : 'waiting'}
    >
      <video ref={ref} className={self ? 'video-mirrored' : undefined} autoPlay playsInline muted={self} onLoadedData={() => video && setShownTrack(video.id)} />
      {!showing && (
        <div className="video-placeholder" aria-hidden="true">
          <span className="video-initial">{tile.name.slice(0, 1)}</span>
          <span>{placeholder}</span>
        </div>
      )}
      <figcaption className="video-caption">
        <span className="video-name">{tile.name}</span>
        {tile.speaking && <span className="tag tag-speaking">{t('media.badges.speaking')}</span>}
        {tile.audioMuted && <span className="tag tag-muted">{t('media.badges.audioMuted')}</span>}
        {tile.hasVideo && tile.videoMuted && <span className="tag tag-muted">{t('media.badges.videoMuted')}</span>}
      </figcaption>
    </figure>
  );
}
