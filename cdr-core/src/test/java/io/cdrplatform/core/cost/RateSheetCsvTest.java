package io.cdrplatform.core.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateSheetCsvTest {

    private static final Instant FROM = Instant.parse("2024-03-01T00:00:00Z");

    private static RateSheetCsv.Parsed parse(String csv) throws IOException {
        return RateSheetCsv.parse(new StringReader(csv), FROM);
    }

    @Test
    void readsEveryRowOfACarrierSheet() throws IOException {
        RateSheetCsv.Parsed parsed = parse("\uFEFF" + """
                Prefix, Name, Rate per minute, Connection fee, Increment
                44,United Kingdom,0.0100,0,60/60
                +447,United Kingdom - Mobile,0.0500,0.0200,30/6

                x24,"Site B, \"\"internal\"\"",0.0010,,
                """);
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.rates()).containsExactly(
                new Rate("44", "United Kingdom", new BigDecimal("0.0100"), BigDecimal.ZERO,
                        BillingIncrement.PER_MINUTE, FROM, null),
                new Rate("447", "United Kingdom - Mobile", new BigDecimal("0.0500"), new BigDecimal("0.0200"),
                        new BillingIncrement(30, 6), FROM, null),
                new Rate("x24", "Site B, \"internal\"", new BigDecimal("0.0010"), BigDecimal.ZERO,
                        BillingIncrement.PER_MINUTE, FROM, null));
    }

    @Test
    void takesTheColumnsInTheHeadersOrder() throws IOException {
        RateSheetCsv.Parsed parsed = parse("increment,rate_per_minute,prefix,name\n1/1,0.02,33,France\n");
        assertThat(parsed.rates()).singleElement().satisfies(rate -> {
            assertThat(rate.prefix()).isEqualTo("33");
            assertThat(rate.increment()).isEqualTo(new BillingIncrement(1, 1));
            assertThat(rate.connectionFee()).isEqualByComparingTo("0");
        });
    }

    @Test
    void aSheetWithABadRowGivesNoRatesAndNamesEachBadLine() throws IOException {
        RateSheetCsv.Parsed parsed = parse("""
                prefix,name,ratePerMinute,connectionFee,increment
                44,United Kingdom,0.0100,0,60/60
                447,United Kingdom - Mobile,-0.05,0,60/60
                33,France,0.02,0,60/60
                1-800,US toll free,0.01,0,60/60
                49,Germany,0.02,0,60
                33,France again,0.02,0,60/60
                34,Spain,0.02
                """);
        assertThat(parsed.rates()).isEmpty();
        assertThat(parsed.errors()).hasSize(5);
        assertThat(parsed.errors().get(0)).startsWith("line 3: ").contains("price per minute");
        assertThat(parsed.errors().get(1)).startsWith("line 5: ").contains("prefix");
        assertThat(parsed.errors().get(2)).startsWith("line 6: ").contains("BILLING_INCREMENT");
        assertThat(parsed.errors().get(3)).startsWith("line 7: ").contains("already on line 4");
        assertThat(parsed.errors().get(4)).startsWith("line 8: ").contains("expected 5 fields");
    }

    @Test
    void aHeaderWithoutThePriceOrWithAnUnknownColumnIsRejected() throws IOException {
        assertThat(parse("prefix,name\n44,UK\n").errors()).singleElement().asString()
                .startsWith("line 1: ").contains("ratePerMinute");
        assertThat(parse("prefix,name,rate,colour\n44,UK,0.01,red\n").errors()).singleElement().asString()
                .contains("unknown column 'colour'");
        assertThat(parse("").errors()).singleElement().asString().contains("empty");
        assertThat(parse("prefix,name,rate\n").errors()).singleElement().asString().contains("no rates");
    }

    @Test
    void anUnclosedQuoteIsABadRow() throws IOException {
        RateSheetCsv.Parsed parsed = parse("prefix,name,rate\n44,\"UK,0.01\n");
        assertThat(parsed.errors()).singleElement().asString().startsWith("line 2: ").contains("not closed");
    }

    @Test
    void reportsAtMostTwentyErrors() throws IOException {
        StringBuilder csv = new StringBuilder("prefix,name,rate\n");
        for (int i = 0; i < 100; i++) {
            csv.append("bad,name,0.01\n");
        }
        RateSheetCsv.Parsed parsed = parse(csv.toString());
        assertThat(parsed.errors()).hasSize(RateSheetCsv.MAX_ERRORS + 1);
        assertThat(parsed.errors().get(RateSheetCsv.MAX_ERRORS)).contains("80 more bad rows");
    }
}
