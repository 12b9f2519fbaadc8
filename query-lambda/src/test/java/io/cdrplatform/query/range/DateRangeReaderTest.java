package io.cdrplatform.query.range;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrplatform.query.failure.BadParameterException;
import io.cdrplatform.query.http.QueryParameters;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DateRangeReaderTest {

    private static DateRange read(String query) {
        return DateRangeReader.read(QueryParameters.parse(query));
    }

    @Test
    void no_dates_is_an_open_range() {
        assertThat(read("")).isEqualTo(DateRange.all());
    }

    @Test
    void a_date_covers_its_whole_utc_day_at_either_end() {
        DateRange range = read("startDate=2024-01-15&endDate=2024-01-15");
        assertThat(range.from()).isEqualTo(Instant.parse("2024-01-15T00:00:00Z"));
        assertThat(range.until()).isEqualTo(Instant.parse("2024-01-16T00:00:00Z"));
        assertThat(range.contains(Instant.parse("2024-01-15T23:59:59.999Z"))).isTrue();
        assertThat(range.contains(Instant.parse("2024-01-16T00:00:00Z"))).isFalse();
    }

    @Test
    void an_end_instant_is_inclusive_to_the_millisecond_and_sub_millisecond_starts_round_up() {
        DateRange range = read("startDate=2024-01-15T10:00:00.0005Z&endDate=2024-01-15T11:00:00.9999%2B01:00");
        assertThat(range.from()).isEqualTo(Instant.parse("2024-01-15T10:00:00.001Z"));
        assertThat(range.until()).isEqualTo(Instant.parse("2024-01-15T10:00:01.000Z"));
    }

    @Test
    void an_end_before_the_start_names_end_date() {
        assertThatThrownBy(() -> read("startDate=2024-01-15T10:00:00Z&endDate=2024-01-15T09:00:00Z"))
                .isInstanceOf(BadParameterException.class)
                .satisfies(e -> assertThat(((BadParameterException) e).parameter()).isEqualTo("endDate"));
    }
}
