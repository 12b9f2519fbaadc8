package io.cdrplatform.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.cdrplatform.core.event.Outcome;
import io.cdrplatform.query.cdrs.CdrCsvWriter;
import io.cdrplatform.query.testing.Calls;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class CsvExportTest extends QueryStores {

    private static final Instant START = Instant.parse("2024-01-15T10:00:00Z");

    @Test
    void accept_text_csv_exports_every_match_not_one_page() {
        // given more calls than the largest page
        for (int i = 0; i < 1205; i++) {
            insert(Calls.ended(String.format("call-%04d", i), "camp-1", START.plusSeconds(i / 3), 30, Outcome.BUSY));
        }

        // when
        APIGatewayV2HTTPResponse response = call(ApiEvents.get("/campaigns/camp-1/cdrs", Map.of("Accept", "text/csv")));

        // then
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders().get("Content-Type")).isEqualTo("text/csv; charset=utf-8");
        List<List<String>> rows = Rfc4180.parse(response.getBody());
        assertThat(rows.get(0)).isEqualTo(CdrCsvWriter.COLUMNS);
        assertThat(rows).hasSize(1206);
        List<String> ids = rows.subList(1, rows.size()).stream().map(row -> row.get(0)).toList();
        assertThat(ids).doesNotHaveDuplicates().isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(response.getBody()).endsWith("\r\n");
    }

    @Test
    void format_csv_honours_the_filters_and_an_accept_header_preferring_json_does_not_give_csv() {
        insert(Calls.ended("busy-1", "camp-1", START, 30, Outcome.BUSY));
        insert(Calls.ended("answered-1", "camp-1", START.plusSeconds(60), 30, Outcome.ANSWERED));
        insert(Calls.ended("answered-old", "camp-1", START.minusSeconds(86_400), 30, Outcome.ANSWERED));

        List<List<String>> rows = Rfc4180.parse(get("/campaigns/camp-1/cdrs?format=csv&outcome=answered&startDate=2024-01-15")
                .getBody());
        APIGatewayV2HTTPResponse json = call(ApiEvents.get("/campaigns/camp-1/cdrs",
                Map.of("Accept", "text/csv;q=0.5, application/json")));

        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).get(0)).isEqualTo("answered-1");
        assertThat(json.getHeaders().get("Content-Type")).startsWith("application/json");
    }

    @Test
    void cells_with_commas_quotes_and_newlines_are_quoted_and_read_back_exactly() {
        // given metadata and an action whose values hold every character CSV must quote
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("note", "said \"call back\", then\r\nhung up");
        metadata.put("rawLine", "170925 1547 00252 ,2434");
        insert(Calls.withIvr(Calls.ended("quoted-call", "camp-1", START, 61, Outcome.CONVERTED, metadata),
                "9", "transfer", Map.of("queue", "a,b")));

        // when
        APIGatewayV2HTTPResponse response = get("/campaigns/camp-1/cdrs?format=csv");

        // then the body is valid RFC 4180 and every cell comes back exactly
        List<List<String>> rows = Rfc4180.parse(response.getBody());
        assertThat(rows).hasSize(2);
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < CdrCsvWriter.COLUMNS.size(); i++) {
            row.put(CdrCsvWriter.COLUMNS.get(i), rows.get(1).get(i));
        }
        assertThat(row.get("metadata")).isEqualTo("{\"note\":\"said \\\"call back\\\", then\\r\\nhung up\",\"rawLine\":\"170925 1547 00252 ,2434\"}");
        assertThat(row.get("actionsTriggered"))
                .isEqualTo("[{\"type\":\"transfer\",\"parameters\":{\"queue\":\"a,b\"},\"timestamp\":\"2024-01-15T10:00:07Z\"}]");
        assertThat(row.get("startTime")).isEqualTo("2024-01-15T10:00:00Z");
        assertThat(row.get("endTime")).isEqualTo("2024-01-15T10:01:01Z");
        assertThat(row.get("cost")).isEqualTo("0.010000");
        assertThat(row.get("billableSeconds")).isEqualTo("56");
        assertThat(row.get("rateName")).isEqualTo("default");
        assertThat(row.get("dtmfInputs")).isEqualTo("9");
        assertThat(row.get("answered")).isEqualTo("true");
        assertThat(row.get("phoneNumber")).isEqualTo("+15550100");
        assertThat(response.getBody()).contains("\"{\"\"note\"\":\"\"said \\\"\"call back\\\"\", then");
    }

    @Test
    void event_text_starting_with_a_formula_character_is_inert_in_the_export_and_still_carries_the_original()
            throws IOException {
        // given one call per dangerous first character (OWASP: = + - @ tab CR) in the event's own text:
        // contactId, metadata-free otherwise; tab and CR cannot pass the logger's validation, so those
        // two documents are stored as another writer could have stored them
        Map<String, String> contactIds = new LinkedHashMap<>();
        for (String first : List.of("=", "+", "-", "@", "\t", "\r")) {
            contactIds.put("inj-" + (int) first.charAt(0), first + "HYPERLINK(\"http://x.invalid\",\"click\")");
        }
        int i = 0;
        for (Map.Entry<String, String> call : contactIds.entrySet()) {
            org.bson.Document document = documents.document(Calls.ended(call.getKey(), "camp-1", START.plusSeconds(i++), 61,
                    Outcome.ANSWERED), START);
            records.insertOne(document.append("contactId", call.getValue()));
        }

        // when the export is read back by a real CSV parser
        List<CSVRecord> rows;
        try (CSVParser parser = CSVParser.parse(get("/campaigns/camp-1/cdrs?format=csv").getBody(),
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            rows = parser.getRecords();
        }

        // then no cell starts with a character a spreadsheet would run, and each carries its original
        assertThat(rows).hasSize(contactIds.size());
        for (CSVRecord row : rows) {
            for (String cell : row.values()) {
                if (cell.matches("[+-][0-9]+")) {
                    continue; // a plain signed number (the E.164 phoneNumber) is a value, not a formula
                }
                assertThat(cell).as("cell of %s", row.get("callId")).doesNotStartWith("=").doesNotStartWith("+")
                        .doesNotStartWith("-").doesNotStartWith("@").doesNotStartWith("\t").doesNotStartWith("\r");
            }
            assertThat(row.get("contactId")).isEqualTo("'" + contactIds.get(row.get("callId")));
            assertThat(row.get("phoneNumber")).isEqualTo("+15550100");
            // the columns we format ourselves stay plain values
            assertThat(row.get("duration")).isEqualTo("61");
            assertThat(row.get("cost")).isEqualTo("0.010000");
            assertThat(row.get("startTime")).startsWith("2024-01-15T10:00:0");
        }
        // and the JSON API is unchanged: it carries the text as stored
        assertThat(ok("/calls/inj-61").get("contactId").asText()).isEqualTo(contactIds.get("inj-61"));
        assertThat(ok("/calls/inj-43").get("phoneNumber").asText()).isEqualTo("+15550100");
    }

    @Test
    void an_export_larger_than_a_lambda_response_is_a_413_with_the_error_shape() {
        // given a handler whose response budget is 20 kB (the real one is 6 MB) and ~100 rows of ~300 bytes
        for (int i = 0; i < 100; i++) {
            insert(Calls.ended("call-" + i, "camp-1", START.plusSeconds(i), 30, Outcome.BUSY));
        }
        QueryHandler small = new QueryHandler(QueryApi.create(database, redisClient, SECRET, Clock.systemUTC()), 20_000);

        // when
        APIGatewayV2HTTPResponse tooLarge = small.handleRequest(ApiEvents.get("/campaigns/camp-1/cdrs?format=csv"), null);
        APIGatewayV2HTTPResponse narrowed = small.handleRequest(
                ApiEvents.get("/campaigns/camp-1/cdrs?format=csv&endDate=2024-01-15T10:00:09Z"), null);

        // then
        assertThat(tooLarge.getStatusCode()).isEqualTo(413);
        assertThat(json(tooLarge).get("error").asText()).isEqualTo("response_too_large");
        assertThat(json(tooLarge).get("message").asText()).contains("narrow");
        assertThat(narrowed.getStatusCode()).isEqualTo(200);
        assertThat(Rfc4180.parse(narrowed.getBody())).hasSize(11);
    }

    /** A strict RFC 4180 reader (CRLF records, quoted fields with doubled quotes). */
    static final class Rfc4180 {
        static List<List<String>> parse(String text) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            int i = 0;
            boolean quoted = false;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i += 2;
                    } else if (c == '"') {
                        quoted = false;
                        i++;
                    } else {
                        cell.append(c);
                        i++;
                    }
                } else if (c == '"') {
                    if (cell.length() > 0) {
                        throw new IllegalArgumentException("quote inside an unquoted cell at " + i);
                    }
                    quoted = true;
                    i++;
                } else if (c == ',') {
                    row.add(cell.toString());
                    cell.setLength(0);
                    i++;
                } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    row.add(cell.toString());
                    cell.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                    i += 2;
                } else if (c == '\r' || c == '\n') {
                    throw new IllegalArgumentException("bare line break outside quotes at " + i);
                } else {
                    cell.append(c);
                    i++;
                }
            }
            if (quoted || cell.length() > 0 || !row.isEmpty()) {
                throw new IllegalArgumentException("last record not terminated by CRLF");
            }
            return rows;
        }
    }
}
