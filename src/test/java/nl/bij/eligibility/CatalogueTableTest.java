package nl.bij.eligibility;

import static nl.bij.eligibility.EligibilityRulesTest.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Optional;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import nl.bij.intake.ReleaseEvent;
import nl.bij.intake.ReleaseEvent.Offence;
import nl.bij.intake.ReleaseEvent.ReturnKind;
import nl.bij.intake.ReleaseEvent.Sanction;
import nl.bij.intake.ReleaseEvent.SanctionType;

/**
 * Every row of config/offence-catalogue.csv, each way it can be cited (paragraph, old meaning, old and new
 * numbering by the offence date, inside and outside the date the regulation covers it), with the answer the law
 * gives: an adult, final conviction with the sentence given. {@link #everyRowOfTheCatalogueIsInTheTable} checks
 * that the table leaves out no row of the catalogue.
 */
class CatalogueTableTest {

    private static final EligibilityRules RULES = new EligibilityRules(Law.catalogue(), AttemptPolicy.MANUAL);

    /** article | lid | regime | offence date | provision date | unconditional sentence | the law's answer */
    private static final String TABLE = """
            # article | lid | regime | offence date | provision date | sentence | expected
            # list 1, sexual offences: numbered as before 1 July 2024; on or after it the new numbering, not yet catalogued
            240b | - | -   | 2020-06-01 | 2025-03-01 | P2Y | ROUTE_A_LIST1
            240b | - | -   | 2024-07-01 | 2025-03-01 | P2Y | UNKNOWN_ARTICLE
            242  | - | -   | 2020-06-01 | 2025-03-01 | P2Y | ROUTE_A_LIST1
            242  | - | -   | 2024-06-30 | 2025-03-01 | P2Y | ROUTE_A_LIST1
            242  | - | -   | 2024-07-01 | 2025-03-01 | P2Y | UNKNOWN_ARTICLE
            243  | - | -   | 2020-06-01 | 2025-03-01 | P2Y | ROUTE_A_LIST1
            243  | - | -   | 2024-07-01 | 2025-03-01 | P2Y | UNKNOWN_ARTICLE
            244  | - | -   | 2020-06-01 | 2025-03-01 | P2Y | ROUTE_A_LIST1
            244  | - | -   | 2024-07-01 | 2025-03-01 | P2Y | UNKNOWN_ARTICLE
            245  | - | -   | 2020-06-01 | 2025-03-01 | P2Y | ROUTE_A_LIST1
            245  | - | -   | 2024-07-01 | 2025-03-01 | P2Y | UNKNOWN_ARTICLE
            246  | - | -   | 2020-06-01 | 2025-03-01 | P1D | ROUTE_A_LIST1
            246  | - | -   | 2024-07-01 | 2025-03-01 | P2Y | UNKNOWN_ARTICLE
            247  | - | -   | 2020-06-01 | 2025-03-01 | P2Y | ROUTE_A_LIST1
            247  | - | -   | 2024-07-01 | 2025-03-01 | P2Y | UNKNOWN_ARTICLE
            248a | - | -   | 2020-06-01 | 2025-03-01 | P2Y | ROUTE_A_LIST1
            248a | - | -   | 2024-07-01 | 2025-03-01 | P2Y | UNKNOWN_ARTICLE
            248b | - | -   | 2020-06-01 | 2025-03-01 | P2Y | ROUTE_A_LIST1
            248b | - | -   | 2024-07-01 | 2025-03-01 | P2Y | UNKNOWN_ARTICLE
            248c | - | -   | 2020-06-01 | 2025-03-01 | P2Y | ROUTE_A_LIST1
            248c | - | -   | 2024-07-01 | 2025-03-01 | P2Y | UNKNOWN_ARTICLE
            248d | - | -   | 2020-06-01 | 2025-03-01 | P2Y | ROUTE_A_LIST1
            248d | - | -   | 2024-07-01 | 2025-03-01 | P2Y | UNKNOWN_ARTICLE
            248e | - | -   | 2020-06-01 | 2025-03-01 | P2Y | ROUTE_A_LIST1
            248e | - | -   | 2024-07-01 | 2025-03-01 | P2Y | UNKNOWN_ARTICLE
            249  | - | -   | 2020-06-01 | 2025-03-01 | P2Y | ROUTE_A_LIST1
            249  | - | -   | 2024-07-01 | 2025-03-01 | P2Y | UNKNOWN_ARTICLE
            250  | - | -   | 2020-06-01 | 2025-03-01 | P2Y | ROUTE_A_LIST1
            250  | - | -   | 2024-07-01 | 2025-03-01 | P2Y | UNKNOWN_ARTICLE
            # listed only in their former meaning, marked regime="OLD"
            250a | - | OLD | 2008-01-01 | 2025-03-01 | P2Y | ROUTE_A_LIST1
            250a | - | OLD | 2024-07-01 | 2025-03-01 | P2Y | UNKNOWN_ARTICLE
            250a | - | -   | 2020-06-01 | 2025-03-01 | P2Y | UNKNOWN_ARTICLE
            273a | - | OLD | 2008-01-01 | 2025-03-01 | P2Y | ROUTE_A_LIST1
            273a | - | -   | 2020-06-01 | 2025-03-01 | P2Y | OFFENCE_NOT_LISTED
            273f | - | -   | 2020-06-01 | 2025-03-01 | P2Y | ROUTE_A_LIST1
            273f | - | -   | 2024-07-01 | 2025-03-01 | P2Y | ROUTE_A_LIST1
            # list 1, serious violence: 252 only its paragraphs 2 and 3 (and renumbered with Titel XIV)
            252  | 2 | -   | 2020-06-01 | 2025-03-01 | P2Y | ROUTE_A_LIST1
            252  | 2 | -   | 2024-07-01 | 2025-03-01 | P2Y | UNKNOWN_ARTICLE
            252  | 3 | -   | 2020-06-01 | 2025-03-01 | P2Y | ROUTE_A_LIST1
            252  | 3 | -   | 2024-07-01 | 2025-03-01 | P2Y | UNKNOWN_ARTICLE
            252  | 1 | -   | 2020-06-01 | 2025-03-01 | P2Y | OFFENCE_NOT_LISTED
            252  | - | -   | 2020-06-01 | 2025-03-01 | P2Y | UNKNOWN_ARTICLE
            282  | - | -   | 2020-06-01 | 2025-03-01 | P2Y | ROUTE_A_LIST1
            282  | - | -   | 2024-07-01 | 2025-03-01 | P2Y | ROUTE_A_LIST1
            282a | - | -   | 2020-06-01 | 2025-03-01 | P2Y | ROUTE_A_LIST1
            282b | - | -   | 2020-06-01 | 2025-03-01 | P2Y | ROUTE_A_LIST1
            287  | - | -   | 2020-06-01 | 2025-03-01 | P2Y | ROUTE_A_LIST1
            288  | - | -   | 2020-06-01 | 2025-03-01 | P2Y | ROUTE_A_LIST1
            288a | - | -   | 2020-06-01 | 2025-03-01 | P2Y | ROUTE_A_LIST1
            289  | - | -   | 2020-06-01 | 2025-03-01 | P2M | ROUTE_A_LIST1
            289  | - | -   | 2024-07-01 | 2025-03-01 | P2Y | ROUTE_A_LIST1
            # list 2: one year or longer unconditional
            141  | 2 | -   | 2020-06-01 | 2025-03-01 | P2Y | ROUTE_A_LIST2
            141  | 2 | -   | 2020-06-01 | 2025-03-01 | P6M | BELOW_THRESHOLD
            141  | 1 | -   | 2020-06-01 | 2025-03-01 | P2Y | OFFENCE_NOT_LISTED
            141  | - | -   | 2020-06-01 | 2025-03-01 | P2Y | UNKNOWN_ARTICLE
            302  | - | -   | 2020-06-01 | 2025-03-01 | P1Y | ROUTE_A_LIST2
            302  | - | -   | 2020-06-01 | 2025-03-01 | P11M | BELOW_THRESHOLD
            302  | - | -   | 2024-07-01 | 2025-03-01 | P1Y | ROUTE_A_LIST2
            303  | - | -   | 2020-06-01 | 2025-03-01 | P365D | ROUTE_A_LIST2
            303  | - | -   | 2020-06-01 | 2025-03-01 | P359D | BELOW_THRESHOLD
            # arson: covered from the configured effective date of provision (2025-01-01 in the tests)
            157  | - | -   | 2020-06-01 | 2024-12-31 | P2Y | OFFENCE_NOT_LISTED
            157  | - | -   | 2020-06-01 | 2025-01-01 | P2Y | ROUTE_A_ARSON
            157  | - | -   | 2024-07-01 | 2026-01-01 | P1D | ROUTE_A_ARSON
            """;

    /** One row of the table; "-" is an empty cell. */
    private record Row(String article, Optional<String> paragraph, boolean old, LocalDate offenceDate,
                       LocalDate provisionDate, String sentence, String expected) {
        String key() {
            return article + "|" + paragraph.orElse("") + "|" + (old ? "OLD" : "");
        }

        @Override
        public String toString() {
            return article + paragraph.map(p -> " lid " + p).orElse("") + (old ? " (old)" : "") + " committed "
                    + offenceDate + ", provided " + provisionDate + ", " + sentence + " -> " + expected;
        }
    }

    static List<Row> rows() {
        return TABLE.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).map(line -> {
            String[] c = java.util.Arrays.stream(line.split("\\|")).map(String::strip).toArray(String[]::new);
            return new Row(c[0], "-".equals(c[1]) ? Optional.empty() : Optional.of(c[1]), "OLD".equals(c[2]),
                    LocalDate.parse(c[3]), LocalDate.parse(c[4]), c[5], c[6]);
        }).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachCatalogueRowAsTheLawReadsIt(Row row) {
        Offence offence = new Offence(row.article(), row.paragraph(), false, false, row.offenceDate(), row.old(),
                Optional.empty());
        Sanction prison = new Sanction(SanctionType.GEVANGENISSTRAF, Optional.of(Period.parse(row.sentence())),
                Optional.empty(), Optional.empty());
        ReleaseEvent event = Law.event(ReturnKind.FINAL_RELEASE, Law.adult(List.of(offence), prison));

        assertThat(reasonOf(RULES.assess(event, row.provisionDate()))).isEqualTo(row.expected());
    }

    /**
     * The table covers the whole catalogue: each row is cited inside its dates with the route it gives, after its
     * numbering ends (if it does) by an offence dated on that day or later, and before the regulation covers it (if
     * a date says when) by a provision date before that day.
     */
    @Test
    void everyRowOfTheCatalogueIsInTheTable() throws IOException {
        List<Row> table = rows();
        for (CSVRecord entry : catalogue()) {
            String key = key(entry);
            List<Row> citing = table.stream().filter(r -> r.key().equals(key)).toList();
            assertThat(citing).as("catalogue row " + key + " cited with a route").anyMatch(r -> r.expected().startsWith("ROUTE_"));
            if (!entry.get("numbering_until").isBlank()) {
                LocalDate until = LocalDate.parse(entry.get("numbering_until"));
                assertThat(citing).as(key + " cited on or after its numbering ends").anyMatch(r -> !r.offenceDate().isBefore(until));
            }
            if (!entry.get("in_scope_from").isBlank()) {
                assertThat(citing).as(key + " cited before the regulation covers it")
                        .anyMatch(r -> !r.expected().startsWith("ROUTE_"));
            }
        }
    }

    private static List<CSVRecord> catalogue() throws IOException {
        try (Reader reader = Law.source("config/offence-catalogue.csv").reader()) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setCommentMarker('#').get()
                    .parse(reader).getRecords();
        }
    }

    private static String key(CSVRecord row) {
        return row.get("article") + "|" + row.get("paragraph") + "|" + row.get("regime");
    }

}
