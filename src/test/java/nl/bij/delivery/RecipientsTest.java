package nl.bij.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.StringReader;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** config/recipients.csv and config/suppressions.csv: read, looked up, and refused with a clear error when wrong. */
class RecipientsTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 29);
    private static final Set<String> EXISTING = Set.of("0344", "0599", "1992");
    private static final String RECIPIENTS = "municipality,channel,target\n";
    private static final String SUPPRESSIONS = "municipality,from,until,reason\n";

    @Test
    void eachMunicipalityHasItsChannelAndASuppressionAppliesWithinItsDates() {
        Recipients recipients = load(RECIPIENTS + "0344,XML,\n1992,MAIL,bij@voorneaanzee.example\n"
                        + "0599,XML,jms:queue:rotterdam.bij\n",
                SUPPRESSIONS + "0599,2026-12-01,2026-12-31,TICKET-7\n");

        assertThat(recipients.of("0344")).contains(new Recipient("0344", Channel.XML, ""));
        assertThat(recipients.of("1992")).contains(new Recipient("1992", Channel.MAIL, "bij@voorneaanzee.example"));
        assertThat(recipients.of("0363")).isEmpty();
        assertThat(recipients.suppression("0599", LocalDate.of(2026, 11, 30))).isEmpty();
        assertThat(recipients.suppression("0599", LocalDate.of(2026, 12, 1))).map(Suppression::reason).contains("TICKET-7");
        assertThat(recipients.suppression("0599", LocalDate.of(2026, 12, 31))).isPresent();
        assertThat(recipients.suppression("0599", LocalDate.of(2027, 1, 1))).isEmpty();
    }

    @Test
    void theShippedExampleFilesAreValid() {
        var register = nl.bij.municipality.MunicipalityRegister.load("municipalities.csv",
                reader("config/data/municipalities.csv"), "mergers_annotated.csv", reader("config/data/mergers_annotated.csv"));
        Recipients shipped = Recipients.load("recipients.csv", reader("config/recipients.csv"), "suppressions.csv",
                reader("config/suppressions.csv"), register::existingOn, TODAY);
        assertThat(shipped.all()).containsExactlyInAnyOrder(
                new Recipient("0344", Channel.XML, ""), new Recipient("0268", Channel.XML, ""),
                new Recipient("0599", Channel.XML, ""), new Recipient("0193", Channel.MAIL, "bij-meldingen@zwolle.example"),
                new Recipient("1992", Channel.MAIL, "openbareorde@voorneaanzee.example"),
                new Recipient("0518", Channel.MAIL, "veiligheid@denhaag.example"), new Recipient("0014", Channel.XML, ""));
        assertThat(shipped.suppressions()).singleElement().satisfies(s -> {
            assertThat(s.municipality()).isEqualTo("0014");
            assertThat(s.reason()).startsWith("EXAMPLE-SUPPRESSION");
        });
        assertThat(shipped.suppression("0014", TODAY)).isPresent();
        assertThat(shipped.suppression("0014", LocalDate.of(2028, 1, 1))).isEmpty();
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                bad("an unknown channel", RECIPIENTS + "0344,FAX,\n", SUPPRESSIONS, "recipients.csv data row 1: channel must be XML or MAIL"),
                bad("a code that is not 4 digits", RECIPIENTS + "344,XML,\n", SUPPRESSIONS, "data row 1: municipality '344' is not a 4-digit code"),
                bad("a municipality merged away", RECIPIENTS + "0614,XML,\n", SUPPRESSIONS, "data row 1: municipality 0614 does not exist on 2026-11-29"),
                bad("a second row for one municipality", RECIPIENTS + "0344,XML,\n0344,MAIL,a@b.example\n", SUPPRESSIONS, "data row 2: municipality 0344 has a second row"),
                bad("a mail target that is no address", RECIPIENTS + "0344,MAIL,burgemeester at utrecht\n", SUPPRESSIONS, "data row 1: 'burgemeester at utrecht' is not a mail address"),
                bad("an endpoint scheme that is not allowed", RECIPIENTS + "0344,XML,exec:rm\n", SUPPRESSIONS, "data row 1: target must be one of"),
                bad("plain http", RECIPIENTS + "0344,XML,http://utrecht.example/bij\n", SUPPRESSIONS, "not 'http'"),
                bad("https with a login in it", RECIPIENTS + "0344,XML,https://bij:geheim@utrecht.example/bij\n", SUPPRESSIONS,
                        "an https target is the receiver's base URL"),
                bad("https with options", RECIPIENTS + "0344,XML,https://utrecht.example/bij?trustAll=true\n", SUPPRESSIONS,
                        "without a login, query or fragment"),
                bad("sftp with a password in it", RECIPIENTS + "0344,XML,sftp://bij:geheim@sftp.utrecht.example/in\n",
                        SUPPRESSIONS, "an sftp target is the server's folder with the user"),
                bad("sftp without a user", RECIPIENTS + "0344,XML,sftp://sftp.utrecht.example/in\n", SUPPRESSIONS,
                        "sftp://user@host[:port]/folder"),
                bad("sftp with options", RECIPIENTS + "0344,XML,sftp://bij@sftp.utrecht.example/in?strictHostKeyChecking=no\n",
                        SUPPRESSIONS, "without a password, query or fragment"),
                bad("jms with options", RECIPIENTS + "0344,XML,jms:queue:utrecht.bij?transacted=true\n", SUPPRESSIONS,
                        "a jms target is a queue on the service's broker (jms:queue:NAME"),
                bad("a jms topic", RECIPIENTS + "0344,XML,jms:topic:utrecht.bij\n", SUPPRESSIONS,
                        "without options: the service sets how it sends"),
                bad("a missing column", RECIPIENTS + "0344,XML\n", SUPPRESSIONS, "data row 1: missing column"),
                bad("a suppression without a reason", RECIPIENTS, SUPPRESSIONS + "0344,,,\n", "suppressions.csv data row 1: a suppression needs a reason"),
                bad("a suppression that ends before it starts", RECIPIENTS, SUPPRESSIONS + "0344,2026-12-01,2026-11-01,X\n", "data row 1: until is before from"),
                bad("a suppression date in Dutch order", RECIPIENTS, SUPPRESSIONS + "0344,01-12-2026,,X\n", "data row 1: from '01-12-2026' is not a date"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void aWrongRowIsRefusedWithFileRowAndProblem(String recipients, String suppressions, String expected) {
        assertThatThrownBy(() -> load(recipients, suppressions)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(expected);
    }

    private static Recipients load(String recipients, String suppressions) {
        return Recipients.load("recipients.csv", new StringReader(recipients), "suppressions.csv",
                new StringReader(suppressions), (code, day) -> EXISTING.contains(code) ? Optional.of("x") : Optional.empty(),
                TODAY);
    }

    private static Arguments bad(String what, String recipients, String suppressions, String expected) {
        return arguments(named(what, recipients), suppressions, expected);
    }

    private static java.io.Reader reader(String resource) {
        return new java.io.InputStreamReader(RecipientsTest.class.getClassLoader().getResourceAsStream(resource),
                java.nio.charset.StandardCharsets.UTF_8);
    }
}
