package dev.riffle.tracker.admission;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Peer ids are bound to the account that announces them: {@code <account tag>.<device>}, where the account tag is the
 * first 16 characters of base64url(SHA-256("riffle-peer:" + sub)) and the device is 1–16 of {@code [A-Za-z0-9_-]} the
 * agent picks (so one account can run several agents). The tracker recomputes the tag from the token's {@code sub} on
 * every announce, WebSocket connection and stats report, so nobody can act as a peer of another account.
 */
public final class PeerIds {

    public static final String DEFAULT_DEVICE = "0";
    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_-]{1,16}");
    private static final Pattern PEER_ID = Pattern.compile("[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{1,16}");

    private PeerIds() {}

    public static String accountTag(String subject) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("riffle-peer:" + subject).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(digest)
                    .substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean validDevice(String device) {
        return device != null && DEVICE.matcher(device).matches();
    }

    public static boolean wellFormed(String peerId) {
        return peerId != null && PEER_ID.matcher(peerId).matches();
    }

    public static String of(String subject, String device) {
        if (!validDevice(device)) {
            throw new IllegalArgumentException("bad device id");
        }
        return accountTag(subject) + "." + device;
    }

    /** Whether {@code peerId} belongs to the account {@code subject}. */
    public static boolean belongsTo(String peerId, String subject) {
        return wellFormed(peerId) && peerId.startsWith(accountTag(subject) + ".");
    }
}
