package dev.riffle.tracker.matching;

/** Closeness of a candidate to the viewer, best first. */
public enum Tier {
    /** Same autonomous system and same region. */
    ISP_REGION,
    /** Same country. */
    COUNTRY,
    /** Anywhere else. */
    OTHER;

    // computed once: it is written into every peer of every answer
    private final String wireName = name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');

    public static Tier of(Locality viewer, Locality peer) {
        if (viewer.sameIspAndRegion(peer)) {
            return ISP_REGION;
        }
        if (viewer.sameCountry(peer)) {
            return COUNTRY;
        }
        return OTHER;
    }

    /** Stable wire name, e.g. {@code isp-region}. */
    public String wireName() {
        return wireName;
    }
}
