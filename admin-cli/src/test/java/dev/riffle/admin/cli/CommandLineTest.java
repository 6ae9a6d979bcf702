package dev.riffle.admin.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riffle.admin.cli.Command.Auth;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandLineTest {
    private static Command parse(String... args) {
        return CommandLine.parse(List.of(args), Map.of());
    }

    @Test
    void a_full_upload_line_becomes_an_upload_with_every_field() {
        Command c = parse(
                "upload",
                "movie.mp4",
                "--name",
                "Big Buck Bunny",
                "--summary=A rabbit",
                "--poster",
                "p.jpg",
                "--subtitles",
                "en=en.vtt",
                "--subtitles",
                "pt-BR=pt.vtt",
                "--plan",
                "Standard",
                "--territories",
                "fr, de,FR",
                "--origin",
                "http://127.0.0.1:9081/",
                "--chunk-size",
                "16M");
        assertThat(c).isInstanceOf(Command.Upload.class);
        Command.Upload u = (Command.Upload) c;
        assertThat(u.source()).isEqualTo(Path.of("movie.mp4"));
        assertThat(u.metadata().name()).isEqualTo("Big Buck Bunny");
        assertThat(u.metadata().summary()).contains("A rabbit");
        assertThat(u.metadata().requiredPlan()).contains("standard");
        assertThat(u.metadata().territories()).containsExactly("FR", "DE");
        assertThat(u.poster()).contains(Path.of("p.jpg"));
        assertThat(u.subtitles()).containsEntry("en", Path.of("en.vtt")).containsEntry("pt-BR", Path.of("pt.vtt"));
        assertThat(u.chunkBytes()).isEqualTo(16L << 20);
        assertThat(u.followIngest()).isTrue();
        assertThat(u.connection().origin()).isEqualTo(URI.create("http://127.0.0.1:9081"));
    }

    @Test
    void without_credentials_the_dev_operator_at_the_dev_issuer_signs_in() {
        Command.Upload u = (Command.Upload) parse("upload", "m.mp4", "--name", "x");
        assertThat(u.connection().auth())
                .isEqualTo(new Auth.Password(
                        CommandLine.DEFAULT_ISSUER, "riffle-agent", "olivia", CommandLine.DEV_PASSWORD));
        assertThat(u.connection().origin()).isEqualTo(CommandLine.DEFAULT_ORIGIN);
    }

    @Test
    void credentials_come_from_flags_or_the_environment_and_passwords_never_print() {
        Command.Jobs j = (Command.Jobs) CommandLine.parse(
                List.of("jobs", "abc", "--user", "oscar", "--issuer", "https://kc.example/realms/riffle"),
                Map.of("RIFFLE_ADMIN_PASSWORD", "s3cret", "RIFFLE_ORIGIN", "http://10.0.0.1:8081"));
        assertThat(j.connection().auth())
                .isEqualTo(new Auth.Password(
                        URI.create("https://kc.example/realms/riffle"), "riffle-agent", "oscar", "s3cret"));
        assertThat(j.connection().auth().toString()).doesNotContain("s3cret");
        assertThat(j.connection().origin()).isEqualTo(URI.create("http://10.0.0.1:8081"));

        Command.Titles t = (Command.Titles) parse("titles", "--token-file", "/tmp/t");
        assertThat(t.connection().auth()).isEqualTo(new Auth.TokenFile(Path.of("/tmp/t")));
    }

    @Test
    void mistakes_are_usage_errors_that_say_what_to_fix() {
        assertThatThrownBy(() -> parse("upload", "m.mp4")).hasMessageContaining("--name");
        assertThatThrownBy(() -> parse("upload", "--name", "x")).hasMessageContaining("FILE");
        assertThatThrownBy(() -> parse("upload", "a.mp4", "b.mp4", "--name", "x"))
                .hasMessageContaining("b.mp4");
        assertThatThrownBy(() -> parse("upload", "m.mp4", "--name", "x", "--subtitles", "en.vtt"))
                .hasMessageContaining("LANG=FILE");
        assertThatThrownBy(() -> parse("upload", "m.mp4", "--name", "x", "--subtitles", "e_n=a.vtt"))
                .hasMessageContaining("language tag");
        assertThatThrownBy(() ->
                        parse("upload", "m.mp4", "--name", "x", "--subtitles", "en=a.vtt", "--subtitles", "en=b.vtt"))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> parse("upload", "m.mp4", "--name", "x", "--plan", "gold"))
                .hasMessageContaining("basic, standard or premium");
        assertThatThrownBy(() -> parse("upload", "m.mp4", "--name", "x", "--territories", "France"))
                .hasMessageContaining("alpha-2");
        assertThatThrownBy(() -> parse("upload", "m.mp4", "--name", "x", "--chunk-size", "128M"))
                .hasMessageContaining("64M");
        assertThatThrownBy(() -> parse("upload", "m.mp4", "--name", "x", "--bogus", "1"))
                .hasMessageContaining("Unknown option")
                .hasMessageContaining("'--bogus'");
        assertThatThrownBy(() -> parse("upload", "m.mp4", "--name", "x", "--origin", "ftp://h"))
                .hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> parse("upload", "m.mp4", "--name"))
                .hasMessageContaining("Missing required parameter for option '--name'");
        assertThatThrownBy(() -> parse("upload", "m.mp4", "--name", "x", "--name", "y"))
                .hasMessageContaining("--name")
                .hasMessageContaining("only once");
        assertThatThrownBy(() -> parse("titles", "--token-file", "t", "--user", "u", "--password", "p"))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> parse("titles", "--user", "u")).hasMessageContaining("--password");
        assertThatThrownBy(() -> parse("jobs", "../etc")).hasMessageContaining("not a valid job id");
        assertThatThrownBy(() -> parse("deploy")).hasMessageContaining("unknown command 'deploy'");
        assertThatThrownBy(() -> parse("titles", "--status", "gone")).hasMessageContaining("status must be");
        assertThatThrownBy(() -> parse("titles", "--name", "x")).isInstanceOf(UsageException.class);
    }

    @Test
    void resume_needs_only_the_file_and_the_job() {
        Command.Upload u = (Command.Upload) parse("upload", "m.mp4", "--resume", "q7x2", "--no-wait");
        assertThat(u.resumeJob()).contains("q7x2");
        assertThat(u.followIngest()).isFalse();
        assertThat(u.chunkBytes()).isEqualTo(CommandLine.DEFAULT_CHUNK_BYTES);
    }

    @Test
    void titles_filters_map_to_the_origin_query_parameters() {
        Command.Titles t = (Command.Titles) parse(
                "titles", "--filter", "q=bunny", "--status", "published", "--territory", "fr", "--page", "2", "--json");
        assertThat(t.filters())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("q", "bunny", "status", "published", "territory", "FR", "page", "2"));
        assertThat(t.json()).isTrue();
        assertThat(((Command.Unpublish) parse("unpublish", "k2m")).titleId()).isEqualTo("k2m");
        assertThat(((Command.Jobs) parse("jobs", "k2m", "--watch")).watch()).isTrue();
    }

    @Test
    void help_is_a_command_not_an_error() {
        assertThat(parse()).isInstanceOf(Command.Help.class);
        assertThat(parse("help")).isInstanceOf(Command.Help.class);
        assertThat(parse("upload", "--help")).isInstanceOf(Command.Help.class);
        assertThat(((Command.Help) parse("--help")).text()).contains("upload", "jobs", "titles", "unpublish");
        assertThat(((Command.Help) parse("upload", "--help")).text()).contains("--name=NAME", "--resume=JOB_ID");
        assertThat(((Command.Help) parse("help", "titles")).text()).contains("--filter=key=value");
        assertThatThrownBy(() -> parse("help", "deploy")).isInstanceOf(UsageException.class);
    }

    @Test
    void sizes_take_binary_suffixes() {
        assertThat(CommandLine.size("512K")).isEqualTo(512 * 1024);
        assertThat(CommandLine.size("8MiB")).isEqualTo(8L << 20);
        assertThat(CommandLine.size("70000")).isEqualTo(70000);
        assertThatThrownBy(() -> CommandLine.size("8 GB")).isInstanceOf(UsageException.class);
        assertThat(Optional.of(CommandLine.size("1m"))).contains(1L << 20);
    }

    @Test
    void live_create_status_and_stop_parse_and_check_their_values() {
        var create = (Command.LiveCreate) parse(
                "live",
                "create",
                "--name",
                "Final",
                "--dvr",
                "2m",
                "--plan",
                "PREMIUM",
                "--territories",
                "fr,de",
                "--ladder",
                "720p:720:2800, 360p:360:800");
        assertThat(create.metadata().name()).isEqualTo("Final");
        assertThat(create.metadata().requiredPlan()).contains("premium");
        assertThat(create.metadata().territories()).containsExactly("FR", "DE");
        assertThat(create.dvrSeconds()).contains(120L);
        assertThat(create.ladder()).containsExactly("720p:720:2800", "360p:360:800");
        assertThat(((Command.LiveCreate) parse("live", "create", "--name", "x", "--dvr", "90")).dvrSeconds())
                .contains(90L);

        assertThat(((Command.LiveStatus) parse("live", "status")).channelId()).isEmpty();
        assertThat(((Command.LiveStatus) parse("live", "status", "abc", "--json")).json())
                .isTrue();
        assertThat(((Command.LiveStop) parse("live", "stop", "abc")).channelId())
                .isEqualTo("abc");

        assertThatThrownBy(() -> parse("live", "create")).hasMessageContaining("needs --name");
        assertThatThrownBy(() -> parse("live", "create", "id1", "--name", "x")).hasMessageContaining("no channel id");
        assertThatThrownBy(() -> parse("live", "create", "--name", "x", "--dvr", "soon"))
                .hasMessageContaining("--dvr takes a duration");
        assertThatThrownBy(() -> parse("live", "create", "--name", "x", "--ladder", "huge"))
                .hasMessageContaining("--ladder takes source");
        assertThatThrownBy(() -> parse("live", "stop")).hasMessageContaining("needs the channel id");
        assertThatThrownBy(() -> parse("live", "status", "--name", "x")).hasMessageContaining("are for live create");
        assertThatThrownBy(() -> parse("live", "restart", "abc")).hasMessageContaining("create, status or stop");
        assertThatThrownBy(() -> parse("live", "stop", "../etc")).isInstanceOf(UsageException.class);
    }
}
