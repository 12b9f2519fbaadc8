package io.cdrplatform.store.callrecords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class FoldInstantsTest {

    @Property(tries = 3000)
    void formatsExactlyAsInstantToString(@ForAll("instants") Instant instant) {
        assertThat(FoldInstants.format(instant)).isEqualTo(instant.toString());
    }

    @Property(tries = 3000)
    void parsesBackWhatItFormats(@ForAll("instants") Instant instant) {
        assertThat(FoldInstants.parse(FoldInstants.format(instant))).isEqualTo(instant);
    }

    @Property(tries = 5000)
    void parsesAnyTextExactlyAsInstantParseDoes(@ForAll("almostInstants") String text) {
        Instant expected;
        try {
            expected = Instant.parse(text);
        } catch (DateTimeParseException e) {
            assertThatThrownBy(() -> FoldInstants.parse(text)).isInstanceOf(DateTimeParseException.class);
            return;
        }
        assertThat(FoldInstants.parse(text)).isEqualTo(expected);
    }

    @Test
    void leavesTheUncommonShapesToTheJdk() {
        // leap second, lower-case letters, five-digit and negative years, fraction without digits
        for (String text : new String[] {"2016-12-31T23:59:60Z", "2024-01-15t10:35:00z", "+12024-01-15T10:35:00Z",
                "-0001-01-01T00:00:00Z", "2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2024-02-29T00:00:00Z",
                "2024-01-15T10:35:00.Z", "2024-01-15T24:00:00Z", "2024-01-15T10:35:00.1234567890Z"}) {
            Object expected;
            try {
                expected = Instant.parse(text);
            } catch (DateTimeParseException e) {
                expected = DateTimeParseException.class;
            }
            Object actual;
            try {
                actual = FoldInstants.parse(text);
            } catch (DateTimeParseException e) {
                actual = DateTimeParseException.class;
            }
            assertThat(actual).as(text).isEqualTo(expected);
        }
        Instant farFuture = Instant.parse("+12024-01-15T10:35:00Z");
        assertThat(FoldInstants.format(farFuture)).isEqualTo(farFuture.toString());
        assertThat(FoldInstants.format(Instant.MIN)).isEqualTo(Instant.MIN.toString());
    }

    @Provide
    Arbitrary<Instant> instants() {
        Arbitrary<Long> seconds = Arbitraries.oneOf(
                Arbitraries.longs().between(-62_167_219_200L, 253_402_300_799L), // years 0000-9999
                Arbitraries.longs().between(1_500_000_000L, 1_900_000_000L),
                Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()));
        Arbitrary<Integer> nanos = Arbitraries.oneOf(
                Arbitraries.just(0),
                Arbitraries.integers().between(0, 999).map(ms -> ms * 1_000_000),
                Arbitraries.integers().between(0, 999_999).map(us -> us * 1000),
                Arbitraries.integers().between(0, 999_999_999));
        return Combinators.combine(seconds, nanos).as(Instant::ofEpochSecond);
    }

    /** Well-formed instants, and the same with one character changed, dropped or added. */
    @Provide
    Arbitrary<String> almostInstants() {
        Arbitrary<String> wellFormed = instants().map(Instant::toString);
        Arbitrary<Character> replacement = Arbitraries.of('0', '1', '2', '3', '5', '6', '9', ':', '-', '.', 'T', 'Z',
                't', 'z', '+', ' ', 'x');
        Arbitrary<String> mutated = Combinators.combine(wellFormed, Arbitraries.integers().between(0, 29),
                replacement, Arbitraries.integers().between(0, 2)).as((text, at, c, how) -> {
                    int i = Math.min(at, text.length() - 1);
                    return switch (how) {
                        case 0 -> text.substring(0, i) + c + text.substring(i + 1);
                        case 1 -> text.substring(0, i) + text.substring(i + 1);
                        default -> text.substring(0, i) + c + text.substring(i);
                    };
                });
        return Arbitraries.oneOf(wellFormed, mutated);
    }
}
