package dev.riffle.origin.store;

import java.security.SecureRandom;

/** Random ids for titles and jobs: 16 lowercase base32 characters (80 bits), safe in paths and URLs. */
public final class Ids {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    public static String newId() {
        char[] c = new char[16];
        for (int i = 0; i < c.length; i++) c[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        return new String(c);
    }
}
