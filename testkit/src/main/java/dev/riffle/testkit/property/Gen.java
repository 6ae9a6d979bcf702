package dev.riffle.testkit.property;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * A generator of random values for {@link Property#forAll}: a function of the case's {@link RandomGenerator}.
 *
 * <p>Numbers and sizes are uniform in their range, except that about one draw in {@value #EDGE_ONE_IN} is an edge
 * (the minimum, the maximum, or zero when in range), so empty, full and extreme values turn up in every run.
 *
 * <p>Combine generators with a lambda, e.g. {@code r -> new Request(Gen.ints(0, 9).apply(r), Gen.bytes(16).apply(r))}.
 */
@FunctionalInterface
public interface Gen<T> extends Function<RandomGenerator, T> {

    /** One draw in this many is an edge value. */
    int EDGE_ONE_IN = 10;

    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        return r -> f.apply(apply(r));
    }

    /** Any int, edges included. */
    static Gen<Integer> ints() {
        return ints(Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /** An int in {@code [min, max]}. */
    static Gen<Integer> ints(int min, int max) {
        checkRange(min, max);
        return r -> (int) between(r, min, max);
    }

    /** Any long, edges included. */
    static Gen<Long> longs() {
        return longs(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** A long in {@code [min, max]}. */
    static Gen<Long> longs(long min, long max) {
        checkRange(min, max);
        return r -> between(r, min, max);
    }

    static Gen<Boolean> booleans() {
        return RandomGenerator::nextBoolean;
    }

    /** Exactly {@code n} random bytes. */
    static Gen<byte[]> bytes(int n) {
        return bytes(n, n);
    }

    /** Random bytes, the length in {@code [minLength, maxLength]}. */
    static Gen<byte[]> bytes(int minLength, int maxLength) {
        checkSize(minLength, maxLength);
        return r -> {
            byte[] b = new byte[(int) between(r, minLength, maxLength)];
            r.nextBytes(b);
            return b;
        };
    }

    /** Printable ASCII ({@code ' '} to {@code '~'}), the length in {@code [minLength, maxLength]}. */
    static Gen<String> ascii(int minLength, int maxLength) {
        StringBuilder chars = new StringBuilder();
        for (char c = ' '; c <= '~'; c++) {
            chars.append(c);
        }
        return strings(chars.toString(), minLength, maxLength);
    }

    /** ASCII letters {@code a-z A-Z}, the length in {@code [minLength, maxLength]}. */
    static Gen<String> alpha(int minLength, int maxLength) {
        return strings("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", minLength, maxLength);
    }

    /** Strings of characters taken from {@code chars}, the length in {@code [minLength, maxLength]}. */
    static Gen<String> strings(String chars, int minLength, int maxLength) {
        checkSize(minLength, maxLength);
        if (chars.isEmpty()) {
            throw new IllegalArgumentException("no characters to choose from");
        }
        return r -> {
            int n = (int) between(r, minLength, maxLength);
            StringBuilder sb = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                sb.append(chars.charAt(r.nextInt(chars.length())));
            }
            return sb.toString();
        };
    }

    /** Lists of {@code element}s, the size in {@code [minSize, maxSize]}. */
    static <T> Gen<List<T>> lists(Function<RandomGenerator, ? extends T> element, int minSize, int maxSize) {
        checkSize(minSize, maxSize);
        return r -> {
            int n = (int) between(r, minSize, maxSize);
            List<T> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(element.apply(r));
            }
            return out;
        };
    }

    /** One of {@code values}, uniformly (e.g. {@code Gen.oneOf(Kind.values())}). */
    @SafeVarargs
    static <T> Gen<T> oneOf(T... values) {
        return oneOf(List.of(values));
    }

    /** One of {@code values}, uniformly. */
    static <T> Gen<T> oneOf(List<? extends T> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values to choose from");
        }
        List<? extends T> copy = List.copyOf(values);
        return r -> copy.get(r.nextInt(copy.size()));
    }

    /** Picks one of {@code generators} uniformly, then draws from it. */
    @SafeVarargs
    static <T> Gen<T> anyOf(Function<RandomGenerator, ? extends T>... generators) {
        List<Function<RandomGenerator, ? extends T>> copy = List.of(generators);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("no generators to choose from");
        }
        return r -> copy.get(r.nextInt(copy.size())).apply(r);
    }

    private static long between(RandomGenerator r, long min, long max) {
        if (r.nextInt(EDGE_ONE_IN) == 0) {
            return switch (r.nextInt(3)) {
                case 0 -> min;
                case 1 -> max;
                default -> min <= 0 && 0 <= max ? 0 : min;
            };
        }
        if (min == Long.MIN_VALUE && max == Long.MAX_VALUE) {
            return r.nextLong();
        }
        // nextLong(origin, bound) excludes the bound, so shift the range down by one when max + 1 would overflow
        return max == Long.MAX_VALUE ? r.nextLong(min - 1, max) + 1 : r.nextLong(min, max + 1);
    }

    private static void checkRange(long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("empty range [" + min + ", " + max + "]");
        }
    }

    private static void checkSize(int min, int max) {
        if (min < 0) {
            throw new IllegalArgumentException("negative size " + min);
        }
        checkRange(min, max);
    }
}
