package dev.riffle.testkit.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class PropertyTest {

    @Test
    void a_failing_property_names_itself_the_case_the_seed_and_the_value() {
        IllegalStateException boom = new IllegalStateException("boom");
        List<Integer> seen = new ArrayList<>();
        AssertionError e = assertThrows(
                AssertionError.class,
                () -> Property.forAll("fails-at-third", 100, Gen.ints(1_000, 1_999), n -> {
                    seen.add(n);
                    if (seen.size() == 3) {
                        throw boom;
                    }
                }));

        long base = Property.baseSeed("fails-at-third");
        long seed = Property.caseSeed(base, 2);
        String message = e.getMessage();
        assertTrue(message.contains("'fails-at-third'"), message);
        assertTrue(message.contains("case 3 of 100"), message);
        assertTrue(message.contains("seed: " + seed), message);
        assertTrue(message.contains("-Driffle.seed=" + base), message);
        assertTrue(message.contains("value: " + seen.get(2)), message);
        assertSame(boom, e.getCause());
        assertEquals(seen.get(2), Property.replay(seed, Gen.ints(1_000, 1_999)));
        assertEquals(3, seen.size(), "stops at the first failure");
    }

    @Test
    void the_unnamed_form_is_named_after_the_calling_test() {
        AssertionError e = assertThrows(
                AssertionError.class, () -> Property.forAll(5, Gen.booleans(), b -> assertTrue(false, "always")));
        assertTrue(
                e.getMessage().contains("'PropertyTest.the_unnamed_form_is_named_after_the_calling_test'"),
                e.getMessage());
    }

    @Test
    void long_values_are_cut_in_the_report_and_byte_arrays_show_their_content() {
        AssertionError e = assertThrows(
                AssertionError.class,
                () -> Property.forAll("long", 1, Gen.strings("x", 10_000, 10_000), s -> {
                    throw new AssertionError("no");
                }));
        assertTrue(
                e.getMessage().length() < 2_500,
                "message length " + e.getMessage().length());
        assertTrue(e.getMessage().contains("(8000 more chars)"), e.getMessage());
        assertEquals("[1, -1]", Property.describe(new byte[] {1, -1}));
    }

    @Test
    void a_generator_that_throws_is_reported_as_a_failure_of_the_property() {
        AssertionError e = assertThrows(
                AssertionError.class,
                () -> Property.forAll(
                        "bad-gen",
                        3,
                        r -> {
                            throw new IllegalArgumentException("bad");
                        },
                        v -> {}));
        assertTrue(e.getMessage().contains("'bad-gen' failed at case 1"), e.getMessage());
        assertTrue(e.getMessage().contains("the generator failed"), e.getMessage());
    }

    @Test
    void the_same_name_draws_the_same_values_every_run() {
        assertEquals(draw("stable"), draw("stable"));
        assertNotEquals(draw("stable"), draw("other name"));
    }

    @Test
    void the_seed_property_replaces_the_base_seed_and_reproduces_its_values() {
        List<Long> byName = draw("overridden");
        List<Long> with42 = withSeed("42", () -> draw("overridden"));
        assertNotEquals(byName, with42);
        assertEquals(with42, withSeed("42", () -> draw("another name")), "the override ignores the name");
        assertEquals(with42, withSeed("42", () -> draw("overridden")));
        assertNotEquals(with42, withSeed("43", () -> draw("overridden")));
        assertThrows(IllegalArgumentException.class, () -> withSeed("0xnope", () -> draw("x")));
    }

    @Test
    void every_case_gets_a_different_seed() {
        List<Long> values = draw("distinct");
        assertEquals(values.size(), values.stream().distinct().count());
    }

    private static List<Long> draw(String name) {
        List<Long> out = new ArrayList<>();
        Property.forAll(name, 50, RandomGenerator::nextLong, out::add);
        return out;
    }

    private static <T> T withSeed(String seed, Supplier<T> body) {
        String before = System.getProperty(Property.SEED_PROPERTY);
        System.setProperty(Property.SEED_PROPERTY, seed);
        try {
            return body.get();
        } finally {
            if (before == null) {
                System.clearProperty(Property.SEED_PROPERTY);
            } else {
                System.setProperty(Property.SEED_PROPERTY, before);
            }
        }
    }
}
