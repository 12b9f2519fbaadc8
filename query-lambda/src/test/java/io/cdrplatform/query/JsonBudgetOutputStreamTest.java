package io.cdrplatform.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrplatform.query.http.PayloadTooLargeException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonBudgetOutputStreamTest {

    @Test
    void bytes_that_json_escapes_count_double_against_the_budget() {
        QueryHandler.JsonBudgetOutputStream fits = new QueryHandler.JsonBudgetOutputStream(10);
        fits.writeBytes("ab\"\n\\".getBytes(StandardCharsets.UTF_8)); // 2 + 2 + 2 + 2 = 8
        assertThat(fits.text()).isEqualTo("ab\"\n\\");

        QueryHandler.JsonBudgetOutputStream over = new QueryHandler.JsonBudgetOutputStream(10);
        assertThatThrownBy(() -> over.writeBytes("\"\"\"\"\"\"".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(PayloadTooLargeException.class);
    }
}
