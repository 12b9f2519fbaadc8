package io.cdrplatform.query.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrplatform.query.failure.BadParameterException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueryParametersTest {

    @Test
    void values_are_percent_and_plus_decoded_and_repeats_kept_in_order() {
        QueryParameters query = QueryParameters.parse("a=x%2By&b=one+two&c=%E2%82%AC&a=2&flag");
        assertThat(query.all("a")).containsExactly("x+y", "2");
        assertThat(query.single("b")).isEqualTo("one two");
        assertThat(query.single("c")).isEqualTo("\u20ac");
        assertThat(query.single("flag")).isEmpty();
        assertThat(query.single("missing")).isNull();
    }

    @Test
    void a_malformed_escape_is_kept_literally() {
        assertThat(QueryParameters.parse("a=%zz%4").single("a")).isEqualTo("%zz%4");
    }

    @Test
    void a_single_valued_parameter_given_twice_or_an_unknown_one_is_a_bad_parameter() {
        QueryParameters query = QueryParameters.parse("limit=1&limit=2&typo=3");
        assertThatThrownBy(() -> query.single("limit")).isInstanceOf(BadParameterException.class).hasMessageContaining("limit");
        assertThatThrownBy(() -> query.allowOnly(Set.of("limit"))).hasMessageContaining("typo");
    }

    @Test
    void path_segments_keep_plus_signs() {
        assertThat(QueryParameters.decodePathSegment("a+b%3Ac")).isEqualTo("a+b:c");
    }
}
