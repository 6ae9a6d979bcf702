package dev.riffle.admin.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the operator asked for, parsed from the command line by {@link CommandLine}. */
public sealed interface Command {

    /** Print usage (to stdout when asked for, to stderr after a usage error). */
    record Help(String text) implements Command {}

    /** {@code upload FILE --name ...}: create the title, send poster and subtitles, upload, follow the ingest. */
    record Upload(
            Connection connection,
            Path source,
            Metadata metadata,
            Optional<Path> poster,
            Map<String, Path> subtitles,
            Optional<String> resumeJob,
            long chunkBytes,
            boolean followIngest)
            implements Command {
        public Upload {
            subtitles = Map.copyOf(subtitles);
            if (chunkBytes < 1) throw new IllegalArgumentException("chunk size must be positive");
        }
    }

    /** {@code jobs ID [--watch]}: one job, or follow it until it ends. */
    record Jobs(Connection connection, String jobId, boolean watch) implements Command {}

    /** {@code titles [--query q] [--status s] [--plan p] [--territory T] [--page n] [--size n] [--json]}. */
    record Titles(Connection connection, Map<String, String> filters, boolean json) implements Command {
        public Titles {
            filters = Map.copyOf(filters);
        }
    }

    /** {@code unpublish ID}. */
    record Unpublish(Connection connection, String titleId) implements Command {}

    /** {@code live create --name ...}: a new live channel. */
    record LiveCreate(
            Connection connection, Metadata metadata, Optional<Long> dvrSeconds, List<String> ladder, boolean json)
            implements Command {
        public LiveCreate {
            ladder = List.copyOf(ladder);
        }
    }

    /** {@code live status [ID]}: one channel, or every channel when no id is given. */
    record LiveStatus(Connection connection, Optional<String> channelId, boolean json) implements Command {}

    /** {@code live stop ID}. */
    record LiveStop(Connection connection, String channelId, boolean json) implements Command {}

    /** Title metadata sent with {@code POST /v1/titles}; absent fields take the origin's defaults. */
    record Metadata(
            String name,
            Optional<String> summary,
            Optional<String> requiredPlan,
            List<String> territories,
            Optional<String> availableFrom,
            Optional<String> availableUntil) {
        public Metadata {
            territories = List.copyOf(territories);
        }
    }

    /** Where the origin is and how to sign in. */
    record Connection(URI origin, Auth auth) {}

    /** How the CLI gets its operator bearer token. */
    sealed interface Auth {
        /** A token read from a file (e.g. made by another tool); never refreshed. */
        record TokenFile(Path file) implements Auth {}

        /** Resource-owner password grant at an OIDC issuer (the dev issuer by default). */
        record Password(URI issuer, String clientId, String username, String password) implements Auth {
            @Override
            public String toString() {
                // Never print the password, even in a debugger or a failed assertion.
                return "Password[issuer=" + issuer + ", clientId=" + clientId + ", username=" + username + "]";
            }
        }
    }
}
