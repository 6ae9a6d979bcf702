package dev.riffle.admin.upload;

/** One upload request: {@code length} bytes of the source from {@code offset}. */
public record Chunk(long offset, long length) {
    public Chunk {
        if (offset < 0 || length < 1) throw new IllegalArgumentException("bad chunk " + offset + "+" + length);
    }

    public long end() {
        return offset + length;
    }

    /**
     * The next chunk to send when the origin holds {@code stored} bytes of a {@code total}-byte source; {@code null}
     * when everything is stored. Always starts at the origin's offset, never at what the client believes it sent: after
     * a dropped connection the origin keeps the bytes that reached its disk, which may be more or fewer than ours.
     */
    public static Chunk next(long stored, long total, long maxChunk) {
        if (total < 1) throw new IllegalArgumentException("total must be positive");
        if (maxChunk < 1) throw new IllegalArgumentException("chunk size must be positive");
        if (stored < 0 || stored > total) {
            throw new IllegalStateException("the origin reports " + stored + " bytes stored of a " + total
                    + "-byte upload: it is not the file being uploaded");
        }
        if (stored == total) return null;
        return new Chunk(stored, Math.min(maxChunk, total - stored));
    }
}
