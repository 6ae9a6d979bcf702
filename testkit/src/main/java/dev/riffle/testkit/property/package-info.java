/**
 * Small seeded property-based testing on plain JUnit 5: {@link dev.riffle.testkit.property.Property#forAll} runs a check
 * on values drawn from a {@link dev.riffle.testkit.property.Gen}, reproducibly, and reports the seed and value of the
 * first failure. No shrinking.
 */
package dev.riffle.testkit.property;
