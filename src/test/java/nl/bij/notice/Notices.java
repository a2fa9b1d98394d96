package nl.bij.notice;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import nl.bij.app.SigningKeys;
import nl.bij.eligibility.Eligibility.QualifyingConviction;
import nl.bij.eligibility.Eligibility.Qualifies;
import nl.bij.eligibility.Route;
import nl.bij.intake.Events;
import nl.bij.intake.IntakeOutcome.Accepted;
import nl.bij.intake.ReleaseEvent;
import nl.bij.intake.ReleaseEventReader;
import nl.bij.municipality.Resolution.Mayor;
import nl.bij.notice.wire.NoticeXml;

/** Test fixtures: notices composed from the intake fixtures, and signing keys made for the test run. */
public final class Notices {

    public static final ZonedDateTime NOW = ZonedDateTime.parse("2025-04-10T14:30:00+02:00[Europe/Amsterdam]");
    /** Every element a notice may hold: the closed list of docs/law.md §5 as elements, plus the signature profile. */
    public static final Set<String> CLOSED_LIST = Set.of(
            "notice", "noticeId", "noticeType", "caseId", "changesNoticeId", "withdrawal", "providedAt", "urgent", "destroyBy",
            "legalBasis", "recipient", "addressee", "municipalityCode", "municipalityName",
            "person", "surname", "surnamePrefix", "givenNames", "dateOfBirth", "placeOfBirth", "countryOfBirth",
            "nationality", "address", "street", "houseNumber", "postalCode", "city",
            "return", "kind", "expectedDate", "endOfLeave", "institution",
            "grounds", "conviction", "route", "parketNumber", "court", "judgmentDate", "finalDate",
            "offence", "article", "paragraph", "oldNumbering", "attempt", "participation", "qualification", "offenceDate",
            "sanction", "type", "duration", "conditionalPart",
            "ds:Signature", "ds:SignedInfo", "ds:CanonicalizationMethod", "ds:SignatureMethod", "ds:Reference",
            "ds:Transforms", "ds:Transform", "ds:DigestMethod", "ds:DigestValue", "ds:SignatureValue", "ds:KeyInfo",
            "ds:X509Data", "ds:X509Certificate");

    /** Values of full.xml that are outside the closed list: BSN, person id, aftercare, extensions, intended municipality. */
    public static final String[] FORBIDDEN = {"999999990", "87654321", "SKN", Events.AFTERCARE, "Opvang", "bijstand",
        "ignored", "kept out", "origin", "transport", "remark", "verified", "'s-Gravenhage", "0518", "FPC-VDH",
        "juvenileLaw", "extendable", "POSTAL"};

    /**
     * A signed notice's text without its signature, to look for the FORBIDDEN words: the signature value and the
     * certificate are base64, where a short word such as "SKN" turns up by chance.
     */
    public static String withoutSignature(byte[] signed) {
        return new String(signed, java.nio.charset.StandardCharsets.UTF_8)
                .replaceAll("(?s)<(\\w+:)?Signature\\b.*</(\\w+:)?Signature>", "");
    }

    private static final String PASSWORD = "test-only";
    private static NoticeSigner signer;

    private Notices() {
    }

    /**
     * The full fixture (every optional field, aftercare, extensions) as a first announcement, read through the real
     * intake; its juvenile PIJ conviction made final, as a qualifying conviction always is.
     */
    public static String fullAnnouncement() {
        String xml = Events.fullWith("<eventType>UPDATE</eventType>", "<eventType>ANNOUNCE</eventType>")
                .replaceFirst("<supersedes>[^<]*</supersedes>", "");
        return Events.replace(xml, "<judgmentDate>2016-03-03</judgmentDate>",
                "<judgmentDate>2016-03-03</judgmentDate><irrevocableDate>2016-03-17</irrevocableDate>");
    }

    public static ReleaseEvent fullEvent() {
        return event(fullAnnouncement());
    }

    /** A release event read through the real intake; it must be accepted. */
    public static ReleaseEvent event(String xml) {
        return ((Accepted) new ReleaseEventReader().read(xml)).event();
    }

    /** Both convictions of the full fixture qualify: TBS (the first) and PIJ (the second). */
    public static NoticeXml full() {
        return new NoticeComposer(14).compose(fullEvent(), bothQualify(), new Mayor("0344", "Utrecht", List.of()), NOW);
    }

    public static Qualifies bothQualify() {
        return new Qualifies(Route.ROUTE_B_TBS, List.of(new QualifyingConviction(0, Route.ROUTE_B_TBS),
                new QualifyingConviction(1, Route.ROUTE_C_PIJ)));
    }

    /** A key pair with a self-signed certificate, made once per test run with keytool. */
    public static synchronized NoticeSigner signer() {
        if (signer == null) {
            try {
                Path keystore = Files.createTempDirectory("bij-keys").resolve("test-signing.p12");
                SigningKeys.generate(keystore, "test", PASSWORD, "CN=BIJ test signer, C=NL");
                signer = NoticeSigner.fromKeystore(keystore, PASSWORD.toCharArray(), "test");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return signer;
    }

    public static Set<String> elementNames(Document document) {
        Set<String> names = new TreeSet<>();
        NodeList all = document.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            names.add(("http://www.w3.org/2000/09/xmldsig#".equals(e.getNamespaceURI()) ? "ds:" : "") + e.getLocalName());
        }
        return names;
    }
}
