package dev.riffle.admin.progress;

import java.io.PrintStream;

/**
 * Puts progress lines on a terminal: on an interactive console one line redrawn in place ({@code \r}); otherwise (a
 * pipe, a CI log) a new line only when the label or detail changes or another {@value #LOG_STEP_PERCENT} % is done, so
 * logs stay short.
 */
public final class ProgressDisplay {
    static final int LOG_STEP_PERCENT = 10;

    private final PrintStream out;
    private final boolean interactive;
    private int lastWidth;
    private String lastKey = "";
    private int lastPercent = -1;
    private boolean open;

    public ProgressDisplay(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    public synchronized void show(String label, double fraction, String detail, String stableDetail) {
        String line = ProgressBar.render(label, fraction, detail);
        int percent = ProgressBar.percent(fraction);
        if (interactive) {
            out.print('\r' + line + " ".repeat(Math.max(0, lastWidth - line.length())));
            out.flush();
            lastWidth = line.length();
            open = true;
            return;
        }
        String key = label + "|" + stableDetail;
        if (shouldLog(lastKey, lastPercent, key, percent)) {
            out.println(line);
            lastKey = key;
            lastPercent = percent;
        }
    }

    /** Pure rule for non-interactive output. */
    static boolean shouldLog(String lastKey, int lastPercent, String key, int percent) {
        return !key.equals(lastKey)
                || percent == 100 && lastPercent != 100
                || percent / LOG_STEP_PERCENT > lastPercent / LOG_STEP_PERCENT;
    }

    /** Ends the line being redrawn (before other output). */
    public synchronized void done() {
        if (open) out.println();
        open = false;
        lastWidth = 0;
        lastKey = "";
        lastPercent = -1;
    }

    /** A message on its own line, not overwritten by the bar. */
    public synchronized void message(String text) {
        done();
        out.println(text);
    }
}
