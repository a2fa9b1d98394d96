package nl.bij.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;


import nl.bij.intake.Events;

/** Names, offences and aftercare planted in events appear in no log line, whatever becomes of the event. */
class LogPrivacyTest extends ServiceTestSupport {

    private final CapturedLog log = new CapturedLog();

    @AfterAll
    void release() {
        log.close();
    }

    @Override
    protected java.util.Properties overrides() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("bij.eligibility.attempt-or-participation", "QUALIFY");
        return p;
    }

    @Test
    void plantedPersonalDataAppearsInNoLogLine() throws Exception {
        String full = Events.full();
        sendAndAwait(
                text(full),
                text(full.replace("</convictions>", "</convictionz>")),
                text(full.replace("<surname>Zwaantjes-Plantinga</surname>",
                        "<surname>" + "Zwaantjes-Plantinga".repeat(20) + "</surname>")),
                text(full.replace("code=\"0344\"", "code=\"Gerritdina\"")),
                text(full.replace("version=\"1.0\" ext", "version=\"Zwaantjes\" ext")),
                bytes(full.getBytes(UTF_8)),
                // markup in a surname: the parser's own message would quote the entity's name
                text(full.replace("<surname>Zwaantjes-Plantinga</surname>", "<surname>Zwaantjes &Plantinga;</surname>")),
                text(full.replace("<surname>Zwaantjes-Plantinga</surname>", "<surname>Zwaantjes <Plantinga</surname>")),
                // delivered: composed, signed, written to the drop folder
                text(Events.withEventId(nl.bij.notice.Notices.fullAnnouncement(), "00000000-0000-4000-8000-0000000000d1")));
        for (Path sample : samples()) {
            sendAndAwait(text(Files.readString(sample)));
        }

        List<String> lines = log.lines();
        assertThat(log.events()).as("decision and delivery lines carry the eventId in the MDC")
                .filteredOn(e -> e.getLoggerName().equals("bij.delivery") && e.getFormattedMessage().startsWith("delivering"))
                .isNotEmpty().allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsKeys("bij.eventId", "bij.noticeId"));
        assertThat(log.events()).as("decision lines carry their identifiers and codes as fields of their own")
                .filteredOn(e -> e.getLoggerName().equals("bij.decision")).isNotEmpty()
                .allSatisfy(e -> assertThat(e.getKeyValuePairs()).extracting(pair -> pair.key)
                        .contains("eventId", "messageId", "caseId", "decision", "reason", "municipality"));
        assertThat(lines).as("captured log lines").hasSizeGreaterThan(5);
        for (String planted : Events.PLANTED) {
            assertThat(lines).as("log lines containing " + planted).noneMatch(line -> line.contains(planted));
        }
        assertThat(lines).as("log lines containing the marked-up surname").noneMatch(line -> line.contains("Plantinga"));
        for (String sampleName : List.of("Vries", "Jan Pieter", "Oudegracht", "Kees", "Opvang De Herberg",
                "verkrachting", "zware mishandeling", "Mohammed", "Schuldhulpverlening", "Sanne", "Bakker", "Damrak",
                "Grote Markt", "Anouk", "Coolsingel")) {
            assertThat(lines).as("log lines containing " + sampleName).noneMatch(line -> line.contains(sampleName));
        }
    }

    private static List<Path> samples() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("samples"))) {
            return files.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
    }
}
