package io.cdrplatform.query.cdrs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CdrCsvWriterTest {

    private static String row(String... cells) throws IOException {
        StringWriter out = new StringWriter();
        CdrCsvWriter.writeRow(out, Arrays.asList(cells));
        return out.toString();
    }

    @Test
    void plain_cells_are_written_as_they_are_and_empty_or_null_cells_are_empty() throws IOException {
        assertThat(row("a", "", null, "+15550100", "x y")).isEqualTo("a,,,+15550100,x y\r\n");
    }

    @Test
    void a_cell_with_a_comma_quote_cr_or_lf_is_quoted_with_quotes_doubled() throws IOException {
        assertThat(row("a,b")).isEqualTo("\"a,b\"\r\n");
        assertThat(row("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"\r\n");
        assertThat(row("line1\nline2", "x\ry")).isEqualTo("\"line1\nline2\",\"x\ry\"\r\n");
    }

    @Test
    void an_event_cell_starting_with_a_formula_character_gets_a_quote_in_front_and_is_quoted() throws IOException {
        for (String dangerous : new String[] {"=", "+", "-", "@", "\t", "\r"}) {
            String original = dangerous + "SUM(1+2)";
            assertThat(row(CdrCsvWriter.inert(original))).isEqualTo("\"'" + original + "\"\r\n");
        }
    }

    @Test
    void a_leading_quote_is_doubled_so_one_stripped_quote_always_gives_the_original_back() throws IOException {
        assertThat(CdrCsvWriter.inert("'=1")).isEqualTo("''=1");
        assertThat(CdrCsvWriter.inert("plain")).isEqualTo("plain");
        assertThat(CdrCsvWriter.inert("a=1")).isEqualTo("a=1");
        assertThat(CdrCsvWriter.inert("")).isEmpty();
        assertThat(CdrCsvWriter.inert(null)).isNull();
    }

    @Test
    void a_signed_plain_number_such_as_an_e164_phone_number_is_left_as_it_is() throws IOException {
        assertThat(row(CdrCsvWriter.inert("+15550100"))).isEqualTo("+15550100\r\n");
        assertThat(CdrCsvWriter.inert("-12")).isEqualTo("-12");
        assertThat(CdrCsvWriter.inert("+1.5")).isEqualTo("+1.5");
        // anything more than a number is neutralised
        for (String notANumber : new String[] {"+", "-", "+1+2", "-1.", "+.5", "+1.2.3", "-1e5", "+1 ", "+1)", "-0x1"}) {
            assertThat(CdrCsvWriter.inert(notANumber)).as(notANumber).isEqualTo("'" + notANumber);
        }
    }
}
