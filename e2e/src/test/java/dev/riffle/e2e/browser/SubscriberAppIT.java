package dev.riffle.e2e.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riffle.agent.Agent;
import dev.riffle.agent.app.PageLogin;
import dev.riffle.agent.login.OidcClient;
import dev.riffle.agent.login.TokenStore;
import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.tracker.TrackerSettings;
import dev.riffle.agent.transport.InProcessSignaling;
import dev.riffle.agent.transport.RtcFactory;
import dev.riffle.e2e.platform.DemoRealm;
import dev.riffle.e2e.platform.Platform;
import dev.riffle.e2e.platform.PlatformOptions;
import dev.riffle.e2e.platform.TitleSpec;
import dev.riffle.testkit.LiveFeed;
import dev.riffle.testkit.ManagedProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A subscriber uses the agent's own app in Debian Chromium (playwright-core, {@code e2e/browser/app.mjs}), against the
 * whole platform run as packaged apps: signs in from the page (device grant, approved on the issuer's page), then, on
 * a signed-in agent, browses and searches the catalogue, opens a title with English
 * subtitles and plays it 10 s with them on, in a swarm where another agent seeds the whole title; the source bar shows
 * peer cells. A page on another origin then tries to stop seeding and delete: refused. Stop seeding in the page: a new
 * agent takes nothing from this one. Metered in the settings page: a connected agent takes nothing and this one
 * uploads nothing; metered off: the next agent does take segments from it (so the two checks before could fail).
 * Delete in my titles: the cache is freed. An audio-only title plays in the same page, and a live
 * channel on air is listed as live and plays too. Screenshots of each page under {@code target/it-app-<n>/shots/}
 * (docs/img keeps pictures refreshed by hand). Without node, npm or Chromium the test fails with what to install.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class SubscriberAppIT {
    private static final int PLAY_SECONDS = 10;
    private static final String NAME = "Subscriber app sample";
    private static final String RADIO = "Subscriber app radio";
    private static final String LIVE = "Subscriber app live";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private Platform platform;
    private Vertx vertx;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) {
            try {
                c.close();
            } catch (Exception e) {
                // stop the rest anyway
            }
        }
        if (vertx != null)
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        if (platform != null) platform.close();
    }

    /** WebVTT with one cue per second over the clip, so a cue is showing whatever the player's position. */
    private static String subtitles(int seconds) {
        var vtt = new StringBuilder("WEBVTT\n\n");
        for (int s = 0; s < seconds; s++) {
            vtt.append(String.format(Locale.ROOT, "00:00:%02d.000 --> 00:00:%02d.900%nLine %d%n%n", s, s, s + 1));
        }
        return vtt.toString();
    }

    @Test
    void aSubscriberBrowsesPlaysWithSubtitlesFromPeersControlsSeedingAndTheCacheAndPlaysAudio() throws Exception {
        BrowserTools.requirePrerequisites();
        Path work = Files.createDirectories(
                Path.of("target", "it-app-" + System.nanoTime()).toAbsolutePath());
        Path npm = BrowserTools.npmPackage(work.resolve("npm"), work.resolve("npm-ci.log"));

        platform = Platform.start(
                PlatformOptions.defaults(work.resolve("platform"))
                        .withViewerAccounts(6)
                        .withAppsCopied(),
                System.out::println);
        Path clip = Platform.generateSampleClip(work.resolve("sample.mp4"), 20);
        String title = platform.ingest(clip, TitleSpec.open(NAME).withSubtitles("en", subtitles(20)), (s, p) -> {});
        Path tone = dev.riffle.testkit.TestClips.audio(work.resolve("tone.m4a"), 12);
        String radio = platform.ingest(tone, TitleSpec.open(RADIO), (s, p) -> {});

        vertx = Vertx.vertx();
        var rtc = new RtcFactory();
        toClose.add(rtc);
        signInFromThePage(npm, work, rtc);
        TrackerSettings tracker = TrackerSettings.defaults(platform.trackerUrl());
        // the seeder: holds every segment of every rendition
        Agent seeder = agent(1, work, rtc, tracker);
        assertThat(BrowserTools.warm(seeder, title)).isPositive();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> seeder.tracker().orElseThrow().announces() > 0);
        // the subscriber's agent, whose app the browser drives
        Agent mine = agent(2, work, rtc, tracker);
        done(mine.session(title));
        await().atMost(Duration.ofSeconds(30)).until(() -> mine.peers().containsKey(seeder.id()));

        try (var browser = new AppDriver(npm, mine.appUrl(), work.resolve("shots"), work.resolve("app.log"))) {
            JsonNode open = browser.step("open", Duration.ofSeconds(90));
            assertThat(open.path("me").path("signedIn").asBoolean()).isTrue();
            assertThat(open.path("header").asText()).contains(Platform.viewerUser(2));
            assertThat(open.path("titles").toString()).contains(NAME);

            JsonNode browse = browser.step("browse", Duration.ofSeconds(30), "query", "app sample", "name", NAME);
            assertThat(browse.path("cards").toString()).contains(title);

            JsonNode play = browser.step(
                    "play", Duration.ofSeconds(150), "name", NAME, "seconds", PLAY_SECONDS, "subtitles", "en");
            System.out.println("browser play: " + play.toPrettyString());
            assertThat(play.path("framesEnd").asLong()
                            - play.path("framesStart").asLong())
                    .as("video frames decoded while it played")
                    .isGreaterThan(PLAY_SECONDS * 10L);
            assertThat(play.path("currentTimeEnd").asDouble()
                            - play.path("currentTimeStart").asDouble())
                    .isGreaterThan(PLAY_SECONDS * 0.8);
            assertThat(play.path("selectedSubtitles").asText()).isEqualTo("en");
            JsonNode en = null;
            for (JsonNode t : play.path("textTracks"))
                if (t.path("language").asText().equals("en")) en = t;
            assertThat(en)
                    .as("an English text track: %s", play.path("textTracks"))
                    .isNotNull();
            assertThat(en.path("mode").asText()).isEqualTo("showing");
            assertThat(en.path("cues").asInt())
                    .as("subtitle cues loaded through the agent")
                    .isPositive();
            assertThat(mine.counters().bytesFromPeers.get())
                    .as("bytes from the seeder")
                    .isPositive();
            assertThat(play.path("peerCells").asInt())
                    .as("peer cells in the source bar")
                    .isPositive();
            assertThat(play.path("playheadCells").asInt()).isEqualTo(1);

            JsonNode evil = browser.step("crossOrigin", Duration.ofSeconds(30), "titleId", title);
            System.out.println("cross-origin page: " + evil);
            assertThat(evil.path("result").path("del").asText()).startsWith("blocked");
            assertThat(evil.path("result").path("read").asText()).startsWith("blocked");
            assertThat(mine.cache().isSeeding(title))
                    .as("another origin could not stop seeding")
                    .isTrue();
            assertThat(mine.cache().bytesPerTitle()).containsKey(title);

            // stop seeding: with the seeder gone, a new viewer can take nothing from this agent
            browser.step("stopSeeding", Duration.ofSeconds(20));
            assertThat(mine.cache().isSeeding(title)).isFalse();
            seeder.close();
            toClose.remove(seeder);
            Agent third = agent(3, work, rtc, tracker);
            done(third.session(title));
            BrowserTools.warm(third, title);
            assertThat(third.counters().bytesFromPeers.get()).isZero();
            close(third);

            // metered: seeding is on again, yet a connected viewer gets nothing and this agent uploads nothing
            browser.step("shot", Duration.ofSeconds(20), "name", "title-after", "hash", "#/title/" + title);
            browser.step("resumeSeeding", Duration.ofSeconds(20));
            browser.step("settings", Duration.ofSeconds(20), "metered", true);
            assertThat(mine.settings().metered()).isTrue();
            long uploaded = mine.bytesUploaded();
            Agent fourth = agent(4, work, rtc, tracker);
            done(fourth.session(title));
            await().atMost(Duration.ofSeconds(30)).until(() -> fourth.peers().containsKey(mine.id()));
            BrowserTools.warm(fourth, title);
            assertThat(fourth.counters().bytesFromPeers.get()).isZero();
            assertThat(mine.bytesUploaded()).as("metered: nothing uploaded").isEqualTo(uploaded);
            close(fourth);

            // metered off: the next viewer does take segments from this agent
            browser.step("settings", Duration.ofSeconds(20), "metered", false);
            Agent fifth = agent(5, work, rtc, tracker);
            done(fifth.session(title));
            await().atMost(Duration.ofSeconds(30)).until(() -> fifth.peers().containsKey(mine.id()));
            BrowserTools.warm(fifth, title);
            assertThat(fifth.counters().bytesFromPeers.get()).isPositive();
            assertThat(mine.bytesUploaded()).isGreaterThan(uploaded);
            close(fifth);

            // delete from my titles: the cache is freed
            browser.step("deleteTitle", Duration.ofSeconds(30), "titleId", title);
            assertThat(mine.cache().bytesPerTitle()).doesNotContainKey(title);
            assertThat(Files.exists(work.resolve("cache-2").resolve(title))).isFalse();
            browser.step("shot", Duration.ofSeconds(20), "name", "catalogue-after", "hash", "#/");

            // an audio-only title plays in the same page
            browser.step("browse", Duration.ofSeconds(30), "query", "radio", "name", RADIO);
            JsonNode audio =
                    browser.step("play", Duration.ofSeconds(90), "name", RADIO, "seconds", 4, "audioOnly", true);
            System.out.println("browser play (audio only): " + audio);
            assertThat(audio.path("mediaError").isNull())
                    .as("media error: %s", audio.path("mediaError"))
                    .isTrue();
            assertThat(audio.path("currentTimeEnd").asDouble()
                            - audio.path("currentTimeStart").asDouble())
                    .isGreaterThan(3.0);
            assertThat(audio.path("sources").path("id").asText()).isEqualTo(radio);
            assertThat(audio.path("sources").path("cells").asText()).matches(".*[pcbh].*");

            // a live channel on air is listed as live and plays in the page
            JsonNode channel = platform.createLiveChannel(LIVE);
            String live = channel.path("id").asText();
            ManagedProcess feed =
                    LiveFeed.start(channel.path("pushUrl").asText(), "640x360", 25, 60, work.resolve("feed.log"));
            toClose.add(0, feed);
            await().atMost(Duration.ofSeconds(60))
                    .until(() ->
                            platform.liveChannel(live).path("segmentsPublished").asLong() >= 3);
            JsonNode listed = JSON.readTree(BrowserTools.get(mine.appUrl().resolve("/api/catalogue?q=live")));
            assertThat(listed.path("titles").get(0).path("id").asText()).isEqualTo(live);
            assertThat(listed.path("titles").get(0).path("live").asBoolean()).isTrue();
            browser.step("browse", Duration.ofSeconds(30), "query", "live", "name", LIVE);
            JsonNode onAir = browser.step("play", Duration.ofSeconds(90), "name", LIVE, "seconds", 5);
            System.out.println("browser play (live): " + onAir);
            assertThat(onAir.path("framesEnd").asLong()
                            - onAir.path("framesStart").asLong())
                    .as("live frames decoded")
                    .isPositive();
            assertThat(onAir.path("sources").path("live").asBoolean()).isTrue();
        }
        System.out.println("screenshots: " + work.resolve("shots"));
    }

    /**
     * An agent nobody signed in to yet: the browser clicks Sign in, follows the link to the issuer's page, approves as
     * viewer-06, and the app shows the account; the tokens land in the agent's store, never in the page.
     */
    private void signInFromThePage(Path npm, Path work, RtcFactory rtc) throws Exception {
        TokenStore store = new TokenStore(work.resolve("guest-home/.riffle/agent"));
        var hub = new InProcessSignaling();
        toClose.add(hub);
        Agent guest = new Agent(
                vertx,
                platform.agentConfig("guest", work.resolve("cache-guest"), 6).withToken(() -> {
                    try {
                        return store.accessToken();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }),
                rtc,
                hub.endpoint(new PeerId("guest")));
        toClose.add(0, guest);
        done(guest.start());
        var oidc = new OidcClient(platform.issuer(), "riffle-agent", InstantSource.system(), Duration.ofSeconds(10));
        guest.pageLogin(new PageLogin(oidc, store, "openid", () -> {}));
        try (var browser =
                new AppDriver(npm, guest.appUrl(), work.resolve("shots-sign-in"), work.resolve("app-sign-in.log"))) {
            JsonNode open = browser.step("open", Duration.ofSeconds(90));
            assertThat(open.path("me").path("signedIn").asBoolean()).isFalse();
            JsonNode signIn = browser.step(
                    "signIn",
                    Duration.ofSeconds(60),
                    "username",
                    Platform.viewerUser(6),
                    "password",
                    DemoRealm.password(Platform.viewerUser(6)));
            assertThat(signIn.path("header").asText()).contains(Platform.viewerUser(6));
        }
        String token = store.accessToken();
        assertThat(dev.riffle.testkit.OidcTokens.claims(token)
                        .path("preferred_username")
                        .asText())
                .isEqualTo(Platform.viewerUser(6));
        close(guest);
    }

    private Agent agent(int viewer, Path work, RtcFactory rtc, TrackerSettings tracker) throws Exception {
        Agent a = done(Agent.withTracker(
                vertx, platform.agentConfig("v" + viewer, work.resolve("cache-" + viewer), viewer), rtc, tracker));
        toClose.add(0, a);
        return a;
    }

    private void close(Agent a) {
        a.close();
        toClose.remove(a);
    }

    private static <T> T done(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
