package nl.bij.eligibility;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.StringReader;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import nl.bij.eligibility.OffenceCatalogue.Source;

/** Issue 3: a malformed catalogue stops the service at start-up, with the file, the row and the problem. */
class OffenceCatalogueTest {

    private static final String HEADER = "list,article,paragraph,regime,numbering_from,numbering_until,in_scope_from,source\n";
    private static final String GOOD_ROW = "1-ZEDEN,242,,,,2024-07-01,,list 1\n";

    static Stream<Arguments> malformed() {
        return Stream.of(
                bad("an unknown list", GOOD_ROW + "3-DIEFSTAL,310,,,,,,x\n", "catalogue.csv data row 2: list must be"),
                bad("an article that is no article number", "1-ZEDEN,art 242,,,,,,x\n", "data row 1: 'art 242' is not an article number"),
                bad("a paragraph that is no lid", "1-GEWELD,302,one,,,,,x\n", "data row 1: paragraph 'one' is not a lid number"),
                bad("a regime other than OLD", "1-ZEDEN,242,,NEW,,,,x\n", "data row 1: regime must be empty or OLD"),
                bad("a date in Dutch order", "1-ZEDEN,242,,,,01-07-2024,,x\n", "data row 1: numbering_until '01-07-2024' is not a date"),
                bad("a validity period that ends before it starts", "1-ZEDEN,242,,,2024-07-01,2024-07-01,,x\n", "data row 1: numbering_from must be before numbering_until"),
                bad("a named date the configuration does not set", "BRANDSTICHTING,157,,,,,${fire-date},x\n", "data row 1: in_scope_from names ${fire-date}"),
                bad("a missing column", "1-ZEDEN,242\n", "data row 1: missing column"),
                bad("no rows at all", "", "catalogue.csv: the offence catalogue is empty"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void aMalformedCatalogueIsRefusedWithItsRowAndProblem(String rows, String expected) {
        assertThatThrownBy(() -> OffenceCatalogue.load(new Source("catalogue.csv", new StringReader(HEADER + rows)),
                Law.source("config/renumbered-articles.csv"), Law.source("config/data/sr-articles-2015.csv"),
                Map.of("arson-effective-date", LocalDate.of(2025, 1, 1))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(expected);
    }

    private static Arguments bad(String what, String rows, String expected) {
        return arguments(named(what, rows), expected);
    }
}
