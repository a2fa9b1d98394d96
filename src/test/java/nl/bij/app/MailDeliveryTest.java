package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import jakarta.mail.Folder;
import jakarta.mail.Part;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import nl.bij.intake.Events;
import nl.bij.notice.NoticeDocuments;
import nl.bij.notice.NoticeSigner;
import nl.bij.notice.Notices;
import nl.bij.state.Decision;
import nl.bij.state.DecisionRecord;

/**
 * The mail channel against a real SMTP/IMAP server in-process (GreenMail), reached over STARTTLS through
 * {@link SmtpFront}: what a mayor's office receives, a permanent rejection, and a relay that keeps deferring
 * (an outage and recovery: {@link MailRelayOutageTest}).
 */
@OnceOnTheH2Pass
class MailDeliveryTest extends ServiceTestSupport {

    private static final String RELAY_USER = "bij-relay";
    private static final String RELAY_PASSWORD = "relay-secret";
    private static final int SMTP_PORT = AvailablePortFinder.getNextAvailable();
    private static final int IMAP_PORT = AvailablePortFinder.getNextAvailable();

    private final GreenMail greenMail = startGreenMail();
    private final SmtpFront front = startFront();
    private final NoticeDocuments documents = new NoticeDocuments();

    @Override
    protected Properties overrides() {
        Properties p = mailRecipients();
        p.setProperty("bij.delivery.max-attempts", "15");
        p.setProperty("bij.eligibility.attempt-or-participation", "QUALIFY");
        p.setProperty("bij.mail.host", "127.0.0.1");
        p.setProperty("bij.mail.port", String.valueOf(front.port()));
        p.setProperty("bij.mail.starttls", "required");
        p.setProperty("bij.mail.ssl-trust", "127.0.0.1");
        p.setProperty("bij.mail.username", RELAY_USER);
        p.setProperty("bij.mail.password", RELAY_PASSWORD);
        p.setProperty("bij.mail.connection-timeout-ms", "2000");
        return p;
    }

    @AfterAll
    void stopServers() throws Exception {
        front.close();
        greenMail.stop();
    }

    @Test
    void theMayorsOfficeReceivesAOneWayDutchMailWithTheSignedNoticeOverStartTls() throws Exception {
        String id = sendAndAwait(text(Events.withEventId(Notices.fullAnnouncement(), "00000000-0000-4000-8000-0000000000a1"))).get(0);
        DecisionRecord decision = decisionOf(id);
        assertThat(decision.decision()).isEqualTo(Decision.NOTIFIED);
        assertThat(decision.reviewReasons()).containsExactly("INTENDED_MUNICIPALITY_DIFFERS");
        String noticeId = decision.noticeIds().get(0);

        MimeMessage mail = receivedOverImap("bij@utrecht.example", noticeId);
        assertThat(mail.getSubject()).isEqualTo("BIJ-melding " + noticeId + ", gemeente Utrecht");
        assertThat(mail.getMessageID()).isEqualTo("<" + noticeId + "@justid.example>");
        assertThat(mail.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        assertThat(mail.getHeader("Reply-To")).isNull();
        assertThat(mail.getFrom()[0].toString()).contains("bij-noreply@justid.example");
        assertThat(front.sessions()).isNotEmpty().allMatch(protocol -> protocol.startsWith("TLSv1."));

        MimeMultipart parts = (MimeMultipart) mail.getContent();
        String body = (String) parts.getBodyPart(0).getContent();
        assertThat(body).startsWith("*** SPOED").contains("De burgemeester van Utrecht", "BETROKKENE",
                "Gerritdina Hendrika van der Zwaantjes-Plantinga", "GROND VAN DE MELDING", "kan niet worden beantwoord");
        Part attachment = parts.getBodyPart(1);
        assertThat(attachment.getDisposition()).isEqualTo(Part.ATTACHMENT);
        assertThat(attachment.getFileName()).isEqualTo(noticeId + ".xml");
        assertThat(attachment.getContentType()).startsWith("application/xml");
        byte[] xml = attachment.getInputStream().readAllBytes();
        documents.validate(xml);
        assertThat(NoticeSigner.verify(documents.parse(xml), serviceCertificate().getPublicKey())).isTrue();

        // the closed list (docs/law.md §5), in the mail as sent: headers, text and attachment
        assertThat(Notices.elementNames(documents.parse(xml))).isSubsetOf(Notices.CLOSED_LIST);
        // the attachment travels base64-encoded: a short forbidden word such as "SKN" turns up in such text by
        // chance, so the words are sought where they could be words (headers, text, the notice but its signature)
        assertThat(headers(mail)).doesNotContain(Notices.FORBIDDEN);
        assertThat(body).doesNotContain(Notices.FORBIDDEN);
        assertThat(Notices.withoutSignature(xml)).contains("<grounds>").doesNotContain("SignatureValue")
                .doesNotContain(Notices.FORBIDDEN);
        assertThat(mail.getSubject() + mail.getHeader("Message-ID", null)).doesNotContain("Zwaantjes", "Gerritdina");
    }

    @Test
    void anUpdateAndAWithdrawalReachTheSameOfficeAsWijzigingAndIntrekkingMails() throws Exception {
        String announce = qualifyingFor("0193", "00000000-0000-4000-8000-0000000000a5");
        DecisionRecord notified = decisionOf(sendAndAwait(text(announce)).get(0));
        String update = Events.replace(Events.withEventId(announce, "00000000-0000-4000-8000-0000000000a6"),
                "<eventType>ANNOUNCE</eventType>", "<eventType>UPDATE</eventType>").replace("2025-04-15", "2025-05-20");
        DecisionRecord updated = decisionOf(sendAndAwait(text(Events.inCase(update, notified.caseId().orElseThrow()))).get(0));
        String withdraw = Events.replace(Events.withEventId(announce, "00000000-0000-4000-8000-0000000000a7"),
                "<eventType>ANNOUNCE</eventType>", "<eventType>WITHDRAW</eventType>");
        DecisionRecord withdrawn = decisionOf(sendAndAwait(text(Events.inCase(withdraw, notified.caseId().orElseThrow()))).get(0));
        assertThat(List.of(notified.decision(), updated.decision(), withdrawn.decision()))
                .containsExactly(Decision.NOTIFIED, Decision.UPDATED, Decision.WITHDRAWN);
        String first = notified.noticeIds().get(0);

        MimeMessage wijziging = receivedOverImap("bij@zwolle.example", updated.noticeIds().get(0));
        String changeText = mailText(wijziging);
        assertThat(wijziging.getSubject()).isEqualTo("BIJ-melding " + updated.noticeIds().get(0) + ", gemeente Zwolle");
        assertThat(changeText).contains("Wijziging van BIJ-melding " + first, "Verwachte datum:  20 mei 2025",
                "GROND VAN DE MELDING", "Mini Minimaal");
        assertThat(new String(attachment(wijziging), StandardCharsets.UTF_8)).contains("<noticeType>WIJZIGING</noticeType>",
                "<changesNoticeId>" + first + "</changesNoticeId>");

        MimeMessage intrekking = receivedOverImap("bij@zwolle.example", withdrawn.noticeIds().get(0));
        String withdrawalText = mailText(intrekking);
        // the withdrawal withdraws the notice that stands: the WIJZIGING, which replaced the first
        assertThat(withdrawalText).contains("Intrekking van BIJ-melding " + updated.noticeIds().get(0), "De eerdere melding is ingetrokken",
                "Mini Minimaal").doesNotContain("GROND VAN DE MELDING", "16/1-20", "242");
        byte[] xml = attachment(intrekking);
        documents.validate(xml);
        assertThat(NoticeSigner.verify(documents.parse(xml), serviceCertificate().getPublicKey())).isTrue();
        assertThat(new String(xml, StandardCharsets.UTF_8)).contains("<noticeType>INTREKKING</noticeType>")
                .doesNotContain("<grounds>");
    }

    @Test
    void aPermanentRejectionEndsFailedAtOnceWithTheRelaysReasonAndKeepsTheNotice() throws Exception {
        DecisionRecord decision = decisionOf(sendAndAwait(text(qualifyingFor("0599", "00000000-0000-4000-8000-0000000000a3"))).get(0));

        assertThat(decision.decision()).isEqualTo(Decision.FAILED);
        assertThat(decision.reason()).contains("550 5.1.1");
        assertThat(decision.detail()).contains("after attempt 1;");
        // the decision is committed just before the JMS transaction that puts the notice on the failed queue
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(browse("bij.queue.delivery-failed"))
                .filteredOn(m -> decision.noticeIds().get(0).equals(property(m, "bijNoticeId")))
                .singleElement().satisfies(m -> assertThat(property(m, "bijFailure")).contains("550")));
        assertThat(greenMail.getReceivedMessagesForDomain("rotterdam.example")).isEmpty();
    }

    @Test
    void aRelayThatKeepsDeferringEndsFailedAfterTheLastAttempt() throws Exception {
        DecisionRecord decision = decisionOf(sendAndAwait(text(qualifyingFor("0518", "00000000-0000-4000-8000-0000000000a4"))).get(0));

        assertThat(decision.decision()).isEqualTo(Decision.FAILED);
        assertThat(decision.reason()).contains("451 4.3.0");
        assertThat(decision.detail()).contains("after attempt 15;");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(browse("bij.queue.delivery-failed"))
                .anySatisfy(m -> assertThat(property(m, "bijNoticeId")).isEqualTo(decision.noticeIds().get(0))));
    }

    /** The test recipients, and a relay on this machine at {@code port} (STARTTLS as {@code starttls}). */
    static Properties relayAt(int port, String starttls, int maxAttempts) {
        Properties p = mailRecipients();
        p.setProperty("bij.delivery.max-attempts", String.valueOf(maxAttempts));
        p.setProperty("bij.mail.host", "127.0.0.1");
        p.setProperty("bij.mail.port", String.valueOf(port));
        p.setProperty("bij.mail.starttls", starttls);
        p.setProperty("bij.mail.connection-timeout-ms", "2000");
        return p;
    }

    /** Test recipients who all take mail: see test-config/mail-recipients.csv. */
    static Properties mailRecipients() {
        Properties p = new Properties();
        p.setProperty("bij.delivery.recipients", "classpath:test-config/mail-recipients.csv");
        p.setProperty("bij.delivery.suppressions", "classpath:test-config/no-suppressions.csv");
        return p;
    }

    /** The minimal event made final (so it qualifies), for another municipality. */
    static String qualifyingFor(String municipality, String eventId) {
        return Events.withEventId(Events.minimalWith("<juvenileLaw>",
                "<irrevocableDate>2021-02-24</irrevocableDate><juvenileLaw>")
                .replace("code=\"0344\"", "code=\"" + municipality + "\""), eventId);
    }

    private static String mailText(MimeMessage mail) throws Exception {
        return (String) ((MimeMultipart) mail.getContent()).getBodyPart(0).getContent();
    }

    private static byte[] attachment(MimeMessage mail) throws Exception {
        return ((MimeMultipart) mail.getContent()).getBodyPart(1).getInputStream().readAllBytes();
    }

    private MimeMessage receivedOverImap(String mailbox, String noticeId) throws Exception {
        assertThat(greenMail.waitForIncomingEmail(10_000, 1)).isTrue();
        Store store = greenMail.getImap().createStore();
        store.connect(mailbox, mailbox);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            for (jakarta.mail.Message message : inbox.getMessages()) {
                if (("<" + noticeId + "@justid.example>").equals(((MimeMessage) message).getMessageID())) {
                    return new MimeMessage((MimeMessage) message);
                }
            }
            throw new AssertionError("no mail for notice " + noticeId + " in " + mailbox);
        } finally {
            store.close();
        }
    }

    private static String headers(MimeMessage mail) throws Exception {
        return String.join("\n", java.util.Collections.list(mail.getAllHeaderLines()));
    }

    private static String messageId(MimeMessage mail) {
        try {
            return mail.getMessageID();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static GreenMail startGreenMail() {
        GreenMail mail = new GreenMail(new ServerSetup[] {new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
            new ServerSetup(IMAP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        mail.start();
        mail.setUser("bij-relay@justid.example", RELAY_USER, RELAY_PASSWORD);
        return mail;
    }

    private static SmtpFront startFront() {
        try {
            return new SmtpFront(SMTP_PORT, Set.of("rejected@rotterdam.example"), Set.of("deferred@denhaag.example"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
