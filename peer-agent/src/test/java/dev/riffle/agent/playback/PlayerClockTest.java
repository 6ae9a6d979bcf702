package dev.riffle.agent.playback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.testkit.property.Gen;
import dev.riffle.testkit.property.Property;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** 2 s segments: segment k spans media [2000k, 2000k + 2000). */
class PlayerClockTest {
    private static final long SEG = 2_000;

    private static long start(long k) {
        return k * SEG;
    }

    private static PlayerClock ask(PlayerClock c, long k, long now) {
        return c == null ? PlayerClock.startAt(start(k), start(k + 1), now) : c.requested(start(k), start(k + 1), now);
    }

    private static PlayerClock got(PlayerClock c, long k, long now) {
        return c.delivered(start(k), start(k + 1), now);
    }

    @Test
    void aPlayerThatReadsFarAheadNeedsItsLatestRequestOnlyWhenPlaybackGetsThere() {
        // hls.js-like: asks 0 at t=0, gets it at 100 ms, then asks 1, 2, ... as fast as they come.
        PlayerClock c = got(ask(null, 0, 0), 0, 100);
        long now = 100;
        for (long k = 1; k <= 5; k++) {
            c = got(ask(c, k, now), k, now + 20);
            now += 20;
        }
        c = ask(c, 6, 2_100);
        // Playback started at 100 ms at media 0: media 12 s (segment 6) is reached at 12.1 s, not now.
        assertThat(c.deadline(start(6), 2_100)).isEqualTo(12_100);
        assertThat(c.waiting(2_100)).isFalse();
        assertThat(c.position(2_100)).isEqualTo(2_000);
    }

    @Test
    void theFirstSegmentIsNeededFromTheMomentItIsAskedForAndTheNextOnesFollowInMediaTime() {
        PlayerClock c = ask(null, 0, 1_000);
        assertThat(c.waiting(1_500)).isTrue();
        assertThat(c.deadline(start(0), 1_500))
                .as("waited for since it was asked")
                .isEqualTo(1_000);
        assertThat(c.deadline(start(1), 1_500))
                .as("one segment after whenever the first arrives")
                .isEqualTo(3_500);
        assertThat(c.windowStartMillis()).isEqualTo(1_000);
    }

    @Test
    void aPlayerThatRunsDryWaitsFromTheMomentItsBufferEndedAndLaterSegmentsSlideWithTheWait() {
        PlayerClock c = got(ask(null, 0, 0), 0, 0);
        c = got(ask(c, 1, 0), 1, 0); // holds media [0, 4 s), playing from 0
        c = ask(c, 2, 3_000);
        assertThat(c.waiting(3_999)).isFalse();
        assertThat(c.waiting(4_000)).isTrue();
        assertThat(c.deadline(start(2), 5_000))
                .as("needed since the buffer ran dry")
                .isEqualTo(4_000);
        assertThat(c.deadline(start(3), 5_000)).isEqualTo(7_000);
        assertThat(c.deadline(start(3), 6_000)).isEqualTo(8_000);
        // It arrives: playback resumes from media 4 s at 6 s.
        c = got(c, 2, 6_000);
        assertThat(c.waiting(6_000)).isFalse();
        assertThat(c.deadline(start(3), 6_500)).isEqualTo(8_000);
    }

    @Test
    void aPausedPlayerLooksRunDryAndOnlyItsNextSegmentIsOverdue() {
        PlayerClock c = got(ask(null, 0, 0), 0, 0);
        for (long k = 1; k <= 9; k++) c = got(ask(c, k, 0), k, 0); // 20 s buffered, then paused for a minute
        assertThat(c.deadline(start(10), 60_000)).isEqualTo(20_000);
        assertThat(c.deadline(start(15), 60_000)).as("later ones wait with it").isEqualTo(70_000);
    }

    @Test
    void aRequestThatDoesNotContinueTheLastOnesIsASeek() {
        PlayerClock c = got(ask(null, 0, 0), 0, 0);
        c = got(ask(c, 1, 100), 1, 150);
        PlayerClock forward = ask(c, 30, 1_000);
        assertThat(forward.startMedia()).isEqualTo(start(30));
        assertThat(forward.deadline(start(30), 1_200)).isEqualTo(1_000);
        assertThat(forward.windowStartMillis()).isEqualTo(1_000);
        PlayerClock back = ask(forward, 3, 2_000);
        assertThat(back.startMedia()).isEqualTo(start(3));
        // A retry of what it asked for already, or the next segment while one is in flight, is not a seek.
        assertThat(ask(c, 1, 1_000)).isEqualTo(c);
        PlayerClock pipelined = ask(ask(c, 2, 1_000), 3, 1_001);
        assertThat(pipelined.startMedia()).isZero();
        assertThat(pipelined.requestedEnd()).isEqualTo(start(4));
    }

    @Test
    void aSwitchKeepsThePlaybackAndRestartsOnlyTheWindow() {
        PlayerClock c = got(ask(null, 0, 0), 0, 0);
        PlayerClock switched = c.restartWindow(1_500);
        assertThat(switched.deadline(start(5), 1_500)).isEqualTo(c.deadline(start(5), 1_500));
        assertThat(switched.windowStartMillis()).isEqualTo(1_500);
    }

    /**
     * Against a simulated player that asks ahead as far as it likes, receives segments after random delays and starts
     * playing some time after its first segment arrives: the clock never says a segment is needed later than the
     * player really needs it, so it can only err towards the CDN, never towards a stall.
     */
    @Test
    void theClockNeverPromisesMoreTimeThanARealPlayerGives() {
        Property.forAll(500, Gen.longs(), seed -> {
            var r = new SplittableRandom(seed);
            var player = new RealPlayer(r.nextLong(0, 1_500));
            long readAhead = r.nextLong(2_000, 40_000);
            long now = 0;
            PlayerClock c = null;
            for (long k = 0; k < 60; ) {
                now += r.nextLong(1, 1_500);
                player.advance(now);
                if (player.held - player.pos >= readAhead) continue;
                c = ask(c, k, now);
                for (long j = k; j < k + 10; j++) {
                    long realNeedAtTheEarliest = now + (start(j) - player.pos);
                    assertThat(c.deadline(start(j), now))
                            .as("segment %d at %d ms", j, now)
                            .isLessThanOrEqualTo(realNeedAtTheEarliest);
                }
                now += r.nextLong(0, 3_000);
                player.advance(now);
                c = got(c, k, now);
                player.got(start(k + 1), now);
                k++;
            }
        });
    }

    /** Starts {@code startDelay} after its first segment arrives, plays in real time, waits when it runs dry. */
    private static final class RealPlayer {
        final long startDelay;
        long playStart = -1, lastT, pos, held;

        RealPlayer(long startDelay) {
            this.startDelay = startDelay;
        }

        void advance(long now) {
            if (playStart >= 0 && now > playStart) {
                pos = Math.min(held, pos + (now - Math.max(lastT, playStart)));
            }
            lastT = now;
        }

        void got(long end, long now) {
            held = end;
            if (playStart < 0) playStart = now + startDelay;
        }
    }
}
