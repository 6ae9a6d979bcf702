package dev.riffle.tracker.admission;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * Peer ids are bound to the account that uses them, without naming it: {@code <tag>.<device>}, where the tag is 16
 * base64url characters (12 bytes): a 6-byte salt, then the first 6 bytes of SHA-256("riffle-peer:" + sub + ":" +
 * salt). The device is 1–16 of {@code [A-Za-z0-9_-]} the agent picks (so one account can run several agents). Every
 * signalling connection gets a fresh random salt ({@link #forSession}), so the ids other peers see of one subscriber
 * change from session to session and cannot be linked without knowing the account's subject (an identity-provider id
 * peers never see). The tracker checks the id against the token's {@code sub} on every announce, WebSocket connection,
 * stats and polluter report ({@link #belongsTo}), so nobody can act as a peer of another account, and the account
 * behind every session id is known to it for per-account limits. {@link #of} is the id with an all-zero salt: stable,
 * for callers without a signalling session (and tests).
 */
public final class PeerIds {

    public static final String DEFAULT_DEVICE = "0";
    static final int TAG_LENGTH = 16;
    static final int MAX_DEVICE = 16;
    private static final int SALT_BYTES = 6;
    private static final int MAC_BYTES = 6;

    /**
     * Ids recently checked, with the subject they belong to. Every announce checks its peer id, and a SHA-256 per
     * announce was measurable; an id's owner never changes. Emptied when full, so its size stays bounded whatever the
     * callers.
     */
    private static final int MAX_CACHED = 65_536;

    private static final ConcurrentHashMap<String, String> VERIFIED = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, String> TAGS = new ConcurrentHashMap<>();

    private PeerIds() {}

    /**
     * The account's stable tag: first 16 characters of base64url(SHA-256("riffle-peer:" + sub)). Kept by the tracker
     * (per-account records, TURN usernames), never part of a session's peer id.
     */
    public static String accountTag(String subject) {
        // no tag for "no subject": every caller refuses such a token before asking
        String tag = TAGS.get(Objects.requireNonNull(subject, "subject"));
        if (tag == null) {
            if (TAGS.size() >= MAX_CACHED) TAGS.clear();
            tag = base64(sha256("riffle-peer:" + subject)).substring(0, TAG_LENGTH);
            TAGS.put(subject, tag);
        }
        return tag;
    }

    /** A session's tag: the salt, then the salted hash of the subject (see the class comment). */
    static String sessionTag(String subject, byte[] salt) {
        byte[] tag = new byte[SALT_BYTES + MAC_BYTES];
        System.arraycopy(salt, 0, tag, 0, SALT_BYTES);
        System.arraycopy(mac(subject, salt), 0, tag, SALT_BYTES, MAC_BYTES);
        return base64(tag);
    }

    private static byte[] mac(String subject, byte[] salt) {
        return sha256("riffle-peer:" + Objects.requireNonNull(subject, "subject") + ":" + base64(salt));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** 1–16 of {@code [A-Za-z0-9_-]}. */
    public static boolean validDevice(String device) {
        return device != null
                && !device.isEmpty()
                && device.length() <= MAX_DEVICE
                && urlSafe(device, 0, device.length());
    }

    /** {@code [A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{1,16}}, checked by hand: it runs on every announce. */
    public static boolean wellFormed(String peerId) {
        return peerId != null
                && peerId.length() > TAG_LENGTH + 1
                && peerId.length() <= TAG_LENGTH + 1 + MAX_DEVICE
                && peerId.charAt(TAG_LENGTH) == '.'
                && urlSafe(peerId, 0, TAG_LENGTH)
                && urlSafe(peerId, TAG_LENGTH + 1, peerId.length());
    }

    /** Whether every character in {@code [from, to)} is one of {@code [A-Za-z0-9_-]}. */
    static boolean urlSafe(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!urlSafe(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code [A-Za-z0-9_-]}: base64url's alphabet, shared by tags, devices and (with a few more) swarm ids. */
    public static boolean urlSafe(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    /** The account's stable id for {@code device} (all-zero salt). */
    public static String of(String subject, String device) {
        return withSalt(subject, device, new byte[SALT_BYTES]);
    }

    /** A fresh id for one session of the account's {@code device}: unlinkable to its other sessions' ids. */
    public static String forSession(String subject, String device, RandomGenerator random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return withSalt(subject, device, salt);
    }

    private static String withSalt(String subject, String device, byte[] salt) {
        if (!validDevice(device)) {
            throw new IllegalArgumentException("bad device id");
        }
        String id = sessionTag(subject, salt) + "." + device;
        remember(id, subject);
        return id;
    }

    /** Whether {@code peerId} belongs to the account {@code subject}. */
    public static boolean belongsTo(String peerId, String subject) {
        if (!wellFormed(peerId) || subject == null) return false;
        if (subject.equals(VERIFIED.get(peerId))) return true;
        byte[] tag;
        try {
            tag = Base64.getUrlDecoder().decode(peerId.substring(0, TAG_LENGTH));
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] salt = Arrays.copyOf(tag, SALT_BYTES);
        byte[] expected = Arrays.copyOf(mac(subject, salt), MAC_BYTES);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(tag, SALT_BYTES, SALT_BYTES + MAC_BYTES))) return false;
        remember(peerId, subject);
        return true;
    }

    private static void remember(String peerId, String subject) {
        if (VERIFIED.size() >= MAX_CACHED) VERIFIED.clear();
        VERIFIED.put(peerId, subject);
    }
}
