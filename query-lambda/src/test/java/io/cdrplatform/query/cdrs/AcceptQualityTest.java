package io.cdrplatform.query.cdrs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How the CDR list reads an Accept header to choose CSV or JSON. */
class AcceptQualityTest {

    @Test
    void an_accept_header_of_only_separators_lists_no_media_type() {
        assertThat(CdrListRequestReader.quality(";;;,,,", "text/csv")).isZero();
        assertThat(CdrListRequestReader.quality(";", "application/json")).isZero();
        assertThat(CdrListRequestReader.quality("", "text/csv")).isZero();
    }

    @Test
    void empty_ranges_among_real_ones_are_skipped() {
        assertThat(CdrListRequestReader.quality(";;, text/csv;q=0.5, ;", "text/csv")).isEqualTo(0.5);
    }
}
