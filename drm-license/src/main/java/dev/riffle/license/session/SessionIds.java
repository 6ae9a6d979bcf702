package dev.riffle.license.session;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** Session ids (128 random bits, base64url, 22 characters) and device ids chosen by clients. */
public final class SessionIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern SESSION = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    /** The device id used when a client sends none. */
    public static final String DEFAULT_DEVICE = "default";

    private SessionIds() {}

    public static String newSessionId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static boolean validSession(String id) {
        return id != null && SESSION.matcher(id).matches();
    }

    public static boolean validDevice(String id) {
        return id != null && DEVICE.matcher(id).matches();
    }
}
