package dev.riffle.origin.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemContentStoreTest {
    @TempDir
    Path data;

    @Test
    void staged_files_are_invisible_until_published() throws Exception {
        FileSystemContentStore store = new FileSystemContentStore(data);
        Path staged = store.createStaging("job1");
        Files.writeString(Files.createDirectories(staged.resolve("360p")).resolve("0.ts"), "x");
        assertThat(store.find("t1", "360p/0.ts")).isEmpty();
        store.publish("t1", "job1", staged);
        assertThat(store.find("t1", "360p/0.ts"))
                .hasValueSatisfying(f -> assertThat(f.size()).isEqualTo(1));
        assertThat(store.liveVersion("t1")).hasValue("job1");
        assertThat(Files.exists(staged)).isFalse();
    }

    @Test
    void unpublish_hides_and_relink_restores() throws Exception {
        FileSystemContentStore store = new FileSystemContentStore(data);
        Path staged = store.createStaging("job1");
        Files.writeString(staged.resolve("master.m3u8"), "#EXTM3U");
        store.publish("t1", "job1", staged);
        store.unpublish("t1");
        assertThat(store.find("t1", "master.m3u8")).isEmpty();
        store.relink("t1", "job1");
        assertThat(store.find("t1", "master.m3u8")).isPresent();
    }

    @Test
    void paths_cannot_escape_the_title() throws Exception {
        FileSystemContentStore store = new FileSystemContentStore(data);
        Files.writeString(data.resolve("secret"), "s");
        Path staged = store.createStaging("job1");
        Files.writeString(staged.resolve("a.m3u8"), "a");
        store.publish("t1", "job1", staged);
        assertThat(store.find("t1", "../../secret")).isEmpty();
        assertThat(store.find("..", "secret")).isEmpty();
        assertThat(store.find("t1", "")).isEmpty();
        assertThat(store.find("t1", ".hidden")).isEmpty();
    }

    @Test
    void recovery_removes_what_an_interrupted_ingest_left_behind() throws Exception {
        FileSystemContentStore store = new FileSystemContentStore(data);
        Path staged = store.createStaging("crashed");
        Files.writeString(staged.resolve("half.ts"), "x");
        new FileSystemContentStore(data).recover();
        assertThat(Files.exists(staged)).isFalse();
    }
}
