package nl.bij.notice;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.xml.datatype.Duration;
import javax.xml.datatype.XMLGregorianCalendar;

import nl.bij.notice.wire.AddressXml;
import nl.bij.notice.wire.ConvictionXml;
import nl.bij.notice.wire.NoticeXml;
import nl.bij.notice.wire.OffenceXml;
import nl.bij.notice.wire.PersonXml;
import nl.bij.notice.wire.ReturnXml;
import nl.bij.notice.wire.SanctionXml;
import nl.bij.notice.wire.WithdrawalXml;

/**
 * The notice in the words of a mayor's office: Dutch labels and Dutch dates for the mail template. The same
 * content as the XML, nothing added; only the wording differs.
 */
public final class NoticeView {

    private static final Locale DUTCH = Locale.forLanguageTag("nl-NL");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", DUTCH);
    private static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern("d MMMM yyyy 'om' HH:mm", DUTCH);
    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

    private final NoticeXml notice;
    private final int urgentLeadDays;

    NoticeView(NoticeXml notice, int urgentLeadDays) {
        this.notice = notice;
        this.urgentLeadDays = urgentLeadDays;
    }

    public boolean urgent() {
        return notice.isUrgent();
    }

    public int urgentLeadDays() {
        return urgentLeadDays;
    }

    public String title() {
        return switch (notice.getNoticeType()) {
            case NIEUW -> "Melding terugkeer justitiabele (BIJ-regeling)";
            case WIJZIGING -> "Wijziging van BIJ-melding " + notice.getChangesNoticeId();
            case INTREKKING -> "Intrekking van BIJ-melding " + notice.getChangesNoticeId();
        };
    }

    public boolean withdrawal() {
        return notice.getReturn() == null;
    }

    /** The person no longer returns to this municipality: the notice is withdrawn for this mayor only. */
    public boolean withdrawnForThisMunicipality() {
        return notice.getWithdrawal() == WithdrawalXml.OTHER_MUNICIPALITY;
    }

    /** The return itself will not happen (also for a withdrawal that does not say why). */
    public boolean returnCancelled() {
        return withdrawal() && !withdrawnForThisMunicipality();
    }

    public String noticeId() {
        return notice.getNoticeId();
    }

    public String caseId() {
        return notice.getCaseId();
    }

    public String addressee() {
        return notice.getRecipient().getAddressee();
    }

    public String municipalityCode() {
        return notice.getRecipient().getMunicipalityCode();
    }

    public String municipalityName() {
        return notice.getRecipient().getMunicipalityName();
    }

    public String providedAt() {
        return OffsetDateTime.parse(notice.getProvidedAt().toXMLFormat()).atZoneSameInstant(AMSTERDAM).format(MOMENT);
    }

    public String destroyBy() {
        return date(notice.getDestroyBy());
    }

    public String legalBasis() {
        return notice.getLegalBasis().value();
    }

    public String name() {
        PersonXml p = notice.getPerson();
        return p.getGivenNames() + " " + Optional.ofNullable(p.getSurnamePrefix()).map(prefix -> prefix + " ").orElse("")
                + p.getSurname();
    }

    public String dateOfBirth() {
        return date(notice.getPerson().getDateOfBirth());
    }

    public String placeOfBirth() {
        PersonXml p = notice.getPerson();
        String place = Optional.ofNullable(p.getPlaceOfBirth()).orElse("onbekend");
        return p.getCountryOfBirth() == null ? place : place + " (" + country(p.getCountryOfBirth()) + ")";
    }

    public String nationality() {
        List<String> names = notice.getPerson().getNationality().stream().map(NoticeView::country).toList();
        return names.isEmpty() ? "onbekend" : String.join(", ", names);
    }

    public String address() {
        AddressXml a = notice.getPerson().getAddress();
        return a == null ? "niet bekend" : a.getStreet() + " " + a.getHouseNumber() + ", " + a.getPostalCode() + " " + a.getCity();
    }

    public String returnKind() {
        return switch (ret().getKind()) {
            case FINAL_RELEASE -> "definitieve invrijheidstelling";
            case CONDITIONAL_RELEASE -> "voorwaardelijke invrijheidstelling";
            case LEAVE -> "verlof";
            case TBS_LEAVE -> "verlof tijdens de tbs-maatregel";
            case TBS_END -> "einde van de tbs-maatregel";
            case PIJ_LEAVE -> "verlof tijdens de pij-maatregel";
            case PIJ_END -> "einde van de pij-maatregel";
            case DEPORTATION -> "uitzetting of overbrenging naar het buitenland";
        };
    }

    public String expectedDate() {
        return date(ret().getExpectedDate());
    }

    public String endOfLeave() {
        return ret().getEndOfLeave() == null ? null : date(ret().getEndOfLeave());
    }

    public String institution() {
        return ret().getInstitution();
    }

    public List<Ground> grounds() {
        List<Ground> grounds = new ArrayList<>();
        if (notice.getGrounds() != null) {
            List<ConvictionXml> convictions = notice.getGrounds().getConviction();
            for (int i = 0; i < convictions.size(); i++) {
                grounds.add(new Ground(i + 1, convictions.get(i)));
            }
        }
        return grounds;
    }

    private ReturnXml ret() {
        return notice.getReturn();
    }

    /** One qualifying conviction, as the template lists it. */
    public static final class Ground {
        private final int number;
        private final ConvictionXml conviction;

        Ground(int number, ConvictionXml conviction) {
            this.number = number;
            this.conviction = conviction;
        }

        public int number() {
            return number;
        }

        public String route() {
            return switch (conviction.getRoute()) {
                case ZEDEN -> "zedendelict";
                case GEWELD -> "ernstig geweldsdelict";
                case BRANDSTICHTING -> "brandstichting";
                case TBS -> "tbs met dwangverpleging";
                case PIJ -> "verlengbare pij-maatregel";
            };
        }

        public String parketNumber() {
            return conviction.getParketNumber();
        }

        public String court() {
            return conviction.getCourt();
        }

        public String judgmentDate() {
            return date(conviction.getJudgmentDate());
        }

        public String finalDate() {
            return date(conviction.getFinalDate());
        }

        public List<String> offences() {
            return conviction.getOffence().stream().map(Ground::offence).toList();
        }

        public List<String> sanctions() {
            return conviction.getSanction().stream().map(Ground::sanction).toList();
        }

        private static String offence(OffenceXml o) {
            StringBuilder text = new StringBuilder();
            if (o.isAttempt()) {
                text.append("poging tot ");
            }
            if (o.isParticipation()) {
                text.append("deelneming aan ");
            }
            text.append("artikel ").append(o.getArticle());
            if (o.getParagraph() != null) {
                text.append(" lid ").append(o.getParagraph());
            }
            text.append(" Sr");
            if (o.isOldNumbering()) {
                text.append(" (nummering van vóór 1 juli 2024)");
            }
            if (o.getQualification() != null) {
                text.append(": ").append(o.getQualification());
            }
            return text.append(", gepleegd op ").append(date(o.getOffenceDate())).toString();
        }

        private static String sanction(SanctionXml s) {
            String type = switch (s.getType()) {
                case GEVANGENISSTRAF -> "gevangenisstraf";
                case HECHTENIS -> "hechtenis";
                case JEUGDDETENTIE -> "jeugddetentie";
                case TBS_DWANGVERPLEGING -> "tbs met dwangverpleging";
                case TBS_VOORWAARDEN -> "tbs met voorwaarden";
                case PIJ -> "pij-maatregel";
                case TAAKSTRAF -> "taakstraf";
                case GELDBOETE -> "geldboete";
                case OTHER -> "andere straf of maatregel";
            };
            if (s.getType() == nl.bij.notice.wire.SanctionTypeXml.GEVANGENISSTRAF && s.getDuration() == null) {
                return "levenslange gevangenisstraf";   // a gevangenisstraf without a duration is for life
            }
            StringBuilder text = new StringBuilder(type);
            if (s.getDuration() != null) {
                text.append(" van ").append(period(s.getDuration()));
            }
            if (s.getConditionalPart() != null) {
                text.append(", waarvan ").append(period(s.getConditionalPart())).append(" voorwaardelijk");
            }
            return text.toString();
        }
    }

    /** "4 jaar", "1 jaar en 6 maanden", "90 dagen". */
    static String period(Duration d) {
        List<String> parts = new ArrayList<>();
        if (d.getYears() > 0) {
            parts.add(d.getYears() + " jaar");
        }
        if (d.getMonths() > 0) {
            parts.add(d.getMonths() + (d.getMonths() == 1 ? " maand" : " maanden"));
        }
        if (d.getDays() > 0 || parts.isEmpty()) {
            parts.add(d.getDays() + (d.getDays() == 1 ? " dag" : " dagen"));
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " en " + parts.get(parts.size() - 1);
    }

    static String date(XMLGregorianCalendar date) {
        return LocalDate.of(date.getYear(), date.getMonth(), date.getDay()).format(DATE);
    }

    private static String country(String code) {
        String name = new Locale("", code).getDisplayCountry(DUTCH);
        return name.isBlank() || name.equals(code) ? code : name;
    }
}
