package dev.riffle.e2e.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The benchmark's figure, drawn with Java2D (headless): on top the measured offload ratio against N with the ceiling
 * 1 − 1/N and the target 0.95 × (1 − 1/N); below, stalls per run, P2P next to the CDN-only baseline.
 */
final class OffloadPlot {
    private static final int W = 900, H = 640;
    private static final int LEFT = 80, RIGHT = 30;
    private static final Color P2P = new Color(0x1f77b4), BASE = new Color(0xd62728), GRID = new Color(0xdddddd);

    private OffloadPlot() {}

    static void write(List<SwarmPoint> points, String subtitle, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        var img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("Riffle swarm offload: N viewers, capped edge, capped uploads", LEFT, 26);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(subtitle, LEFT, 44);

        int maxN = points.stream().mapToInt(SwarmPoint::n).max().orElse(10);
        double xMax = Math.max(10, Math.ceil(maxN * 1.1 / 5) * 5);
        offloadPanel(g, points, xMax, 70, 330);
        stallPanel(g, points, xMax, 400, 590);
        g.dispose();
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(img, "png", png.toFile());
    }

    private static int x(double n, double xMax) {
        return LEFT + (int) Math.round(n / xMax * (W - LEFT - RIGHT));
    }

    private static void xAxis(Graphics2D g, List<SwarmPoint> points, double xMax, int bottom) {
        g.setColor(Color.BLACK);
        g.drawLine(LEFT, bottom, W - RIGHT, bottom);
        for (SwarmPoint p : points) {
            int px = x(p.n(), xMax);
            g.drawLine(px, bottom, px, bottom + 4);
            g.drawString(String.valueOf(p.n()), px - 6, bottom + 18);
        }
        g.drawString("viewers N", W - RIGHT - 60, bottom + 32);
    }

    private static void offloadPanel(Graphics2D g, List<SwarmPoint> points, double xMax, int top, int bottom) {
        java.util.function.DoubleUnaryOperator y = v -> bottom - v * (bottom - top);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i <= 10; i += 2) {
            int py = (int) y.applyAsDouble(i / 10.0);
            g.setColor(GRID);
            g.drawLine(LEFT, py, W - RIGHT, py);
            g.setColor(Color.BLACK);
            g.drawString(String.format("%.1f", i / 10.0), LEFT - 30, py + 4);
        }
        g.drawString("offload ratio", 8, top - 6);
        xAxis(g, points, xMax, bottom);

        // Ceiling and target as curves over continuous N from 2.
        var ceiling = new Path2D.Double();
        var target = new Path2D.Double();
        for (double n = 2; n <= xMax; n += 0.25) {
            double c = 1 - 1 / n;
            if (n == 2) {
                ceiling.moveTo(x(n, xMax), y.applyAsDouble(c));
                target.moveTo(x(n, xMax), y.applyAsDouble(SwarmPoint.TARGET * c));
            } else {
                ceiling.lineTo(x(n, xMax), y.applyAsDouble(c));
                target.lineTo(x(n, xMax), y.applyAsDouble(SwarmPoint.TARGET * c));
            }
        }
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1.5f));
        g.draw(ceiling);
        g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 5}, 0));
        g.draw(target);

        g.setColor(P2P);
        g.setStroke(new BasicStroke(2.5f));
        int[] last = null;
        for (SwarmPoint p : points) {
            int px = x(p.n(), xMax), py = (int) y.applyAsDouble(p.p2p().offloadRatio());
            if (last != null) g.drawLine(last[0], last[1], px, py);
            g.fillOval(px - 5, py - 5, 10, 10);
            g.drawString(String.format("%.2f", p.p2p().offloadRatio()), px - 12, py - 10);
            last = new int[] {px, py};
        }
        g.setStroke(new BasicStroke(1));
        legend(g, W - RIGHT - 250, bottom - 70, new Object[][] {
            {P2P, "measured offload (P2P)"},
            {Color.GRAY, "ceiling 1 - 1/N"},
            {Color.GRAY, "target 0.95 x (1 - 1/N), dashed"}
        });
    }

    private static void stallPanel(Graphics2D g, List<SwarmPoint> points, double xMax, int top, int bottom) {
        long max = 1;
        for (SwarmPoint p : points)
            max = Math.max(max, Math.max(p.p2p().stalls(), p.baseline().stalls()));
        long step = niceStep(Math.max(1, max) / 4.0);
        long yMax = Math.max(4, ((long) Math.ceil(max * 1.15 / step) + 1) * step);
        java.util.function.DoubleUnaryOperator y = v -> bottom - v / yMax * (bottom - top);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (long v = 0; v <= yMax; v += step) {
            int py = (int) y.applyAsDouble(v);
            g.setColor(GRID);
            g.drawLine(LEFT, py, W - RIGHT, py);
            g.setColor(Color.BLACK);
            g.drawString(String.valueOf(v), LEFT - 30, py + 4);
        }
        g.drawString("stalls (all viewers)", 8, top - 6);
        xAxis(g, points, xMax, bottom);
        int bw = 14;
        for (SwarmPoint p : points) {
            int px = x(p.n(), xMax);
            bar(g, P2P, px - bw - 1, bw, y, bottom, p.p2p().stalls());
            bar(g, BASE, px + 1, bw, y, bottom, p.baseline().stalls());
        }
        legend(g, LEFT + 12, top + 6, new Object[][] {{P2P, "P2P"}, {BASE, "CDN-only baseline"}});
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static long niceStep(double raw) {
        long pow = 1;
        while (pow * 10 <= raw) pow *= 10;
        for (long m : new long[] {1, 2, 5, 10}) if (m * pow >= raw) return m * pow;
        return 10 * pow;
    }

    /** Redraws the figure from a run's {@code results.json}: {@code results.json out.png "subtitle"}. */
    public static void main(String[] args) throws IOException {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<SwarmPoint> points = List.of(json.readValue(Path.of(args[0]).toFile(), SwarmPoint[].class));
        write(points, args.length > 2 ? args[2] : "", Path.of(args[1]));
    }

    private static void bar(
            Graphics2D g, Color c, int x0, int w, java.util.function.DoubleUnaryOperator y, int bottom, long v) {
        int py = (int) y.applyAsDouble(v);
        g.setColor(c);
        g.fillRect(x0, py, w, Math.max(1, bottom - py));
        g.setColor(Color.BLACK);
        g.drawString(String.valueOf(v), x0 + 2, py - 3);
    }

    private static void legend(Graphics2D g, int x0, int y0, Object[][] rows) {
        g.setColor(new Color(255, 255, 255, 230));
        g.fillRect(x0 - 6, y0 - 4, 250, rows.length * 18 + 6);
        for (int i = 0; i < rows.length; i++) {
            g.setColor((Color) rows[i][0]);
            g.fillRect(x0, y0 + i * 18 + 3, 18, 8);
            g.setColor(Color.BLACK);
            g.drawString((String) rows[i][1], x0 + 26, y0 + i * 18 + 12);
        }
    }
}
