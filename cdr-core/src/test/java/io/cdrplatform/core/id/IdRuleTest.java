package io.cdrplatform.core.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class IdRuleTest {

    /** The contract's alphabet, spelled out independently of the class under test. */
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-";

    @Test
    void anIdIsOneToOneHundredTwentyEightCharactersOfTheContractsAlphabet() {
        assertThat(IdRule.ID.matches("a")).isTrue();
        assertThat(IdRule.ID.matches("camp-2024_01.eu:7")).isTrue();
        assertThat(IdRule.ID.matches("x".repeat(128))).isTrue();

        assertThat(IdRule.ID.matches("")).isFalse();
        assertThat(IdRule.ID.matches("x".repeat(129))).isFalse();
        assertThat(IdRule.ID.matches(null)).isFalse();
        assertThat(IdRule.ID.matches("a b")).isFalse();
        assertThat(IdRule.ID.matches("a/b")).isFalse();
        assertThat(IdRule.ID.matches("caf\u00e9")).isFalse();
        assertThat(IdRule.ID.matches("a\n")).isFalse();
    }

    @Test
    void aNameIsTheSameAlphabetUpToSixtyFourCharacters() {
        assertThat(IdRule.NAME.matches("pbx-berlin.1")).isTrue();
        assertThat(IdRule.NAME.matches("x".repeat(64))).isTrue();
        assertThat(IdRule.NAME.matches("x".repeat(65))).isFalse();
        assertThat(IdRule.NAME.matches("")).isFalse();
    }

    @Test
    void theRuleSpellsItselfAsARegexAndForMessages() {
        assertThat(IdRule.ID.regex()).isEqualTo("[A-Za-z0-9._:-]{1,128}");
        assertThat(IdRule.NAME.regex()).isEqualTo("[A-Za-z0-9._:-]{1,64}");
        assertThat(IdRule.ID.describe()).isEqualTo("1-128 characters of [A-Za-z0-9._:-]");
        assertThat(IdRule.NAME.describe()).isEqualTo("1-64 characters of [A-Za-z0-9._:-]");
    }

    @Test
    void theRegexEmbedsInALargerPattern() {
        Pattern pair = Pattern.compile("1\\|(" + IdRule.ID.regex() + ")");
        assertThat(pair.matcher("1|camp:a").matches()).isTrue();
        assertThat(pair.matcher("1|camp a").matches()).isFalse();
    }

    @Test
    void lengthsMustBeAtLeastOneAndOrdered() {
        assertThatThrownBy(() -> IdRule.ofLength(0, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IdRule.ofLength(6, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThat(IdRule.ofLength(2, 3).matches("ab")).isTrue();
        assertThat(IdRule.ofLength(2, 3).matches("a")).isFalse();
    }

    @Property
    void anyStringIsAnIdExactlyWhenItsLengthAndEveryCharacterFit(@ForAll("candidates") String value) {
        boolean expected = value.length() >= 1 && value.length() <= 128
                && value.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0);
        assertThat(IdRule.ID.matches(value)).isEqualTo(expected);
    }

    @Provide
    Arbitrary<String> candidates() {
        Arbitrary<String> ids = Arbitraries.strings().withChars(ALPHABET.toCharArray()).ofMinLength(0).ofMaxLength(140);
        Arbitrary<String> anything = Arbitraries.strings().all().ofMaxLength(140);
        Arbitrary<String> nearlyIds = Arbitraries.strings().withChars(ALPHABET.toCharArray())
                .withChars(' ', '/', '\u00e9', '\n', '+', '*', '$', '\u0000').ofMinLength(1).ofMaxLength(130);
        return Arbitraries.oneOf(ids, anything, nearlyIds);
    }
}
