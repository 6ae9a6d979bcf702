package dev.riffle.testkit.property;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Seeded property checks on plain JUnit 5: generate {@code tries} values, check each, report the first failure.
 *
 * <pre>{@code
 * @Test
 * void hex_round_trips() {
 *     Property.forAll(200, Gen.bytes(0, 64), b -> assertThat(Hex.decode(Hex.encode(b), b.length)).contains(b));
 * }
 * }</pre>
 *
 * <p>Each property has a base seed, by default derived from its name, so CI runs are reproducible. Case {@code i} draws
 * from its own generator seeded with {@link #caseSeed(long, int)}. The system property {@value #SEED_PROPERTY}
 * replaces the base seed of every property (e.g. {@code ./mvnw test -Driffle.seed=42}) to explore other values or to
 * rerun a reported failure. There is no shrinking: the failure names the value as generated.
 */
public final class Property {
    /** System property that overrides the base seed (a decimal {@code long}). */
    public static final String SEED_PROPERTY = "riffle.seed";

    static final int MAX_VALUE_CHARS = 2000;

    private Property() {}

    /** As {@link #forAll(String, int, Function, Consumer)}, named after the calling test class and method. */
    public static <T> void forAll(int tries, Function<RandomGenerator, T> generator, Consumer<T> check) {
        forAll(callerName(), tries, generator, check);
    }

    /**
     * Runs {@code check} on {@code tries} generated values.
     *
     * @throws AssertionError on the first failing case (or generator failure), naming the property, case number, seeds
     *     and value, with the original failure as cause
     */
    public static <T> void forAll(String name, int tries, Function<RandomGenerator, T> generator, Consumer<T> check) {
        if (tries < 1) {
            throw new IllegalArgumentException("tries must be at least 1: " + tries);
        }
        long base = baseSeed(name);
        for (int i = 0; i < tries; i++) {
            long seed = caseSeed(base, i);
            T value;
            try {
                value = generator.apply(new SplittableRandom(seed));
            } catch (Throwable e) {
                rethrowIfOutOfMemory(e);
                throw new AssertionError(header(name, i, tries, base, seed) + "\n  the generator failed: " + e, e);
            }
            try {
                check.accept(value);
            } catch (Throwable e) { // assertion failures, exceptions, also StackOverflowError and sneaky throws
                rethrowIfOutOfMemory(e);
                throw new AssertionError(
                        header(name, i, tries, base, seed) + "\n  value: " + describe(value) + "\n  failure: " + e, e);
            }
        }
    }

    /** The value case {@code caseSeed} generates: replays one reported case without running the others. */
    public static <T> T replay(long caseSeed, Function<RandomGenerator, T> generator) {
        return generator.apply(new SplittableRandom(caseSeed));
    }

    /** The base seed: {@value #SEED_PROPERTY} if set, otherwise a stable hash of the property name. */
    static long baseSeed(String name) {
        String override = System.getProperty(SEED_PROPERTY);
        if (override != null && !override.isBlank()) {
            try {
                return Long.parseLong(override.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(SEED_PROPERTY + " must be a decimal long: " + override, e);
            }
        }
        return fnv1a64(name);
    }

    /** Seed of case {@code index} (0-based) for a base seed: a SplitMix64 step, so neighbouring cases are unrelated. */
    static long caseSeed(long base, int index) {
        long z = base + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** {@link String#valueOf} (arrays by content), cut to {@value #MAX_VALUE_CHARS} characters. */
    static String describe(Object value) {
        String s = value instanceof byte[] b
                ? Arrays.toString(b)
                : value instanceof int[] a
                        ? Arrays.toString(a)
                        : value instanceof long[] a
                                ? Arrays.toString(a)
                                : value instanceof Object[] a ? Arrays.deepToString(a) : String.valueOf(value);
        return s.length() <= MAX_VALUE_CHARS
                ? s
                : s.substring(0, MAX_VALUE_CHARS) + "... (" + (s.length() - MAX_VALUE_CHARS) + " more chars)";
    }

    private static String header(String name, int index, int tries, long base, long seed) {
        return "property '" + name + "' failed at case " + (index + 1) + " of " + tries
                + "\n  seed: " + seed + " (base seed " + base + "; rerun all cases with -D" + SEED_PROPERTY + "="
                + base + ", or one with Property.replay(" + seed + "L, generator))";
    }

    private static void rethrowIfOutOfMemory(Throwable e) {
        if (e instanceof OutOfMemoryError oom) {
            throw oom;
        }
    }

    private static long fnv1a64(String s) {
        long h = 0xCBF29CE484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001B3L;
        }
        return h;
    }

    private static String callerName() {
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(frames -> frames.filter(f -> f.getDeclaringClass() != Property.class)
                        .findFirst()
                        .map(f -> f.getDeclaringClass().getSimpleName() + "." + methodName(f.getMethodName()))
                        .orElse("property"));
    }

    /** {@code lambda$some_test$0} (a call from inside a lambda) becomes {@code some_test}. */
    private static String methodName(String raw) {
        String[] parts = raw.split("\\$");
        return raw.startsWith("lambda$") && parts.length > 1 ? parts[1] : raw;
    }
}
