package dev.riffle.origin.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where packaged titles live. A job writes a complete version into a private staging area; {@link #publish} makes it
 * visible in one atomic step, so readers see either the old version, the new one, or nothing — never a partial title.
 * The filesystem implementation is the default; an object store can implement the same contract (upload under a
 * version prefix, then swap a pointer object).
 */
public interface ContentStore {

    /** A fresh, empty private directory for one job. */
    Path createStaging(String jobId) throws IOException;

    /** Drops a job's staging directory (failed or cancelled job). Never throws. */
    void discardStaging(String jobId);

    /** Moves the staged directory in as version {@code versionId} of the title and makes it live atomically. */
    void publish(String titleId, String versionId, Path staged) throws IOException;

    /** Makes an already stored version live again (re-publish after unpublish). */
    void relink(String titleId, String versionId) throws IOException;

    /** Takes the title offline; its versions stay stored so it can be re-published. */
    void unpublish(String titleId) throws IOException;

    /** The live file at {@code relativePath} of the title (blocking: stats the file). */
    Optional<ContentFile> find(String titleId, String relativePath);

    /** Removes staging left over by a crash and versions that were never made live. */
    void recover();

    /** True if {@code segment} is a safe path element (no separators, no dot-dot, no hidden files). */
    static boolean safeName(String segment) {
        return segment != null
                && !segment.isEmpty()
                && segment.length() <= 128
                && segment.charAt(0) != '.'
                && segment.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.');
    }
}
