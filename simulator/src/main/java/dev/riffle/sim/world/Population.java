package dev.riffle.sim.world;

import dev.riffle.sim.scenario.Scenario;
import dev.riffle.tracker.matching.Locality;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Draws the audience of a scenario: arrival times, titles, lines, ISPs, NATs and sessions, all from one seed. */
final class Population {
    private final Scenario s;
    private final SplittableRandom rng;
    private final double[] zipfCumulative;
    private final int[] titleSeconds;
    private final Map<Integer, Swarm> swarms = new HashMap<>();
    private final Locality[] localities;
    /** Per ISP: a class shared by the ISPs the tracker deems the same ISP and region, or -1 (see {@link Viewer}). */
    private final int[] ispRegionClass;

    Population(Scenario s, SplittableRandom rng) {
        this.s = s;
        this.rng = rng;
        var cat = s.catalogue();
        zipfCumulative = new double[cat.titles()];
        double sum = 0;
        for (int k = 0; k < cat.titles(); k++) zipfCumulative[k] = sum += 1 / Math.pow(k + 1, cat.zipfExponent());
        for (int k = 0; k < cat.titles(); k++) zipfCumulative[k] /= sum;
        titleSeconds = new int[cat.titles()];
        for (int k = 0; k < cat.titles(); k++) {
            titleSeconds[k] = cat.minTitleSeconds() + rng.nextInt(cat.maxTitleSeconds() - cat.minTitleSeconds() + 1);
        }
        var isps = s.audience().isps();
        localities = new Locality[isps.size()];
        for (int i = 0; i < isps.size(); i++) {
            var isp = isps.get(i);
            localities[i] = new Locality(isp.asn(), isp.country(), isp.region());
        }
        ispRegionClass = new int[isps.size()];
        for (int i = 0; i < isps.size(); i++) {
            ispRegionClass[i] = -1;
            for (int j = 0; j <= i && ispRegionClass[i] < 0; j++) {
                if (localities[i].sameIspAndRegion(localities[j])) ispRegionClass[i] = j;
            }
        }
    }

    /** Every viewer of the run, in order of arrival. */
    List<Viewer> viewers() {
        long[] joins = arrivals();
        var out = new ArrayList<Viewer>(joins.length);
        for (int i = 0; i < joins.length; i++) out.add(viewer(i, joins[i]));
        return out;
    }

    private long[] arrivals() {
        var a = s.arrivals();
        int n = s.viewers();
        long[] t = new long[n];
        long duration = s.durationSeconds() * 1000L;
        switch (a.shape()) {
            case "staggered" -> {
                for (int i = 0; i < n; i++) t[i] = i * a.staggerMillis();
            }
            case "flash" -> {
                for (int i = 0; i < n; i++) t[i] = rng.nextLong(Math.max(1, a.windowSeconds() * 1000L));
            }
            default -> {
                // N points drawn from the daily rate curve: a Poisson process conditioned on its count.
                int minutes = (int) Math.max(1, duration / 60_000);
                double[] cum = new double[minutes];
                double sum = 0;
                for (int m = 0; m < minutes; m++) {
                    double hour = a.startHour() + m / 60.0;
                    int h0 = (int) Math.floor(hour) % 24;
                    double frac = hour - Math.floor(hour);
                    double w = a.hourlyWeights().get(h0) * (1 - frac)
                            + a.hourlyWeights().get((h0 + 1) % 24) * frac;
                    cum[m] = sum += w;
                }
                for (int i = 0; i < n; i++) {
                    double x = rng.nextDouble() * sum;
                    int m = Arrays.binarySearch(cum, x);
                    m = m >= 0 ? m : Math.min(minutes - 1, -m - 1);
                    t[i] = m * 60_000L + rng.nextLong(60_000);
                }
            }
        }
        Arrays.sort(t);
        for (int i = 0; i < n; i++) t[i] = Math.min(t[i], duration - 1);
        return t;
    }

    private Viewer viewer(int i, long joinAt) {
        var cat = s.catalogue();
        var aud = s.audience();
        int title = cat.live() ? 0 : zipf();
        double downMbps = clamp(aud.downlinkMedianMbps() * Math.exp(aud.downlinkSigma() * rng.nextGaussian()), 1, 2000);
        double upMbps =
                clamp(downMbps * aud.uplinkRatio() * Math.exp(aud.uplinkSigma() * rng.nextGaussian()), 0.25, 2000);
        double down = downMbps * 1e6 / 8;
        var agents = s.agents();
        double upCap = agents.uploadCapBytesPerSec() > 0
                ? agents.uploadCapBytesPerSec()
                : upMbps * 1e6 / 8 * agents.uploadShare();
        int rung = 0;
        for (int r = 0; r < cat.ladderBytesPerSec().size(); r++) {
            if (cat.ladderBytesPerSec().get(r) <= down * cat.ladderHeadroom()) rung = r;
        }
        Swarm swarm = swarm(title, rung);
        int isp = pick(aud.isps().stream().mapToDouble(Scenario.Isp::share).toArray());
        var nat = aud.nat();
        int natKind = pick(new double[] {nat.open(), nat.cone(), nat.portRestricted(), nat.symmetric()});
        var session = aud.session();
        long titleMillis = titleSeconds[title] * 1000L;
        long watch = rng.nextDouble() < session.completeShare()
                ? titleMillis
                : (long) (-Math.log(1 - rng.nextDouble()) * session.meanWatchSeconds() * 1000);
        watch = Math.max(swarm.segmentMillis, Math.min(watch, titleMillis));
        long seekAfter = !cat.live() && rng.nextDouble() < session.seekShare() ? rng.nextLong(watch) : -1;
        double seekTo = rng.nextDouble();
        String subnet = aud.isps().get(isp).asn() + "." + rng.nextInt(4096);
        return new Viewer(
                i,
                isp,
                localities[isp],
                ispRegionClass[isp],
                subnet,
                natKind,
                down,
                upCap,
                upMbps * 1e6 / 8,
                swarm,
                joinAt,
                watch,
                seekAfter,
                seekTo,
                0);
    }

    private Swarm swarm(int title, int rung) {
        var cat = s.catalogue();
        return swarms.computeIfAbsent(title * 16 + rung, k -> {
            int segments = (int) Math.max(1, titleSeconds[title] * 1000L / cat.segmentMillis());
            return new Swarm(
                    title,
                    "t" + title + "r" + rung,
                    cat.ladderBytesPerSec().get(rung),
                    cat.segmentMillis(),
                    segments,
                    cat.live(),
                    0);
        });
    }

    private int zipf() {
        int k = Arrays.binarySearch(zipfCumulative, rng.nextDouble());
        return Math.min(zipfCumulative.length - 1, k >= 0 ? k : -k - 1);
    }

    private int pick(double[] shares) {
        double sum = 0;
        for (double w : shares) sum += w;
        double x = rng.nextDouble() * sum;
        for (int i = 0; i < shares.length; i++) {
            x -= shares[i];
            if (x < 0) return i;
        }
        return shares.length - 1;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
