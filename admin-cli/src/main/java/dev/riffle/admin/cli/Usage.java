package dev.riffle.admin.cli;

/** The help text of {@code ./riffle admin}. */
final class Usage {
    static final String TEXT = """
            Usage: ./riffle admin <command> [options]

            Commands:
              upload FILE --name NAME [--summary TEXT] [--poster IMAGE] [--subtitles LANG=FILE.vtt]...
                          [--plan basic|standard|premium] [--territories FR,DE] [--available-from RFC3339]
                          [--available-until RFC3339] [--chunk-size 8M] [--no-wait]
                  Create a title, send its poster and subtitles, upload FILE (resuming after a dropped
                  connection from the origin's offset), then follow the ingest until it is published.
              upload FILE --resume JOB_ID
                  Continue an upload started earlier (e.g. by a run that was stopped) from the origin's offset.
              jobs JOB_ID [--watch]
                  Show an ingest job; --watch follows it with a progress bar until it ends.
              titles [--query TEXT] [--status S] [--plan P] [--territory T] [--filter key=value]...
                     [--page N] [--size N] [--json]
                  List the catalogue (operators see every status).
              unpublish TITLE_ID
                  Take a title off the edge and the public catalogue.

            Connection (every command):
              --origin URL        origin-server (default http://127.0.0.1:8081, or $RIFFLE_ORIGIN)
              --token-file FILE   an operator access token in a file (or $RIFFLE_TOKEN_FILE)
              --user U --password P
                                  sign in with the password grant (password also from $RIFFLE_ADMIN_PASSWORD)
              --issuer URL        OIDC issuer for --user (default http://127.0.0.1:8082/dev-idp, or $RIFFLE_ISSUER)
              --client ID         OIDC client for --user (default riffle-agent)
              Without --token-file or --user: the single-machine default's operator (olivia) at the dev issuer.

            Exit codes: 0 done, 1 failed (the message says why), 2 bad command line.
            """;

    private Usage() {}
}
