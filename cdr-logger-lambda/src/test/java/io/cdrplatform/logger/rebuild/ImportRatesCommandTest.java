package io.cdrplatform.logger.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import io.cdrplatform.core.cost.RateTable;
import io.cdrplatform.logger.TestServers;
import io.cdrplatform.store.rates.RateFields;
import io.cdrplatform.store.rates.StoredRates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportRatesCommandTest {
    private static TestServers servers;

    @TempDir
    Path dir;
    private MongoDatabase database;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void startServers() {
        servers = TestServers.start();
    }

    @AfterAll
    static void stopServers() {
        servers.close();
    }

    @BeforeEach
    void setUp() {
        database = servers.freshDatabase();
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return ImportRatesCommand.run(args, Map.of(
                        "MONGODB_URI", servers.mongoServer.connectionString(),
                        "MONGODB_DATABASE", database.getName()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path sheet(String name, String csv) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        return file;
    }

    private RateTable table() {
        return StoredRates.load(database).table();
    }

    @Test
    void importsACarrierSheetOfFiftyThousandPrefixes() throws IOException {
        // given a sheet the size of a real carrier's
        StringBuilder csv = new StringBuilder("prefix,name,ratePerMinute,connectionFee,increment\n");
        for (int i = 0; i < 50_000; i++) {
            csv.append(100_000 + i * 7L).append(",Destination ").append(i).append(",0.0").append(10 + i % 90)
                    .append(",0,").append(i % 2 == 0 ? "60/60" : "30/6").append('\n');
        }
        Path file = sheet("carrier.csv", csv.toString());

        // when it is imported from a date
        int status = run("import-rates", file.toString(), "--valid-from", "2024-01-01");

        // then every prefix is in force from that date, and found by its longest prefix
        assertThat(status).as(errors()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("imported 50000 rates");
        RateTable table = table();
        assertThat(table.size()).isEqualTo(50_000);
        Instant march = Instant.parse("2024-03-01T00:00:00Z");
        assertThat(table.lookup(String.valueOf(100_000 + 4_242 * 7L) + "5550100", march).name())
                .isEqualTo("Destination 4242");
        assertThat(table.lookup("1000075550100", Instant.parse("2023-12-31T23:59:59Z"))).isNull();
    }

    @Test
    void aSheetWithABadRowImportsNothingAndNamesTheLine() throws IOException {
        // given a table in force
        assertThat(run(sheet("old.csv", "prefix,name,rate\n44,UK,0.01\n").toString(), "--valid-from=2024-01-01"))
                .as(errors()).isZero();
        long documents = database.getCollection(RateFields.RATES_COLLECTION).countDocuments();

        // when a sheet with one bad row among good ones is imported
        Path bad = sheet("bad.csv", "prefix,name,rate\n44,UK,0.02\n33,France,0.02\n49,Germany,cheap\n1,US,0.01\n");
        int status = run(bad.toString(), "--valid-from", "2024-02-01");

        // then it is refused with the line number, and the table is as it was
        assertThat(status).isEqualTo(3);
        assertThat(errors()).contains("line 4: rate per minute 'cheap' is not a decimal number").contains("nothing imported");
        assertThat(database.getCollection(RateFields.RATES_COLLECTION).countDocuments()).isEqualTo(documents);
        assertThat(table().lookup("4420", Instant.parse("2024-03-01T00:00:00Z")).pricePerMinute())
                .isEqualByComparingTo("0.01");
        assertThat(table().lookup("3314", Instant.parse("2024-03-01T00:00:00Z"))).isNull();
    }

    @Test
    void aNewSheetReplacesTheTableFromItsDateAndOlderCallsKeepTheOldRates() throws IOException {
        assertThat(run(sheet("jan.csv", "prefix,name,rate\n44,UK,0.01\n1,US,0.01\n").toString(),
                "--valid-from", "2024-01-01")).as(errors()).isZero();
        assertThat(run(sheet("mar.csv", "prefix,name,rate\n44,UK,0.02\n").toString(),
                "--valid-from", "2024-03-01")).as(errors()).isZero();

        RateTable table = table();
        assertThat(table.lookup("4420", Instant.parse("2024-02-29T23:59:59Z")).pricePerMinute()).isEqualByComparingTo("0.01");
        assertThat(table.lookup("4420", Instant.parse("2024-03-01T00:00:00Z")).pricePerMinute()).isEqualByComparingTo("0.02");
        assertThat(table.lookup("1415", Instant.parse("2024-02-29T23:59:59Z")).name()).isEqualTo("US");
        assertThat(table.lookup("1415", Instant.parse("2024-03-01T00:00:00Z"))).isNull();

        // importing again for January replaces both
        assertThat(run(sheet("jan2.csv", "prefix,name,rate\n33,France,0.03\n").toString(),
                "--valid-from", "2024-01-01")).as(errors()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("2 earlier imports replaced entirely");
        assertThat(table().size()).isEqualTo(1);
        assertThat(database.getCollection(RateFields.RATES_COLLECTION).countDocuments()).isEqualTo(1);
    }

    @Test
    void badArgumentsAreAUsageError() throws IOException {
        assertThat(run()).isEqualTo(2);
        assertThat(run("a.csv", "b.csv")).isEqualTo(2);
        assertThat(run("a.csv", "--valid-from", "yesterday")).isEqualTo(2);
        assertThat(run(dir.resolve("missing.csv").toString())).isEqualTo(2);
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage: import-rates");
    }
}
