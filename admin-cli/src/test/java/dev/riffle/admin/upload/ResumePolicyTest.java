package dev.riffle.admin.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.admin.upload.ResumePolicy.Decision;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResumePolicyTest {
    private final ResumePolicy policy = new ResumePolicy(3, Duration.ofMillis(100), Duration.ofMillis(300));

    @Test
    void retries_back_off_and_give_up_after_max_attempts_without_progress() {
        assertThat(policy.failed(10)).isEqualTo(new Decision.Retry(Duration.ofMillis(100), 1));
        assertThat(policy.failed(10)).isEqualTo(new Decision.Retry(Duration.ofMillis(200), 2));
        assertThat(policy.failed(10)).isEqualTo(new Decision.Retry(Duration.ofMillis(300), 3));
        assertThat(policy.failed(10)).isEqualTo(new Decision.GiveUp(3));
    }

    @Test
    void progress_between_failures_starts_the_count_again() {
        for (int i = 0; i < 100; i++) {
            assertThat(policy.failed(i * 1000L)).isEqualTo(new Decision.Retry(Duration.ofMillis(100), 1));
        }
        policy.failed(99_000);
        // an offset reported lower than the best one seen is no progress
        assertThat(policy.failed(50)).isEqualTo(new Decision.Retry(Duration.ofMillis(300), 3));
        assertThat(policy.failed(99_000)).isInstanceOf(Decision.GiveUp.class);
    }
}
