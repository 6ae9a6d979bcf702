package dev.riffle.origin.live;

import dev.riffle.origin.live.rtmp.Amf0;
import dev.riffle.origin.live.rtmp.RtmpConnection;
import dev.riffle.protocol.manifest.Resolution;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the pushed stream is, learned from its first messages: the codecs (RFC 6381, from the H.264 decoder
 * configuration and the AAC audio config), the picture size and the bit rates the pusher announces in
 * {@code onMetaData}. A rendition passed through ({@code source}) is described with it.
 */
public final class StreamInfo {
    private String video;
    private String audio;
    private Resolution resolution;
    private double kbps;

    /** Learns from one media message; cheap for every message after the first few. */
    public void observe(RtmpConnection.Media m) {
        byte[] p = m.payload();
        if (m.type() == 9 && video == null && p.length >= 9 && (p[0] & 0x0F) == 7 && p[1] == 0) {
            // AVC sequence header: AVCDecoderConfigurationRecord after 5 bytes of FLV video tag header
            video = String.format(Locale.ROOT, "avc1.%02x%02x%02x", p[6] & 0xFF, p[7] & 0xFF, p[8] & 0xFF);
        } else if (m.type() == 8 && audio == null && p.length >= 3 && (p[0] & 0xF0) == 0xA0 && p[1] == 0) {
            int objectType = (p[2] & 0xFF) >>> 3; // AudioSpecificConfig: 5 bits of audio object type
            audio = "mp4a.40." + objectType;
        } else if (m.type() == 18 && resolution == null) {
            try {
                List<Object> values = Amf0.decodeAll(p);
                if (values.size() >= 2 && values.get(1) instanceof Map<?, ?> meta) {
                    if (meta.get("width") instanceof Double w
                            && meta.get("height") instanceof Double h
                            && w >= 1
                            && h >= 1
                            && w < 10_000
                            && h < 10_000) {
                        resolution = new Resolution(w.intValue(), h.intValue());
                    }
                    double v = meta.get("videodatarate") instanceof Double d ? d : 0;
                    double a = meta.get("audiodatarate") instanceof Double d ? d : 0;
                    if (v + a > 0 && v + a < 1_000_000) kbps = v + a;
                }
            } catch (RuntimeException ignored) {
                // metadata is a hint: a pusher that sends none, or odd one, still streams
            }
        }
    }

    /** RFC 6381 codecs of what has been seen, video first; H.264 Main 3.1 until the decoder config arrives. */
    public String codecs() {
        String v = video != null ? video : "avc1.4d401f";
        return audio != null ? v + "," + audio : v;
    }

    /** The picture size from onMetaData, or null. */
    public Resolution resolution() {
        return resolution;
    }

    /** Peak bandwidth to announce: the pusher's declared rates with headroom, or {@code fallbackBps}. */
    public long bandwidthBps(long fallbackBps) {
        return kbps > 0 ? Math.round(kbps * 1000 * 1.25) : fallbackBps;
    }
}
