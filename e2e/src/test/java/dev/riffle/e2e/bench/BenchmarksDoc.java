package dev.riffle.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Replaces one {@code ## } section of docs/benchmarks.md and nothing else: other benchmarks write their own sections
 * of the same file, possibly at the same time, so the file is re-read just before writing and swapped in atomically.
 */
final class BenchmarksDoc {
    private BenchmarksDoc() {}

    /**
     * The document with the section under {@code heading} (a full line such as {@code ## e2e: swarm offload}) replaced
     * by {@code body}; the section is appended at the end when missing. The heading line itself is kept.
     */
    static String replaceSection(String doc, String heading, String body) {
        if (!heading.startsWith("## ")) throw new IllegalArgumentException("heading must be a '## ' line");
        String text = body.endsWith("\n") ? body : body + "\n";
        String[] lines = doc.split("\n", -1);
        int start = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].strip().equals(heading)) {
                start = i;
                break;
            }
        }
        if (start < 0) {
            String base = doc.endsWith("\n") || doc.isEmpty() ? doc : doc + "\n";
            return base + "\n" + heading + "\n\n" + text;
        }
        int end = lines.length;
        boolean fence = false;
        for (int i = start + 1; i < lines.length; i++) {
            if (lines[i].startsWith("```")) fence = !fence;
            if (!fence && lines[i].startsWith("## ")) {
                end = i;
                break;
            }
        }
        var sb = new StringBuilder();
        for (int i = 0; i <= start; i++) sb.append(lines[i]).append('\n');
        sb.append('\n').append(text);
        if (end < lines.length) {
            sb.append('\n');
            for (int i = end; i < lines.length; i++) {
                sb.append(lines[i]);
                if (i < lines.length - 1) sb.append('\n');
            }
        }
        return sb.toString();
    }

    static void writeSection(Path file, String heading, String body) throws IOException {
        String doc = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n";
        Path tmp = file.resolveSibling(file.getFileName() + ".swarm-tmp");
        Files.writeString(tmp, replaceSection(doc, heading, body));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
