package nl.bij.notice;

import java.time.LocalDate;
import java.time.Period;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeConstants;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.Duration;
import javax.xml.datatype.XMLGregorianCalendar;

import nl.bij.eligibility.Eligibility.QualifyingConviction;
import nl.bij.eligibility.Eligibility.Qualifies;
import nl.bij.intake.ReleaseEvent;
import nl.bij.intake.ReleaseEvent.Address;
import nl.bij.intake.ReleaseEvent.Conviction;
import nl.bij.intake.ReleaseEvent.Offence;
import nl.bij.intake.ReleaseEvent.Sanction;
import nl.bij.intake.ReleaseEvent.Subject;
import nl.bij.lifecycle.Outcome.Withdrawal;
import nl.bij.municipality.Resolution.Mayor;
import nl.bij.notice.wire.AddressXml;
import nl.bij.notice.wire.ConvictionXml;
import nl.bij.notice.wire.GroundsXml;
import nl.bij.notice.wire.LegalBasisXml;
import nl.bij.notice.wire.NoticeTypeXml;
import nl.bij.notice.wire.NoticeXml;
import nl.bij.notice.wire.OffenceXml;
import nl.bij.notice.wire.PersonXml;
import nl.bij.notice.wire.RecipientXml;
import nl.bij.notice.wire.ReturnKindXml;
import nl.bij.notice.wire.ReturnXml;
import nl.bij.notice.wire.RouteXml;
import nl.bij.notice.wire.SanctionTypeXml;
import nl.bij.notice.wire.SanctionXml;
import nl.bij.notice.wire.WithdrawalXml;

/**
 * Builds the notice of docs/contract.md §3 from a qualifying event: field by field from the closed list of docs/law.md
 * §5, never by copying a structure, so nothing outside that list (BSN, person id, aftercare, intended
 * municipality) can come along. Only the qualifying convictions are listed.
 *
 * <p>The time-bound fields (provided-at, urgent, destroy-by) are set by {@link #stamp} when the notice leaves,
 * which for a scheduled notice is months after it was composed.
 */
public final class NoticeComposer {

    /** docs/contract.md §3; the schema allows this text and no other. */
    public static final String LEGAL_BASIS = "artikel 11a Besluit justitiële en strafvorderlijke gegevens";

    /** docs/law.md §7: the mayor destroys the data within nine months. */
    static final Period RETENTION_AT_MAYOR = Period.ofMonths(9);

    private static final DatatypeFactory XML_TYPES = datatypeFactory();
    /** xs:dateTime with seconds always written (ISO_OFFSET_DATE_TIME drops ":00" seconds) and the offset. */
    private static final DateTimeFormatter SECONDS_WITH_OFFSET = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private final int urgentLeadDays;

    /** @param urgentLeadDays a return this many days away or closer (or past) makes the notice urgent (docs/law.md §4) */
    public NoticeComposer(int urgentLeadDays) {
        this.urgentLeadDays = urgentLeadDays;
    }

    /** A first notice (NIEUW) to the mayor, with a fresh noticeId and stamped as of {@code now}. */
    public NoticeXml compose(ReleaseEvent event, Qualifies qualifies, Mayor mayor, ZonedDateTime now) {
        NoticeXml notice = base(event, mayor, NoticeTypeXml.NIEUW);
        notice.setReturn(returnOf(event.ret()));
        notice.setGrounds(grounds(event, qualifies.convictions()));
        stamp(notice, now);
        return notice;
    }

    /** A change (WIJZIGING) of a notice the same mayor has: the whole notice as it now stands. */
    public NoticeXml change(ReleaseEvent event, Qualifies qualifies, Mayor mayor, ZonedDateTime now, String changes) {
        NoticeXml notice = compose(event, qualifies, mayor, now);
        notice.setNoticeType(NoticeTypeXml.WIJZIGING);
        notice.setChangesNoticeId(changes);
        return notice;
    }

    /**
     * A withdrawal (INTREKKING): whom it concerns, which notice, and whether the return is off or only no longer
     * to this municipality (the new one is not named); nothing more (data minimisation).
     */
    public NoticeXml withdrawal(ReleaseEvent event, Mayor mayor, ZonedDateTime now, String withdraws, Withdrawal why) {
        NoticeXml notice = base(event, mayor, NoticeTypeXml.INTREKKING);
        notice.setChangesNoticeId(withdraws);
        notice.setWithdrawal(WithdrawalXml.valueOf(why.name()));
        stamp(notice, now);
        return notice;
    }

    private static NoticeXml base(ReleaseEvent event, Mayor mayor, NoticeTypeXml type) {
        NoticeXml notice = new NoticeXml();
        notice.setVersion("1.0");
        notice.setNoticeId(UUID.randomUUID().toString());
        notice.setNoticeType(type);
        notice.setCaseId(event.caseId());
        notice.setLegalBasis(LegalBasisXml.fromValue(LEGAL_BASIS));
        notice.setRecipient(recipient(mayor));
        notice.setPerson(person(event.subject(), event.destination().address()));
        return notice;
    }

    /** Sets provided-at, destroy-by (provided-at + 9 months) and the urgent flag as of the moment of sending. */
    public void stamp(NoticeXml notice, ZonedDateTime now) {
        notice.setProvidedAt(XML_TYPES.newXMLGregorianCalendar(now.format(SECONDS_WITH_OFFSET)));
        notice.setDestroyBy(date(now.toLocalDate().plus(RETENTION_AT_MAYOR)));
        notice.setUrgent(notice.getReturn() != null && isUrgent(localDate(notice.getReturn().getExpectedDate()),
                now.toLocalDate()));
    }

    /** The return is within the lead time or already past: the mayor must act at once. */
    boolean isUrgent(LocalDate expectedReturn, LocalDate today) {
        return !expectedReturn.isAfter(today.plusDays(urgentLeadDays));
    }

    private static RecipientXml recipient(Mayor mayor) {
        RecipientXml recipient = new RecipientXml();
        recipient.setAddressee("De burgemeester van " + mayor.name());
        recipient.setMunicipalityCode(mayor.code());
        recipient.setMunicipalityName(mayor.name());
        return recipient;
    }

    private static PersonXml person(Subject subject, Optional<Address> address) {
        PersonXml person = new PersonXml();
        person.setSurname(subject.surname());
        person.setSurnamePrefix(subject.surnamePrefix().orElse(null));
        person.setGivenNames(subject.givenNames());
        person.setDateOfBirth(date(subject.dateOfBirth()));
        person.setPlaceOfBirth(subject.placeOfBirth().orElse(null));
        person.setCountryOfBirth(subject.countryOfBirth().orElse(null));
        person.getNationality().addAll(subject.nationalities());
        address.ifPresent(a -> person.setAddress(address(a)));
        return person;
    }

    private static AddressXml address(Address a) {
        AddressXml address = new AddressXml();
        address.setStreet(a.street());
        address.setHouseNumber(a.houseNumber());
        address.setPostalCode(a.postalCode());
        address.setCity(a.city());
        return address;
    }

    private static ReturnXml returnOf(ReleaseEvent.Return ret) {
        ReturnXml xml = new ReturnXml();
        xml.setKind(ReturnKindXml.valueOf(ret.kind().name()));
        xml.setExpectedDate(date(ret.expectedDate()));
        ret.endDate().ifPresent(end -> xml.setEndOfLeave(date(end)));
        xml.setInstitution(ret.institutionName().isBlank() ? ret.institutionCode() : ret.institutionName());
        return xml;
    }

    private static GroundsXml grounds(ReleaseEvent event, List<QualifyingConviction> qualifying) {
        GroundsXml grounds = new GroundsXml();
        for (QualifyingConviction q : qualifying) {
            grounds.getConviction().add(conviction(event.convictions().get(q.index()), RouteXml.valueOf(q.route().ground())));
        }
        return grounds;
    }

    private static ConvictionXml conviction(Conviction c, RouteXml route) {
        ConvictionXml xml = new ConvictionXml();
        xml.setRoute(route);
        xml.setParketNumber(c.parketNumber());
        xml.setCourt(c.court());
        xml.setJudgmentDate(date(c.judgmentDate()));
        // only final convictions qualify (docs/law.md §2.2), so the date is there
        xml.setFinalDate(date(c.irrevocableDate().orElseThrow()));
        c.offences().forEach(o -> xml.getOffence().add(offence(o)));
        c.sanctions().forEach(s -> xml.getSanction().add(sanction(s)));
        return xml;
    }

    private static OffenceXml offence(Offence o) {
        OffenceXml xml = new OffenceXml();
        xml.setArticle(o.article());
        xml.setParagraph(o.paragraph().orElse(null));
        xml.setOldNumbering(o.oldRegime());
        xml.setAttempt(o.attempt());
        xml.setParticipation(o.participation());
        xml.setQualification(o.qualification().orElse(null));
        xml.setOffenceDate(date(o.date()));
        return xml;
    }

    private static SanctionXml sanction(Sanction s) {
        SanctionXml xml = new SanctionXml();
        xml.setType(SanctionTypeXml.valueOf(s.type().name()));
        s.duration().ifPresent(d -> xml.setDuration(duration(d)));
        s.conditionalPart().ifPresent(d -> xml.setConditionalPart(duration(d)));
        return xml;
    }

    static XMLGregorianCalendar date(LocalDate date) {
        return XML_TYPES.newXMLGregorianCalendarDate(date.getYear(), date.getMonthValue(), date.getDayOfMonth(),
                DatatypeConstants.FIELD_UNDEFINED);
    }

    static LocalDate localDate(XMLGregorianCalendar date) {
        return LocalDate.of(date.getYear(), date.getMonth(), date.getDay());
    }

    private static Duration duration(Period period) {
        return XML_TYPES.newDuration(period.toString());
    }

    private static DatatypeFactory datatypeFactory() {
        try {
            return DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
