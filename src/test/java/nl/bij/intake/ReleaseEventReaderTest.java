package nl.bij.intake;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import nl.bij.intake.IntakeOutcome.Accepted;
import nl.bij.intake.IntakeOutcome.Rejected;
import nl.bij.intake.ReleaseEvent.AddressKind;
import nl.bij.intake.ReleaseEvent.Municipality;
import nl.bij.intake.ReleaseEvent.ReturnKind;

class ReleaseEventReaderTest {

    private static final ReleaseEventReader READER = new ReleaseEventReader();

    /** docs/contract.md §1.1 and §1.2: messages the interface calls valid. */
    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("minimal: only required elements", Events.minimal()),
                Arguments.of("full: every optional element, extensions, aftercare", Events.full()),
                Arguments.of("version 1.7 of the 1.x line", Events.minimalWith("version=\"1.0\">", "version=\"1.7\">")),
                Arguments.of("abroad", Events.minimalWith("<municipality code=\"0344\" addressKind=\"HOME\"/>",
                        "<abroad country=\"BE\"/>")),
                Arguments.of("Caribbean Netherlands", Events.minimalWith(
                        "<municipality code=\"0344\" addressKind=\"HOME\"/>", "<caribbeanNetherlands island=\"SABA\"/>")),
                Arguments.of("unknown destination", Events.minimalWith(
                        "<municipality code=\"0344\" addressKind=\"HOME\"/>", "<unknown/>")),
                Arguments.of("briefadres", Events.minimalWith("addressKind=\"HOME\"", "addressKind=\"POSTAL\"")),
                Arguments.of("foreign attribute on a simple element", Events.minimalWith("<caseId>",
                        "<caseId xmlns:f=\"urn:f\" f:x=\"1\">")),
                Arguments.of("foreign element at the end of conviction", Events.minimalWith("</conviction>",
                        "<f:x xmlns:f=\"urn:f\"><f:y/></f:x></conviction>")),
                Arguments.of("several convictions", Events.minimalWith("</convictions>",
                        Events.minimal().substring(Events.minimal().indexOf("<conviction>"),
                                Events.minimal().indexOf("</convictions>")) + "</convictions>")),
                Arguments.of("aftercare only, self-closing", Events.minimalWith("</convictions>",
                        "</convictions><aftercare/>")),
                Arguments.of("offset-less date with zone is fine for xs:date", Events.minimalWith(
                        "<dateOfBirth>1980-05-17</dateOfBirth>", "<dateOfBirth>1980-05-17+01:00</dateOfBirth>")),
                Arguments.of("exactly at the size limit", new String(HostileCorpus.exactlyAtLimit(), UTF_8)),
                Arguments.of("comments and processing instructions", Events.minimalWith("<subject>",
                        "<!-- a comment --><?pi data?><subject>")),
                Arguments.of("no personId (optional in the contract)", Events.minimalWith(
                        "<personId scheme=\"SKN\">1</personId>", "")),
                Arguments.of("texts far longer than any register holds (the contract sets no limit)", longTexts()),
                Arguments.of("an address as registers write it (the contract sets no format)", Events.replace(
                        Events.fullWith("<houseNumber>17-B</houseNumber>", "<houseNumber>12A-2 bis/3</houseNumber>"),
                        "<postalCode>3511 AA</postalCode>", "<postalCode>3511aa</postalCode>")),
                Arguments.of("endDate on a leave", Events.minimalWith("<kind>FINAL_RELEASE</kind>",
                        "<kind>PIJ_LEAVE</kind>").replace("<institution", "<endDate>2025-04-20</endDate><institution")));
    }

    /** A surname, court and qualification of 1,000 characters each: free text is bounded by the message size only. */
    static String longTexts() {
        String longText = "x".repeat(1_000);
        return Events.replace(Events.minimalWith("<surname>Minimaal</surname>", "<surname>" + longText + "</surname>")
                .replace("<court>Rechtbank Midden-Nederland</court>", "<court>" + longText + "</court>"),
                "<offence article=\"242\" date=\"2020-06-01\"/>",
                "<offence article=\"242\" date=\"2020-06-01\" qualification=\"" + longText + "\"/>");
    }

    @ParameterizedTest(name = "accepts {0}")
    @MethodSource("valid")
    void acceptsWhatTheInterfaceCallsValid(String name, String xml) {
        assertThat(READER.read(xml)).as(name).isInstanceOf(Accepted.class);
        assertThat(READER.read(xml.getBytes(UTF_8))).as(name + " as bytes").isInstanceOf(Accepted.class);
    }

    /** Well-formed messages that break the contract, each with the reason code it must get. */
    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("missing surname", Events.minimalWith("<surname>Minimaal</surname>", ""),
                        RejectReason.SCHEMA_VIOLATION),
                Arguments.of("elements out of order", Events.minimalWith(
                        "<eventType>ANNOUNCE</eventType>\n  <caseId>JD-MIN-1</caseId>",
                        "<caseId>JD-MIN-1</caseId><eventType>ANNOUNCE</eventType>"), RejectReason.SCHEMA_VIOLATION),
                Arguments.of("eventId not a UUID", Events.minimalWith("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee", "42"),
                        RejectReason.SCHEMA_VIOLATION),
                Arguments.of("unknown eventType", Events.minimalWith("ANNOUNCE", "CANCEL"),
                        RejectReason.SCHEMA_VIOLATION),
                Arguments.of("unknown return kind", Events.minimalWith("FINAL_RELEASE", "HOLIDAY"),
                        RejectReason.SCHEMA_VIOLATION),
                Arguments.of("caseId with a slash", Events.minimalWith("JD-MIN-1", "JD/MIN"),
                        RejectReason.SCHEMA_VIOLATION),
                Arguments.of("caseId of 65 characters", Events.minimalWith("JD-MIN-1", "J".repeat(65)),
                        RejectReason.SCHEMA_VIOLATION),
                Arguments.of("createdAt without offset", Events.minimalWith("09:15:00Z", "09:15:00"),
                        RejectReason.SCHEMA_VIOLATION),
                Arguments.of("municipality code of 3 digits", Events.minimalWith("code=\"0344\"", "code=\"344\""),
                        RejectReason.SCHEMA_VIOLATION),
                Arguments.of("unknown addressKind", Events.minimalWith("HOME", "CARAVAN"),
                        RejectReason.SCHEMA_VIOLATION),
                Arguments.of("no destination", Events.minimalWith(
                        "<municipality code=\"0344\" addressKind=\"HOME\"/>", ""), RejectReason.SCHEMA_VIOLATION),
                Arguments.of("no conviction", Events.minimal().replaceAll("(?s)<conviction>.*</conviction>", ""),
                        RejectReason.SCHEMA_VIOLATION),
                Arguments.of("no offence", Events.minimalWith("<offence article=\"242\" date=\"2020-06-01\"/>", ""),
                        RejectReason.SCHEMA_VIOLATION),
                Arguments.of("article not a number", Events.minimalWith("article=\"242\"", "article=\"two\""),
                        RejectReason.SCHEMA_VIOLATION),
                Arguments.of("duration with a time part", Events.minimalWith("P4Y", "PT4H"),
                        RejectReason.SCHEMA_VIOLATION),
                Arguments.of("unknown sanction type", Events.minimalWith("GEVANGENISSTRAF", "STOKSLAGEN"),
                        RejectReason.SCHEMA_VIOLATION),
                Arguments.of("juvenileLaw not a boolean", Events.minimalWith("<juvenileLaw>false", "<juvenileLaw>nee"),
                        RejectReason.SCHEMA_VIOLATION),
                Arguments.of("foreign element in the middle of subject", Events.minimalWith("<surname>",
                        "<f:x xmlns:f=\"urn:f\"/><surname>"), RejectReason.SCHEMA_VIOLATION),
                Arguments.of("foreign element inside offence", Events.minimalWith(
                        "<offence article=\"242\" date=\"2020-06-01\"/>",
                        "<offence article=\"242\" date=\"2020-06-01\"><f:x xmlns:f=\"urn:f\"/></offence>"),
                        RejectReason.SCHEMA_VIOLATION),
                Arguments.of("unqualified attribute not in the schema", Events.minimalWith("<caseId>", "<caseId x=\"1\">"),
                        RejectReason.SCHEMA_VIOLATION),
                Arguments.of("endDate on a final release", Events.minimalWith("<institution",
                        "<endDate>2025-04-20</endDate><institution"), RejectReason.SCHEMA_VIOLATION),
                Arguments.of("version 1 without minor", Events.minimalWith("version=\"1.0\">", "version=\"1\">"),
                        RejectReason.UNSUPPORTED_VERSION),
                Arguments.of("version 10.0", Events.minimalWith("version=\"1.0\">", "version=\"10.0\">"),
                        RejectReason.UNSUPPORTED_VERSION));
    }

    @ParameterizedTest(name = "rejects {0}")
    @MethodSource("invalid")
    void rejectsWhatBreaksTheContract(String name, String xml, RejectReason reason) {
        assertThat(READER.read(xml)).as(name).isInstanceOfSatisfying(Rejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo(reason);
            assertThat(rejected.detail()).isNotBlank();
        });
    }

    /** The corpus but its oversize case: the reader knows no size limit, JmsIntake enforces it (IntakeEndToEndTest). */
    static List<HostileCorpus.Case> hostile() {
        return HostileCorpus.cases().stream().filter(c -> c.expected() != RejectReason.TOO_LARGE).toList();
    }

    @ParameterizedTest(name = "hostile: {0}")
    @MethodSource("hostile")
    void hostileInputIsRejectedWithItsReason(HostileCorpus.Case hostile) {
        assertThat(READER.read(hostile.body())).isInstanceOfSatisfying(Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(hostile.expected()));
    }

    /** A thread's validator serves message after message: one that broke off its parse leaves nothing behind. */
    @Test
    void aValidatorUsedForABrokenMessageJudgesTheNextOnItsOwn() {
        ReleaseEventReader reader = new ReleaseEventReader();
        String schemaBroken = Events.fullWith("code=\"0344\"", "code=\"GEHEIM\"");
        Rejected alone = (Rejected) new ReleaseEventReader().read(schemaBroken);

        assertThat(reader.read(Events.minimalWith("</surname>", "</surnam>"))).isInstanceOf(Rejected.class);
        assertThat(reader.read(Events.full().substring(0, Events.full().length() / 2))).isInstanceOf(Rejected.class);
        assertThat(((Accepted) reader.read(Events.full())).event().eventId())
                .isEqualTo("11111111-2222-4333-8444-555555555555");
        Rejected again = (Rejected) reader.read(schemaBroken);
        assertThat(again.reason()).isEqualTo(alone.reason());
        assertThat(again.detail()).isEqualTo(alone.detail());
        assertThat(reader.read(Events.minimal())).isInstanceOf(Accepted.class);
    }

    @Test
    void corpusIsLargeEnough() {
        assertThat(HostileCorpus.cases()).hasSizeGreaterThanOrEqualTo(20);
    }

    @Test
    void xmlErrorsSayLineAndColumn() {
        Rejected rejected = (Rejected) READER.read(Events.minimalWith("</surname>", "</surnam>"));
        assertThat(rejected.reason()).isEqualTo(RejectReason.MALFORMED_XML);
        assertThat(rejected.detail()).contains("line 9, column");
    }

    @Test
    void schemaErrorsSayWhereButNeverQuoteTheValue() {
        Rejected rejected = (Rejected) READER.read(Events.fullWith("<dateOfBirth>1970-01-02</dateOfBirth>",
                "<dateOfBirth>Zwaantjes-Plantinga</dateOfBirth>"));
        assertThat(rejected.reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION);
        assertThat(rejected.detail()).contains("/releaseEvent/subject/dateOfBirth").contains("line 14")
                .doesNotContain("Zwaantjes");
    }

    @Test
    void attributeErrorsNameTheAttributeNotItsValue() {
        Rejected rejected = (Rejected) READER.read(Events.fullWith("code=\"0344\"", "code=\"GEHEIM\""));
        assertThat(rejected.detail()).contains("/releaseEvent/destination/municipality").contains("attribute code")
                .doesNotContain("GEHEIM");
    }

    @Test
    void mapsEveryFieldOfTheFullEvent() {
        ReleaseEvent event = ((Accepted) READER.read(Events.full())).event();
        assertThat(event.eventId()).isEqualTo("11111111-2222-4333-8444-555555555555");
        assertThat(event.supersedes()).contains("99999999-8888-4777-8666-555555555555");
        assertThat(event.subject().surnamePrefix()).contains("van der");
        assertThat(event.subject().nationalities()).containsExactly("NL", "DE");
        assertThat(event.ret().kind()).isEqualTo(ReturnKind.TBS_LEAVE);
        assertThat(event.ret().endDate()).contains(LocalDate.of(2025, 4, 16));
        assertThat(event.destination().registration()).isEqualTo(new Municipality("0344", "Utrecht", AddressKind.POSTAL));
        assertThat(event.destination().intendedMunicipality()).hasValueSatisfying(i -> assertThat(i.code()).isEqualTo("0518"));
        assertThat(event.convictions()).hasSize(2);
        var first = event.convictions().get(0);
        assertThat(first.offences().get(0)).satisfies(o -> {
            assertThat(o.article()).isEqualTo("248c");
            assertThat(o.paragraph()).contains("2");
            assertThat(o.attempt()).isTrue();
            assertThat(o.oldRegime()).isTrue();
        });
        assertThat(first.sanctions().get(0).duration()).contains(Period.of(4, 6, 0));
        assertThat(first.sanctions().get(0).conditionalPart()).contains(Period.ofYears(1));
        assertThat(event.convictions().get(1).irrevocableDate()).isEmpty();
        assertThat(event.convictions().get(1).sanctions().get(0).extendable()).contains(true);
    }

    @Test
    void aftercareAndBsnNeverReachTheDomain() {
        ReleaseEvent event = ((Accepted) READER.read(Events.full())).event();
        assertThat(event.toString()).doesNotContain(Events.AFTERCARE).doesNotContain("999999990");
    }

    @Test
    void aMisplacedAftercareIsASchemaViolationAndIsStillNeverKept() {
        // docs/contract.md §1.1: aftercare stands at the end of releaseEvent; elsewhere the message is invalid
        String misplaced = Events.minimalWith("<subject>", "<subject><aftercare><x>" + Events.AFTERCARE + "</x></aftercare>");

        Rejected rejected = (Rejected) READER.read(misplaced);

        assertThat(rejected.reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION);
        assertThat(rejected.detail()).contains("/releaseEvent/subject").doesNotContain(Events.AFTERCARE);
        assertThat(new String(rejected.keptBytes(), UTF_8)).doesNotContain(Events.AFTERCARE)
                .contains("<!-- aftercare removed at intake -->");
    }

    @Test
    void anAftercareBlockInAnotherNamespaceIsAnExtensionAndIsEmptiedToo() {
        String extension = Events.minimalWith("</convictions>", "</convictions><x:aftercare xmlns:x=\"urn:other\" a=\""
                + Events.AFTERCARE + "\"><x:y>" + Events.AFTERCARE + "</x:y></x:aftercare>");
        ReleaseEvent event = ((Accepted) READER.read(extension)).event();
        assertThat(event.toString()).doesNotContain(Events.AFTERCARE);
    }

    @Test
    void rejectedBytesKeepEverythingButTheAftercare() {
        String broken = Events.full().replace("</releaseEvent>", "</releaseEvenz>");
        Rejected rejected = (Rejected) READER.read(broken);
        String kept = new String(rejected.keptBytes(), UTF_8);
        assertThat(kept).doesNotContain(Events.AFTERCARE).contains("</convictions>", "<ext:trailer>",
                "<!-- aftercare removed at intake -->", "not kept: the rest of the message from line");
        assertThat(rejected.eventId()).contains("11111111-2222-4333-8444-555555555555");
    }

    @Test
    void anEventIdIsFoundEvenInABrokenMessage() {
        Rejected rejected = (Rejected) READER.read(Events.minimalWith("</subject>", "</subjec>"));
        assertThat(rejected.eventId()).isEqualTo(Optional.of("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"));
    }
}
