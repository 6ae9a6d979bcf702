package dev.riffle.protocol.manifest;

/**
 * Bounds applied while reading untrusted manifests and key sets, before any signature check, so a hostile document
 * cannot exhaust memory or CPU. The defaults fit a 24 h live window of 2 s segments in a dozen renditions.
 */
public record ManifestLimits(
        int maxDocumentBytes,
        int maxNestingDepth,
        int maxStringLength,
        int maxRenditions,
        int maxSegmentsPerRendition) {

    public static final ManifestLimits DEFAULT = new ManifestLimits(16 * 1024 * 1024, 16, 4096, 64, 50_000);

    public ManifestLimits {
        if (maxDocumentBytes < 1
                || maxNestingDepth < 4
                || maxStringLength < 64
                || maxRenditions < 1
                || maxSegmentsPerRendition < 1) {
            throw new IllegalArgumentException("limits too small to read any manifest");
        }
    }
}
