package dev.riffle.testkit;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded, bounded inputs for fuzz tests: random bytes drawn half from a JSON-ish alphabet, and valid documents with a
 * few bytes replaced and cut at a random length. The same seed gives the same inputs, so a failure reproduces.
 */
public final class Fuzz {
    /** Characters that make parsers take their interesting branches. */
    public static final String JSON_ALPHABET = "{}[]\":,0123456789-+.eEtrufalsn \\/abcxyz\u00e9";

    private Fuzz() {}

    /** Up to {@code maxLength} bytes, each from {@code alphabet} or any byte, at random. */
    public static byte[] randomBytes(SplittableRandom random, int maxLength, String alphabet) {
        byte[] b = new byte[random.nextInt(maxLength)];
        for (int j = 0; j < b.length; j++) {
            b[j] = random.nextBoolean()
                    ? (byte) alphabet.charAt(random.nextInt(alphabet.length()))
                    : (byte) random.nextInt(256);
        }
        return b;
    }

    /** {@code valid} with one to four bytes replaced from {@code alphabet}, then cut to a random length. */
    public static byte[] mutate(SplittableRandom random, byte[] valid, String alphabet) {
        byte[] b = valid.clone();
        for (int k = 0, n = 1 + random.nextInt(4); k < n; k++) {
            b[random.nextInt(b.length)] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return Arrays.copyOf(b, random.nextInt(b.length + 1));
    }
}
