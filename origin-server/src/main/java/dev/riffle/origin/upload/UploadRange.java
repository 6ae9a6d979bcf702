package dev.riffle.origin.upload;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a chunk goes: from {@code Upload-Offset: n} (tus style) or {@code Content-Range: bytes a-b/total}. Pure.
 *
 * @param offset first byte of this chunk within the source
 * @param length chunk length if the client said (Content-Range), else empty
 * @param total total size if the client said, else empty
 */
public record UploadRange(long offset, OptionalLong length, OptionalLong total) {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d{1,19})-(\\d{1,19})/(\\d{1,19}|\\*)");

    /** Empty when neither header is usable; throws IllegalArgumentException on malformed or contradicting headers. */
    public static Optional<UploadRange> parse(String uploadOffset, String contentRange) {
        UploadRange fromRange = null;
        if (contentRange != null && !contentRange.isBlank()) {
            Matcher m = CONTENT_RANGE.matcher(contentRange.trim());
            if (!m.matches()) throw new IllegalArgumentException("Content-Range must be 'bytes first-last/total'");
            long first = Long.parseLong(m.group(1));
            long last = Long.parseLong(m.group(2));
            if (last < first) throw new IllegalArgumentException("Content-Range last byte before first");
            OptionalLong total =
                    m.group(3).equals("*") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(m.group(3)));
            if (total.isPresent() && last >= total.getAsLong()) {
                throw new IllegalArgumentException("Content-Range beyond total size");
            }
            fromRange = new UploadRange(first, OptionalLong.of(last - first + 1), total);
        }
        if (uploadOffset != null && !uploadOffset.isBlank()) {
            long off;
            try {
                off = Long.parseLong(uploadOffset.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Upload-Offset must be a number");
            }
            if (off < 0) throw new IllegalArgumentException("Upload-Offset must be >= 0");
            if (fromRange != null && fromRange.offset() != off) {
                throw new IllegalArgumentException("Upload-Offset and Content-Range disagree");
            }
            return Optional.of(
                    fromRange != null ? fromRange : new UploadRange(off, OptionalLong.empty(), OptionalLong.empty()));
        }
        return Optional.ofNullable(fromRange);
    }
}
