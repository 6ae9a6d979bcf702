package dev.riffle.origin.packaging;

import java.util.Locale;

/** RFC 6381 codec strings for HLS CODECS; pure. */
public final class Codecs {
    private Codecs() {}

    /** {@code avc1.PPCCLL} from ffprobe's H.264 profile name and level (e.g. "Main", 30 → avc1.4d401e). */
    public static String avc(String profile, int level) {
        String pc =
                switch (profile.toLowerCase(Locale.ROOT)) {
                    case "baseline", "constrained baseline" -> "42e0";
                    case "high" -> "6400";
                    default -> "4d40";
                };
        int l = level > 0 && level < 256 ? level : 31;
        return String.format(Locale.ROOT, "avc1.%s%02x", pc, l);
    }
}
