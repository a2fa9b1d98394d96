package nl.bij.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import com.zaxxer.hikari.HikariDataSource;

import nl.bij.app.MovableClock;
import nl.bij.notice.NoticeDocuments;
import nl.bij.notice.NoticeText;
import nl.bij.notice.Notices;
import nl.bij.notice.wire.NoticeXml;

/**
 * The inbox's rules with the clock moved: a notice is taken once from the trusted sender only; without measures it
 * is destroyed at its destroy-by date, with reminders 30 and 7 days before; with measures it is archived then, and
 * erased five years later; every view, mark and erasure is in the audit list.
 */
class InboxTest {

    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

    @AutoClose
    private final HikariDataSource db = database();
    private final MovableClock clock = new MovableClock(Notices.NOW.toInstant().plus(Duration.ofHours(1)));
    private final NoticeDocuments documents = new NoticeDocuments();
    private final Inbox inbox = new Inbox(java.util.List.of(Notices.signer().certificate()),
            new InboxStore(db), text(), clock);

    @Test
    void aNoticeIsTakenOnceAndOnlyFromTheTrustedSender() {
        NoticeXml notice = Notices.full();
        byte[] signed = sign(notice);

        assertThat(inbox.receive(notice.getNoticeId(), signed).status()).isEqualTo(201);
        assertThat(inbox.receive(notice.getNoticeId(), signed).status()).as("the same again").isEqualTo(409);
        assertThat(inbox.receive(UUID.randomUUID().toString(), signed).reason())
                .isEqualTo("the noticeId in the address is not the notice's own");
        byte[] changed = new String(sign(Notices.full()), StandardCharsets.UTF_8).replace("Zwaantjes", "Zwaantjez")
                .getBytes(StandardCharsets.UTF_8);
        Inbox.Receipt refused = inbox.receive(documents.read(changed).getNoticeId(), changed);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.reason()).startsWith("the signature does not verify");
        assertThat(inbox.list()).hasSize(1);
    }

    @Test
    void whileJustidRollsItsKeyOverNoticesSignedWithEitherAreTaken() throws Exception {
        java.nio.file.Path keystore = java.nio.file.Files.createTempDirectory("rollover").resolve("new.p12");
        nl.bij.app.SigningKeys.generate(keystore, "new", "new-pass", "CN=Justid new key, C=NL");
        nl.bij.notice.NoticeSigner newKey = nl.bij.notice.NoticeSigner.fromKeystore(keystore, "new-pass".toCharArray(), "new");
        Inbox rollingOver = new Inbox(java.util.List.of(newKey.certificate(), Notices.signer().certificate()),
                new InboxStore(db), text(), clock);

        NoticeXml old = Notices.full();
        assertThat(rollingOver.receive(old.getNoticeId(), sign(old)).status()).as("signed with the old key").isEqualTo(201);
        NoticeXml fresh = Notices.full();
        Document document = documents.toDocumentForSigning(fresh);
        newKey.sign(document);
        assertThat(rollingOver.receive(fresh.getNoticeId(), documents.toBytes(document)).status())
                .as("signed with the new key").isEqualTo(201);
        NoticeXml third = Notices.full();
        Document again = documents.toDocumentForSigning(third);
        newKey.sign(again);
        assertThat(inbox.receive(third.getNoticeId(), documents.toBytes(again)).status())
                .as("an inbox that knows only the old key").isEqualTo(400);
    }

    @Test
    void withoutMeasuresItIsDestroyedAtItsDateAfterTwoReminders() {
        NoticeXml notice = received();
        LocalDate destroyBy = LocalDate.parse(notice.getDestroyBy().toXMLFormat());
        assertThat(destroyBy).isEqualTo(LocalDate.of(2026, 1, 10));
        assertThat(inbox.runClock()).isEmpty();

        at(destroyBy.minusDays(31));
        assertThat(inbox.runClock()).isEmpty();
        at(destroyBy.minusDays(30));
        assertThat(inbox.runClock()).containsExactly(Map.entry(notice.getNoticeId(), 30));
        assertThat(inbox.list().get(0)).containsEntry("reminder", 30);
        assertThat(inbox.runClock()).as("once").isEmpty();
        at(destroyBy.minusDays(7));
        assertThat(inbox.runClock()).containsExactly(Map.entry(notice.getNoticeId(), 7));
        at(destroyBy.minusDays(1));
        assertThat(inbox.runClock()).isEmpty();
        assertThat(inbox.list()).hasSize(1);

        at(destroyBy);
        inbox.runClock();
        assertThat(inbox.list()).isEmpty();
        assertThat(inbox.show(notice.getNoticeId(), "otto")).isEmpty();
        assertThat(inbox.audit()).extracting(row -> row.get("action"))
                .containsExactly("destroyed", "reminded", "reminded", "received");
    }

    @Test
    void withMeasuresItIsArchivedAtItsDateAndErasedFiveYearsLater() {
        NoticeXml notice = received();
        LocalDate destroyBy = LocalDate.parse(notice.getDestroyBy().toXMLFormat());
        assertThat(inbox.show(notice.getNoticeId(), "otto")).hasValueSatisfying(text -> assertThat(text)
                .contains("Zwaantjes-Plantinga", "Kenmerk:    " + notice.getNoticeId()));
        assertThat(inbox.markMeasures(notice.getNoticeId(), "otto")).isTrue();
        assertThat(inbox.markMeasures(notice.getNoticeId(), "otto")).as("once").isFalse();

        at(destroyBy.minusDays(30));
        assertThat(inbox.runClock()).as("no reminders once measures are recorded").isEmpty();
        at(destroyBy);
        inbox.runClock();
        assertThat(inbox.list()).singleElement().satisfies(row -> assertThat(row).containsEntry("stage", "ARCHIVED"));

        at(destroyBy.plusYears(5).minusDays(1));
        inbox.runClock();
        assertThat(inbox.list()).hasSize(1);
        at(destroyBy.plusYears(5));
        inbox.runClock();
        assertThat(inbox.list()).isEmpty();
        assertThat(inbox.audit()).extracting(row -> row.get("action"))
                .containsExactly("erased", "archived", "measures-taken", "viewed", "received");
        assertThat(inbox.receive(notice.getNoticeId(), sign(notice)).status()).as("erased, and not taken again")
                .isEqualTo(409);
    }

    @Test
    void aReminderMailNamesNoticeIdsAndDaysOnly() throws Exception {
        int port = org.apache.camel.test.AvailablePortFinder.getNextAvailable();
        com.icegreen.greenmail.util.GreenMail relay = new com.icegreen.greenmail.util.GreenMail(
                new com.icegreen.greenmail.util.ServerSetup(port, "127.0.0.1", "smtp"));
        relay.start();
        try {
            NoticeXml notice = received();
            at(LocalDate.parse(notice.getDestroyBy().toXMLFormat()).minusDays(30));
            new ReminderMail("127.0.0.1", port, "BIJ-inbox <inbox@gemeente.example>", "kantoor@gemeente.example")
                    .send(inbox.runClock());

            jakarta.mail.internet.MimeMessage[] mails = relay.getReceivedMessages();
            assertThat(mails).hasSize(1);
            String text = (String) mails[0].getContent();
            assertThat(text).contains("- melding " + notice.getNoticeId() + ": over 30 dagen")
                    .doesNotContain("Zwaantjes", "Utrecht", "1970");
            assertThat(mails[0].getSubject()).isEqualTo("BIJ-inbox: herinnering vernietigingsdatum");
        } finally {
            relay.stop();
        }
    }

    private NoticeXml received() {
        NoticeXml notice = Notices.full();
        assertThat(inbox.receive(notice.getNoticeId(), sign(notice)).status()).isEqualTo(201);
        return notice;
    }

    private void at(LocalDate day) {
        clock.set(day.atTime(3, 0).atZone(AMSTERDAM).toInstant());
    }

    private byte[] sign(NoticeXml notice) {
        Document document = documents.toDocumentForSigning(notice);
        Notices.signer().sign(document);
        return documents.toBytes(document);
    }

    private static NoticeText text() {
        return new NoticeText("notice-mail.mustache", new InputStreamReader(InboxTest.class.getClassLoader()
                .getResourceAsStream("config/notice-mail.mustache"), StandardCharsets.UTF_8), 14);
    }

    private static HikariDataSource database() {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        pool.setUsername("sa");
        Flyway.configure().dataSource(pool).locations("classpath:db/inbox").load().migrate();
        return pool;
    }
}
