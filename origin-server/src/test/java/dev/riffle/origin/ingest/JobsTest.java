package dev.riffle.origin.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final Job fresh = Job.awaitingUpload("job1", "title1", 100, T0);

    @Test
    void an_upload_grows_until_it_is_complete_then_the_job_can_queue() {
        Job half = Jobs.apply(fresh, new JobEvent.Received(50), T0);
        assertThat(half.receivedBytes()).isEqualTo(50);
        assertThatThrownBy(() -> Jobs.apply(half, new JobEvent.Entered(JobState.QUEUED), T0))
                .hasMessageContaining("not complete");
        Job full = Jobs.apply(half, new JobEvent.Received(100), T0);
        assertThat(Jobs.apply(full, new JobEvent.Entered(JobState.QUEUED), T0).state())
                .isEqualTo(JobState.QUEUED);
    }

    @Test
    void received_bytes_never_shrink_nor_exceed_the_declared_size() {
        Job half = Jobs.apply(fresh, new JobEvent.Received(50), T0);
        assertThatThrownBy(() -> Jobs.apply(half, new JobEvent.Received(40), T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Jobs.apply(half, new JobEvent.Received(101), T0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stages_follow_in_order_and_progress_is_monotonic() {
        Job j = queued();
        j = Jobs.apply(j, new JobEvent.Entered(JobState.PROBING), T0);
        j = Jobs.apply(j, new JobEvent.Entered(JobState.TRANSCODING), T0);
        Job mid = Jobs.apply(j, new JobEvent.Progressed(0.5), T0);
        assertThat(mid.progress()).isBetween(0.4, 0.6);
        assertThat(Jobs.apply(mid, new JobEvent.Progressed(0.1), T0).progress()).isEqualTo(mid.progress());
        Job skip = mid;
        assertThatThrownBy(() -> Jobs.apply(skip, new JobEvent.Entered(JobState.PUBLISHING), T0))
                .isInstanceOf(IllegalStateException.class);
        j = Jobs.apply(mid, new JobEvent.Entered(JobState.PACKAGING), T0);
        j = Jobs.apply(j, new JobEvent.Entered(JobState.PUBLISHING), T0);
        Job done = Jobs.apply(j, new JobEvent.Succeeded("v1"), T0.plusSeconds(5));
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.progress()).isEqualTo(1.0);
        assertThat(done.finishedAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void a_failure_needs_a_reason_and_ends_the_job() {
        assertThatThrownBy(() -> new JobEvent.Failed(" ")).isInstanceOf(IllegalArgumentException.class);
        Job failed = Jobs.apply(queued(), new JobEvent.Failed("not a media file"), T0);
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.failure()).isEqualTo("not a media file");
        assertThatThrownBy(() -> Jobs.apply(failed, new JobEvent.Entered(JobState.PROBING), T0))
                .hasMessageContaining("already failed");
    }

    @Test
    void only_publishing_can_succeed() {
        assertThatThrownBy(() -> Jobs.apply(queued(), new JobEvent.Succeeded("v"), T0))
                .isInstanceOf(IllegalStateException.class);
    }

    private Job queued() {
        return Jobs.apply(Jobs.apply(fresh, new JobEvent.Received(100), T0), new JobEvent.Entered(JobState.QUEUED), T0);
    }

    @Test
    void after_a_restart_running_work_fails_with_a_reason_and_uploads_resume_from_the_bytes_on_disk() {
        Job transcoding = Jobs.apply(
                Jobs.apply(queued(), new JobEvent.Entered(JobState.PROBING), T0),
                new JobEvent.Entered(JobState.TRANSCODING),
                T0);
        Job failed = Jobs.afterRestart(transcoding, 100, T0.plusSeconds(60));
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.failure()).contains("interrupted").contains("transcoding");

        Job uploading = Jobs.apply(fresh, new JobEvent.Received(40), T0);
        assertThat(Jobs.afterRestart(uploading, 64, T0).receivedBytes()).isEqualTo(64);
        assertThat(Jobs.afterRestart(uploading, 40, T0)).isSameAs(uploading);
        assertThat(Jobs.afterRestart(uploading, 500, T0).receivedBytes()).isEqualTo(100);

        Job done = Jobs.apply(queued(), new JobEvent.Failed("x"), T0);
        assertThat(Jobs.afterRestart(done, 0, T0)).isSameAs(done);
    }

    @Test
    void aJobWhoseWorkerStoppedGoesBackToTheQueueFromZeroAndEndedJobsStayEnded() {
        Instant t = Instant.parse("2026-12-07T09:00:00Z");
        Job running = Jobs.apply(
                Jobs.apply(
                        Jobs.apply(Job.awaitingUpload("j1", "t1", 10, t), new JobEvent.Received(10), t),
                        new JobEvent.Entered(JobState.QUEUED),
                        t),
                new JobEvent.Entered(JobState.PROBING),
                t);
        Job requeued = Jobs.requeued(running, t.plusSeconds(5));
        assertThat(requeued.state()).isEqualTo(JobState.QUEUED);
        assertThat(requeued.progress()).isZero();
        assertThat(requeued.receivedBytes()).isEqualTo(10);
        assertThat(Jobs.apply(requeued, new JobEvent.Entered(JobState.PROBING), t)
                        .state())
                .isEqualTo(JobState.PROBING);
        Job failed = Jobs.apply(running, new JobEvent.Failed("x"), t);
        assertThat(Jobs.requeued(failed, t)).isSameAs(failed);
    }
}
