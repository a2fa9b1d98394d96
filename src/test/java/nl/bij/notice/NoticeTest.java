package nl.bij.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import nl.bij.eligibility.AttemptPolicy;
import nl.bij.eligibility.Eligibility;
import nl.bij.eligibility.Eligibility.Qualifies;
import nl.bij.eligibility.Eligibility.QualifyingConviction;
import nl.bij.eligibility.EligibilityRules;
import nl.bij.eligibility.Law;
import nl.bij.eligibility.Route;
import nl.bij.intake.Events;
import nl.bij.intake.ReleaseEvent;
import nl.bij.lifecycle.Outcome.Withdrawal;
import nl.bij.municipality.Resolution.Mayor;
import nl.bij.notice.wire.ConvictionXml;
import nl.bij.notice.wire.NoticeXml;

/** The notice of docs/contract.md §3: its closed list (docs/law.md §5), its schema, its signature and its Dutch text. */
class NoticeTest {

    private final NoticeDocuments documents = new NoticeDocuments();

    @Test
    void aNoticeFromAnEventWithEveryOptionalFieldHoldsOnlyTheClosedList() {
        byte[] signed = signed(Notices.full());

        assertThat(Notices.elementNames(documents.parse(signed))).isSubsetOf(Notices.CLOSED_LIST);
        assertThat(Notices.withoutSignature(signed)).doesNotContain(Notices.FORBIDDEN)
                .contains("Zwaantjes-Plantinga", "GEPLANTE-KWALIFICATIE", "248c", "Plantagestraatje");
    }

    @Test
    void textsOfAnyLengthTheEventMayCarryPassIntoTheSignedNotice() {
        String longText = "x".repeat(1_000);
        ReleaseEvent event = Notices.event(Notices.fullAnnouncement().replace("Zwaantjes-Plantinga", longText)
                .replace("GEPLANTE-KWALIFICATIE", longText));

        byte[] signed = signed(new NoticeComposer(14).compose(event, Notices.bothQualify(),
                new Mayor("0344", "Utrecht", List.of()), Notices.NOW));

        assertThat(Notices.withoutSignature(signed)).contains("<surname>" + longText + "</surname>",
                "<qualification>" + longText + "</qualification>");
    }

    @Test
    void anAddressWrittenAsTheRegisterHasItPassesIntoTheSignedNotice() {
        ReleaseEvent event = Notices.event(Notices.fullAnnouncement()
                .replace("<houseNumber>17-B</houseNumber>", "<houseNumber>12A-2 bis/3</houseNumber>")
                .replace("<postalCode>3511 AA</postalCode>", "<postalCode>3511aa</postalCode>"));

        byte[] signed = signed(new NoticeComposer(14).compose(event, Notices.bothQualify(),
                new Mayor("0344", "Utrecht", List.of()), Notices.NOW));

        assertThat(Notices.withoutSignature(signed)).contains("<houseNumber>12A-2 bis/3</houseNumber>",
                "<postalCode>3511aa</postalCode>");
    }

    @Test
    void onlyTheQualifyingConvictionsAreListed() {
        // a real mix, judged by the real rules: the first conviction qualifies, the final but non-extendable PIJ does not
        ReleaseEvent event = Notices.event(Events.replace(Notices.fullAnnouncement(), "extendable=\"true\"",
                "extendable=\"false\""));
        Eligibility judged = new EligibilityRules(Law.catalogue(), AttemptPolicy.QUALIFY).assess(event, Notices.NOW.toLocalDate());
        assertThat(judged).isInstanceOfSatisfying(Qualifies.class, q -> assertThat(q.convictions())
                .as("the rules' answer this test relies on").extracting(QualifyingConviction::index).containsExactly(0));

        NoticeXml notice = new NoticeComposer(14).compose(event, (Qualifies) judged, new Mayor("0344", "Utrecht", List.of()),
                Notices.NOW);

        assertThat(notice.getGrounds().getConviction()).extracting(ConvictionXml::getParketNumber)
                .containsExactly("16/123456-20");
        assertThat(new String(documents.toBytes(notice), StandardCharsets.UTF_8)).contains("16/123456-20")
                .doesNotContain("05/111222-15", "Rechtbank Gelderland");
    }

    @Test
    void aNoticeCarriesAsManyConvictionsOffencesSanctionsAndNationalitiesAsTheEventDoes() {
        // the release event allows any number of each (a serial case has dozens of counts): the notice must hold
        // them all, or a valid event could never be delivered
        String xml = Notices.fullAnnouncement()
                .replace("<nationality>DE</nationality>", "<nationality>DE</nationality>".repeat(11))
                .replace("<offence article=\"302\" date=\"2020-06-02\"/>",
                        "<offence article=\"302\" date=\"2020-06-02\"/>".repeat(60))
                .replace("<sanction type=\"TBS_DWANGVERPLEGING\"/>", "<sanction type=\"TBS_DWANGVERPLEGING\"/>".repeat(24));
        String first = xml.substring(xml.indexOf("<conviction>"), xml.indexOf("</conviction>") + "</conviction>".length());
        xml = xml.replace(first, first.repeat(25));
        List<QualifyingConviction> all = java.util.stream.IntStream.range(0, 25)
                .mapToObj(i -> new QualifyingConviction(i, Route.ROUTE_B_TBS)).toList();

        NoticeXml notice = new NoticeComposer(14).compose(Notices.event(xml), new Qualifies(Route.ROUTE_B_TBS, all),
                new Mayor("0344", "Utrecht", List.of()), Notices.NOW);
        byte[] signed = signed(notice);

        assertThat(notice.getPerson().getNationality()).hasSize(12);
        assertThat(notice.getGrounds().getConviction()).hasSize(25)
                .allSatisfy(c -> assertThat(c.getOffence()).hasSize(61))
                .allSatisfy(c -> assertThat(c.getSanction()).hasSize(25));
        documents.validate(signed);
    }

    @Test
    void theStampSaysWhenItWasProvidedWhenToDestroyItAndWhetherItIsUrgent() {
        NoticeXml notice = Notices.full();   // return 2025-04-15, provided 2025-04-10: 5 days ahead

        assertThat(notice.getProvidedAt().toXMLFormat()).isEqualTo("2025-04-10T14:30:00+02:00");
        assertThat(notice.getDestroyBy().toXMLFormat()).isEqualTo("2026-01-10");
        assertThat(notice.isUrgent()).isTrue();
        assertThat(notice.getLegalBasis().value()).isEqualTo("artikel 11a Besluit justitiële en strafvorderlijke gegevens");
    }

    @Test
    void urgentMeansWithinTheLeadTimeOrPast() {
        NoticeComposer composer = new NoticeComposer(14);
        LocalDate today = LocalDate.of(2025, 4, 1);
        assertThat(composer.isUrgent(LocalDate.of(2025, 4, 15), today)).as("exactly 14 days ahead").isTrue();
        assertThat(composer.isUrgent(LocalDate.of(2025, 4, 16), today)).as("15 days ahead").isFalse();
        assertThat(composer.isUrgent(LocalDate.of(2025, 3, 1), today)).as("already past").isTrue();
    }

    @Test
    void aSignedNoticeVerifiesWithTheSignersKeyAndATamperedOneDoesNot() {
        byte[] signed = signed(Notices.full());
        var trusted = Notices.signer().certificate().getPublicKey();

        assertThat(NoticeSigner.verify(documents.parse(signed), trusted)).isTrue();

        String text = new String(signed, StandardCharsets.UTF_8);
        byte[] tampered = text.replace("2025-04-15", "2025-05-15").getBytes(StandardCharsets.UTF_8);
        assertThat(tampered).isNotEqualTo(signed);
        assertThat(NoticeSigner.verify(documents.parse(tampered), trusted)).isFalse();

        byte[] unsigned = documents.toBytes(Notices.full());
        assertThat(NoticeSigner.verify(documents.parse(unsigned), trusted)).as("no signature").isFalse();
    }

    @Test
    void aSignatureByAnotherKeyDoesNotVerify() throws Exception {
        var otherKey = java.security.KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic();
        assertThat(NoticeSigner.verify(documents.parse(signed(Notices.full())), otherKey)).isFalse();
    }

    @Test
    void theSchemaRefusesAnythingOutsideTheClosedList() {
        String notice = new String(documents.toBytes(Notices.full()), StandardCharsets.UTF_8);
        String withBsn = notice.replace("<givenNames>", "<bsn>999999990</bsn><givenNames>");
        String withRemark = notice.replace("</person>", "</person><remark>free text</remark>");
        String withForeign = notice.replace("<person>", "<person xmlns:x=\"urn:x\" x:extra=\"1\">");

        for (String broken : new String[] {withBsn, withRemark, withForeign}) {
            assertThatThrownBy(() -> documents.read(broken.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(InvalidNoticeException.class)
                    .hasMessageNotContaining("999999990").hasMessageNotContaining("free text");
        }
    }

    @Test
    void aNoticeReadBackIsTheNoticeWritten() {
        NoticeXml notice = Notices.full();
        NoticeXml read = documents.read(documents.toBytes(notice));
        assertThat(documents.toBytes(read)).isEqualTo(documents.toBytes(notice));
    }

    @Test
    void theMailTextIsDutchWithUrgencyOnTop() {
        String text = new NoticeText("test", new java.io.InputStreamReader(
                getClass().getClassLoader().getResourceAsStream("config/notice-mail.mustache"), StandardCharsets.UTF_8), 14)
                .render(Notices.full());

        assertThat(text.lines().findFirst()).contains("*** SPOED: de terugkeer is binnen 14 dagen of al voorbij ***");
        assertThat(text).contains("De burgemeester van Utrecht (gemeentecode 0344)",
                "Gerritdina Hendrika van der Zwaantjes-Plantinga", "2 januari 1970", "Oosterwoldemeer (Nederland)",
                "Nederland, Duitsland", "Plantagestraatje 17-B, 3511 AA Utrecht", "verlof tijdens de tbs-maatregel",
                "15 april 2025", "16 april 2025", "tbs met dwangverpleging", "verlengbare pij-maatregel",
                "poging tot artikel 248c lid 2 Sr (nummering van vóór 1 juli 2024): GEPLANTE-KWALIFICATIE, gepleegd op 1 juni 2020",
                "gevangenisstraf van 4 jaar en 6 maanden, waarvan 1 jaar voorwaardelijk",
                "10 januari 2026", "10 april 2025 om 14:30", "artikel 11a Besluit justitiële en strafvorderlijke gegevens")
                .doesNotContain(Notices.FORBIDDEN).doesNotContain("{{", "&#", "&amp;");
        assertThat(NoticeText.subject(Notices.full())).matches("BIJ-melding [0-9a-f-]{36}, gemeente Utrecht");
    }

    @Test
    void aChangeIsRenderedAsAWijzigingOfTheEarlierNoticeWithTheWholeNoticeAsItNowStands() {
        ReleaseEvent event = Notices.fullEvent();
        NoticeXml change = new NoticeComposer(14).change(event, Notices.bothQualify(),
                new Mayor("0344", "Utrecht", List.of()), Notices.NOW, "0b0b0b0b-1111-4222-8333-444444444444");
        byte[] signed = signed(change);   // schema-valid as signed

        String text = text().render(change);
        assertThat(text).contains("Wijziging van BIJ-melding 0b0b0b0b-1111-4222-8333-444444444444",
                "Kenmerk:    " + change.getNoticeId(), "TERUGKEER", "15 april 2025", "GROND VAN DE MELDING", "16/123456-20")
                .doesNotContain("Melding terugkeer justitiabele", "ingetrokken").doesNotContain(Notices.FORBIDDEN);
        assertThat(new String(signed, StandardCharsets.UTF_8)).contains("<noticeType>WIJZIGING</noticeType>",
                "<changesNoticeId>0b0b0b0b-1111-4222-8333-444444444444</changesNoticeId>");
    }

    @Test
    void aWithdrawalIsRenderedAsAnIntrekkingThatSaysWhomItConcernsAndNothingOfTheGrounds() {
        NoticeXml withdrawal = new NoticeComposer(14).withdrawal(Notices.fullEvent(), new Mayor("0344", "Utrecht", List.of()),
                Notices.NOW, "0b0b0b0b-1111-4222-8333-444444444444", Withdrawal.RETURN_CANCELLED);
        byte[] signed = signed(withdrawal);

        String text = text().render(withdrawal);
        assertThat(text).contains("Intrekking van BIJ-melding 0b0b0b0b-1111-4222-8333-444444444444",
                "De eerdere melding is ingetrokken", "Gerritdina Hendrika van der Zwaantjes-Plantinga", "10 januari 2026")
                .doesNotContain("SPOED", "TERUGKEER", "GROND VAN DE MELDING", "16/123456-20", "248c", "Rechtbank")
                .doesNotContain(Notices.FORBIDDEN);
        assertThat(new String(signed, StandardCharsets.UTF_8)).contains("<noticeType>INTREKKING</noticeType>")
                .doesNotContain("<grounds>", "<return>");
        assertThat(NoticeText.subject(withdrawal)).isEqualTo("BIJ-melding " + withdrawal.getNoticeId() + ", gemeente Utrecht");
    }

    private NoticeText text() {
        return new NoticeText("test", new java.io.InputStreamReader(
                getClass().getClassLoader().getResourceAsStream("config/notice-mail.mustache"), StandardCharsets.UTF_8), 14);
    }

    private byte[] signed(NoticeXml notice) {
        Document document = documents.toDocument(notice);
        Notices.signer().sign(document);
        byte[] bytes = documents.toBytes(document);
        documents.validate(bytes);
        return bytes;
    }
}
