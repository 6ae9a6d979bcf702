package dev.riffle.tracker.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.riffle.testkit.property.Gen;
import dev.riffle.testkit.property.Property;
import dev.riffle.tracker.announce.AnnounceParser;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Peer ids, devices and swarm ids are checked by hand on the announce path; the regular expressions they document are
 * the reference here, on generated strings that are mostly near misses (right shape, one wrong character or length).
 */
class PeerIdsTest {

    static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_-]{1,16}");
    static final Pattern PEER_ID = Pattern.compile("[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{1,16}");
    static final Pattern SWARM_ID = Pattern.compile("[A-Za-z0-9._:~-]{1,128}");

    /** Mostly valid characters, some that only swarm ids allow, and a few that nothing allows. */
    static final String CHARS = "aZz09AQ_-._:~ /+\u00e9\u0000@[`{";

    static final Gen<String> NEAR_PEER_ID = r -> {
        String tag = Gen.strings(CHARS.substring(0, 7), 15, 17).apply(r);
        String device = Gen.strings(r.nextInt(4) == 0 ? CHARS : CHARS.substring(0, 7), 0, 18)
                .apply(r);
        String sep = r.nextInt(8) == 0 ? Gen.oneOf("", "-", ":", "..").apply(r) : ".";
        return r.nextInt(10) == 0 ? Gen.strings(CHARS, 0, 40).apply(r) : tag + sep + device;
    };

    @Test
    void peerIdsAreCheckedLikeTheirPattern() {
        Property.forAll("peer id", 20_000, NEAR_PEER_ID, id -> assertThat(PeerIds.wellFormed(id))
                .as(id)
                .isEqualTo(PEER_ID.matcher(id).matches()));
        assertThat(PeerIds.wellFormed(null)).isFalse();
    }

    @Test
    void devicesAreCheckedLikeTheirPattern() {
        Property.forAll("device", 10_000, Gen.strings(CHARS, 0, 18), d -> assertThat(PeerIds.validDevice(d))
                .as(d)
                .isEqualTo(DEVICE.matcher(d).matches()));
        assertThat(PeerIds.validDevice(null)).isFalse();
    }

    @Test
    void swarmIdsAreCheckedLikeTheirPattern() {
        Property.forAll(
                "swarm id",
                10_000,
                r -> r.nextBoolean()
                        ? Gen.strings(CHARS, 0, 12).apply(r)
                        : Gen.strings(CHARS.substring(0, 11), 120, 130).apply(r)
                                + Gen.strings(CHARS, 0, 1).apply(r),
                id -> assertThat(AnnounceParser.validSwarmId(id))
                        .as(id)
                        .isEqualTo(SWARM_ID.matcher(id).matches()));
        assertThat(AnnounceParser.validSwarmId(null)).isFalse();
    }

    @Test
    void aPeerIdBelongsOnlyToTheAccountWhoseTagItCarries() {
        String alice = PeerIds.of("alice", "tv");
        assertThat(alice).matches(PEER_ID);
        assertThat(PeerIds.belongsTo(alice, "alice")).isTrue();
        assertThat(PeerIds.belongsTo(alice, "bob")).isFalse();
        // checked ids are cached: asked again (and for many other ids in between), the answer is the same
        for (int i = 0; i < 1000; i++) {
            PeerIds.belongsTo(PeerIds.of("subject-" + i, "0"), "alice");
        }
        assertThat(PeerIds.of("alice", "tv")).isEqualTo(alice);
        assertThat(PeerIds.belongsTo(alice, "bob")).isFalse();
        // a device with the tag's shape does not make another account's id: the tag is the part before the dot
        String bobTag = PeerIds.of("bob", "0").substring(0, 16);
        assertThat(PeerIds.belongsTo(bobTag + "." + alice.substring(0, 16), "alice"))
                .isFalse();
        assertThat(PeerIds.accountTag("alice")).hasSize(16).isNotEqualTo(alice.substring(0, 16));
        // no subject, no tag (it used to be the tag of the text "null", shared by every such caller)
        assertThatNullPointerException().isThrownBy(() -> PeerIds.accountTag(null));
        assertThat(PeerIds.belongsTo(alice, null)).isFalse();
    }

    @Test
    void sessionIdsOfOneAccountAreUnlinkableYetEachBelongsToIt() {
        var random = new java.util.Random(42);
        java.util.Set<String> tags = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            String id = PeerIds.forSession("alice", "tv", random);
            assertThat(id).matches(PEER_ID);
            assertThat(PeerIds.belongsTo(id, "alice")).as(id).isTrue();
            assertThat(PeerIds.belongsTo(id, "bob")).as(id).isFalse();
            tags.add(id.substring(0, 16));
        }
        // every session has a tag of its own, none of them the account's stable tag or its default id's
        assertThat(tags).hasSize(200);
        assertThat(tags)
                .doesNotContain(
                        PeerIds.accountTag("alice"), PeerIds.of("alice", "tv").substring(0, 16));
    }

    @Test
    void aSessionIdWithItsHashTamperedBelongsToNobody() {
        String id = PeerIds.forSession("carol", "0", new java.util.Random(7));
        char last = id.charAt(15);
        String tampered = id.substring(0, 15) + (last == 'A' ? 'B' : 'A') + id.substring(16);
        assertThat(PeerIds.belongsTo(tampered, "carol")).isFalse();
    }
}
