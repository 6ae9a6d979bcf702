package dev.riffle.testkit.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GenTest {

    @Test
    void numbers_stay_in_range_and_reach_both_ends() {
        Set<Integer> ints = new HashSet<>();
        Property.forAll("ints", 1_000, Gen.ints(-3, 3), n -> {
            assertTrue(-3 <= n && n <= 3, "out of range: " + n);
            ints.add(n);
        });
        assertEquals(Set.of(-3, -2, -1, 0, 1, 2, 3), ints);

        Set<Long> longs = new HashSet<>();
        Property.forAll("longs", 1_000, Gen.longs(Long.MAX_VALUE - 2, Long.MAX_VALUE), longs::add);
        assertEquals(Set.of(Long.MAX_VALUE - 2, Long.MAX_VALUE - 1, Long.MAX_VALUE), longs);

        Set<Integer> edges = new HashSet<>();
        Property.forAll("int edges", 1_000, Gen.ints(), edges::add);
        assertTrue(edges.containsAll(Set.of(Integer.MIN_VALUE, 0, Integer.MAX_VALUE)), "edges missing");
    }

    @Test
    void sizes_stay_in_range_and_reach_both_ends() {
        Set<Integer> lengths = new HashSet<>();
        Property.forAll("bytes", 500, Gen.bytes(2, 40), b -> {
            assertTrue(2 <= b.length && b.length <= 40, "length " + b.length);
            lengths.add(b.length);
        });
        assertTrue(lengths.contains(2) && lengths.contains(40), "ends missing: " + lengths);
        Property.forAll("exact bytes", 50, Gen.bytes(16), b -> assertEquals(16, b.length));
        Property.forAll("lists", 300, Gen.lists(Gen.ints(0, 9), 0, 5), l -> {
            assertTrue(l.size() <= 5);
            l.forEach(n -> assertTrue(0 <= n && n <= 9));
        });
    }

    @Test
    void strings_use_only_their_alphabet() {
        Property.forAll("alpha", 300, Gen.alpha(1, 30), s -> {
            assertTrue(1 <= s.length() && s.length() <= 30);
            assertTrue(s.chars().allMatch(Character::isLetter), s);
        });
        Property.forAll(
                "ascii", 300, Gen.ascii(0, 30), s -> assertTrue(s.chars().allMatch(c -> c >= ' ' && c <= '~')));
        Property.forAll("chars", 300, Gen.strings("ab", 3, 3), s -> assertTrue(s.matches("[ab]{3}"), s));
    }

    @Test
    void choices_come_from_the_given_values_or_generators() {
        Set<String> picked = new HashSet<>();
        Property.forAll("oneOf", 200, Gen.oneOf("x", "y", "z"), picked::add);
        assertEquals(Set.of("x", "y", "z"), picked);

        Set<Object> kinds = new HashSet<>();
        Gen<Object> mixed =
                Gen.anyOf(Gen.ints(0, 0), Gen.oneOf("s"), Gen.booleans().map(b -> List.of()));
        Property.forAll(
                "anyOf", 200, mixed, v -> kinds.add(v.getClass().getSimpleName().replaceAll("\\d", "")));
        assertEquals(3, kinds.size(), kinds.toString());
    }

    @Test
    void empty_ranges_and_choices_are_refused() {
        assertThrows(IllegalArgumentException.class, () -> Gen.ints(2, 1));
        assertThrows(IllegalArgumentException.class, () -> Gen.bytes(-1, 3));
        assertThrows(IllegalArgumentException.class, () -> Gen.oneOf(List.of()));
        assertThrows(IllegalArgumentException.class, () -> Gen.strings("", 0, 1));
    }
}
