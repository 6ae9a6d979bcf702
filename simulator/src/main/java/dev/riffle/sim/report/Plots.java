package dev.riffle.sim.report;

import dev.riffle.sim.run.Simulation.Outcome;
import dev.riffle.sim.world.Tally;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG plots of a run (XChart): offload over time, CDN egress against CDN-only, offload by popularity rank. */
public final class Plots {
    private Plots() {}

    public static List<Path> write(Outcome o, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        String name = o.scenario().name();
        var out = new ArrayList<Path>();
        out.add(save(offload(o), dir.resolve(name + "-offload.png")));
        out.add(save(egress(o), dir.resolve(name + "-cdn-egress.png")));
        if (o.scenario().catalogue().titles() > 1) out.add(save(popularity(o), dir.resolve(name + "-popularity.png")));
        return out;
    }

    private static XYChart offload(Outcome o) {
        Tally p = o.p2p();
        var chart = new XYChartBuilder()
                .width(900)
                .height(450)
                .title(o.scenario().name() + ": offload over time ("
                        + o.scenario().viewers() + " viewers)")
                .xAxisTitle("minutes")
                .yAxisTitle("offload")
                .build();
        var x = new ArrayList<Double>();
        var y = new ArrayList<Double>();
        for (int b = 0; b < p.fullBuckets(); b++) {
            if (Double.isNaN(p.offloadAt(b))) continue;
            x.add(b * Tally.BUCKET_MILLIS / 60_000.0);
            y.add(p.offloadAt(b));
        }
        if (x.isEmpty()) {
            x.add(0.0);
            y.add(0.0);
        }
        chart.addSeries("offload (10 s)", x, y).setMarker(SeriesMarkers.NONE);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setLegendVisible(false);
        return chart;
    }

    private static XYChart egress(Outcome o) {
        var chart = new XYChartBuilder()
                .width(900)
                .height(450)
                .title(o.scenario().name() + ": CDN egress, P2P against CDN-only")
                .xAxisTitle("minutes")
                .yAxisTitle("Gbit/s")
                .build();
        series(chart, "CDN-only", o.cdnOnly());
        series(chart, "with P2P", o.p2p());
        return chart;
    }

    private static void series(XYChart chart, String name, Tally t) {
        var x = new ArrayList<Double>();
        var y = new ArrayList<Double>();
        for (int b = 0; b < t.fullBuckets(); b++) {
            x.add(b * Tally.BUCKET_MILLIS / 60_000.0);
            y.add(t.cdnGbps(b));
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
    }

    private static CategoryChart popularity(Outcome o) {
        var chart = bandsChart(
                o.scenario().name() + ": offload by title popularity rank", Map.of("offload", Reports.bands(o.p2p())));
        chart.getStyler().setLegendVisible(false);
        return chart;
    }

    /**
     * Offload by popularity band for several settings side by side (one bar series per setting, in the map's order),
     * as a sweep's picture.
     */
    public static Path bandsBySetting(String title, Map<String, List<Reports.Band>> settings, Path file)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        return save(bandsChart(title, settings), file);
    }

    private static CategoryChart bandsChart(String title, Map<String, List<Reports.Band>> settings) {
        var chart = new CategoryChartBuilder()
                .width(900)
                .height(450)
                .title(title)
                .xAxisTitle("popularity rank")
                .yAxisTitle("offload")
                .build();
        for (var e : settings.entrySet()) {
            var labels = new ArrayList<String>();
            var values = new ArrayList<Double>();
            for (Reports.Band b : e.getValue()) {
                labels.add(b.label());
                values.add(b.offload());
            }
            chart.addSeries(e.getKey(), labels, values);
        }
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        return chart;
    }

    /** Lines of y against x (x on a log scale when {@code logX}), one per series, in the map's order. */
    public static Path lines(
            String title, String xTitle, String yTitle, boolean logX, Map<String, double[][]> series, Path file)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        var chart = new XYChartBuilder()
                .width(900)
                .height(450)
                .title(title)
                .xAxisTitle(xTitle)
                .yAxisTitle(yTitle)
                .build();
        for (var e : series.entrySet()) chart.addSeries(e.getKey(), e.getValue()[0], e.getValue()[1]);
        chart.getStyler().setXAxisLogarithmic(logX).setYAxisMin(0.0).setYAxisMax(1.0);
        return save(chart, file);
    }

    private static Path save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }
}
