package dev.riffle.origin.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** Turns {@code ffprobe -of json -show_format -show_streams} output into a {@link ProbeResult}; pure. */
public final class ProbeParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProbeParser() {}

    /** @throws PackagingException with an operator-readable reason when the file has nothing we can package */
    public static ProbeResult parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new PackagingException("not a media file: ffprobe output unreadable");
        }
        JsonNode video = null;
        JsonNode audio = null;
        for (JsonNode s : root.path("streams")) {
            String type = s.path("codec_type").asText();
            boolean attachedPic = s.path("disposition").path("attached_pic").asInt() == 1;
            if ("video".equals(type) && video == null && !attachedPic) video = s;
            if ("audio".equals(type) && audio == null) audio = s;
        }
        if (video == null && audio == null) {
            throw new PackagingException("not a media file: no audio or video stream found");
        }
        double duration = root.path("format").path("duration").asDouble(0);
        if (duration <= 0 && video != null) duration = video.path("duration").asDouble(0);
        if (duration <= 0 && audio != null) duration = audio.path("duration").asDouble(0);
        if (duration <= 0) throw new PackagingException("source has no duration: truncated or a still image");
        if (video == null) return new ProbeResult(false, 0, 0, 0, true, duration);
        int w = video.path("width").asInt(0);
        int h = video.path("height").asInt(0);
        if (w <= 0 || h <= 0) throw new PackagingException("video stream has no picture size");
        double fps = rate(video.path("avg_frame_rate").asText(""));
        if (fps <= 0 || fps > 240) fps = rate(video.path("r_frame_rate").asText(""));
        return new ProbeResult(true, w, h, fps > 0 && fps <= 240 ? fps : 0, audio != null, duration);
    }

    static double rate(String r) {
        int slash = r.indexOf('/');
        try {
            if (slash < 0) return Double.parseDouble(r);
            double den = Double.parseDouble(r.substring(slash + 1));
            return den == 0 ? 0 : Double.parseDouble(r.substring(0, slash)) / den;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
