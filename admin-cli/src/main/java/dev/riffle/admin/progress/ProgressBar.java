package dev.riffle.admin.progress;

import java.util.Locale;

/**
 * Renders one progress line, e.g. {@code upload    [##########..........]  50%  12.0 MiB / 24.0 MiB}. Pure: the
 * terminal shell ({@link ProgressDisplay}) decides where and how often it goes.
 */
public final class ProgressBar {
    public static final int BAR_WIDTH = 30;

    private ProgressBar() {}

    /** {@code fraction} is clamped to 0..1; {@code detail} follows the percentage (may be empty). */
    public static String render(String label, double fraction, String detail) {
        double f = Double.isNaN(fraction) ? 0 : Math.max(0, Math.min(1, fraction));
        int filled = (int) Math.floor(f * BAR_WIDTH);
        // 99.6 % must not show as 100 % while the work is not done.
        int percent = f >= 1 ? 100 : Math.min(99, (int) Math.floor(f * 100));
        StringBuilder b = new StringBuilder(80);
        b.append(String.format(Locale.ROOT, "%-9s [", label));
        b.append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ");
        b.append(String.format(Locale.ROOT, "%3d%%", percent));
        if (detail != null && !detail.isEmpty()) b.append("  ").append(detail);
        return b.toString();
    }

    /** Whole percent shown for {@code fraction}, as {@link #render} shows it. */
    public static int percent(double fraction) {
        double f = Double.isNaN(fraction) ? 0 : Math.max(0, Math.min(1, fraction));
        return f >= 1 ? 100 : Math.min(99, (int) Math.floor(f * 100));
    }

    /** {@code 12.0 MiB / 24.0 MiB}. */
    public static String bytes(long done, long total) {
        return human(done) + " / " + human(total);
    }

    /** Binary units with one decimal: {@code 512 B}, {@code 1.5 KiB}, {@code 12.0 MiB}, {@code 3.2 GiB}. */
    public static String human(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** {@code 3.4 MiB/s}, or empty when the rate is unknown. */
    public static String rate(long bytes, long nanos) {
        if (nanos <= 0 || bytes <= 0) return "";
        return human((long) (bytes * 1e9 / nanos)) + "/s";
    }
}
