package dev.riffle.tracker.admission;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Peer ids are bound to the account that announces them: {@code <account tag>.<device>}, where the account tag is the
 * first 16 characters of base64url(SHA-256("riffle-peer:" + sub)) and the device is 1–16 of {@code [A-Za-z0-9_-]} the
 * agent picks (so one account can run several agents). The tracker recomputes the tag from the token's {@code sub} on
 * every announce, WebSocket connection and stats report, so nobody can act as a peer of another account.
 */
public final class PeerIds {

    public static final String DEFAULT_DEVICE = "0";
    static final int TAG_LENGTH = 16;
    static final int MAX_DEVICE = 16;

    /**
     * Account tags of recent subjects. Every announce checks its peer id against the tag, and a SHA-256 per announce
     * was measurable; a subject's tag never changes. Emptied when full, so its size stays bounded whatever the callers.
     */
    private static final int MAX_CACHED_TAGS = 65_536;

    private static final ConcurrentHashMap<String, String> TAGS = new ConcurrentHashMap<>();

    private PeerIds() {}

    public static String accountTag(String subject) {
        // no tag for "no subject": every caller refuses such a token before asking
        String tag = TAGS.get(Objects.requireNonNull(subject, "subject"));
        if (tag == null) {
            if (TAGS.size() >= MAX_CACHED_TAGS) {
                TAGS.clear();
            }
            tag = computeTag(subject);
            TAGS.put(subject, tag);
        }
        return tag;
    }

    private static String computeTag(String subject) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("riffle-peer:" + subject).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(digest)
                    .substring(0, TAG_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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

    public static String of(String subject, String device) {
        if (!validDevice(device)) {
            throw new IllegalArgumentException("bad device id");
        }
        return accountTag(subject) + "." + device;
    }

    /** Whether {@code peerId} belongs to the account {@code subject}. */
    public static boolean belongsTo(String peerId, String subject) {
        return wellFormed(peerId) && peerId.startsWith(accountTag(subject)); // the '.' after the tag: wellFormed
    }
}
