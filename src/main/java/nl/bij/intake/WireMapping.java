package nl.bij.intake;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import javax.xml.datatype.Duration;
import javax.xml.datatype.XMLGregorianCalendar;

import nl.bij.intake.ReleaseEvent.Abroad;
import nl.bij.intake.ReleaseEvent.Address;
import nl.bij.intake.ReleaseEvent.AddressKind;
import nl.bij.intake.ReleaseEvent.CaribbeanNetherlands;
import nl.bij.intake.ReleaseEvent.Conviction;
import nl.bij.intake.ReleaseEvent.Destination;
import nl.bij.intake.ReleaseEvent.EventType;
import nl.bij.intake.ReleaseEvent.IntendedMunicipality;
import nl.bij.intake.ReleaseEvent.Island;
import nl.bij.intake.ReleaseEvent.Municipality;
import nl.bij.intake.ReleaseEvent.Offence;
import nl.bij.intake.ReleaseEvent.Registration;
import nl.bij.intake.ReleaseEvent.Return;
import nl.bij.intake.ReleaseEvent.ReturnKind;
import nl.bij.intake.ReleaseEvent.Sanction;
import nl.bij.intake.ReleaseEvent.SanctionType;
import nl.bij.intake.ReleaseEvent.Subject;
import nl.bij.intake.ReleaseEvent.UnknownDestination;
import nl.bij.intake.wire.ConvictionXml;
import nl.bij.intake.wire.DateXml;
import nl.bij.intake.wire.DestinationXml;
import nl.bij.intake.wire.NameXml;
import nl.bij.intake.wire.OffenceXml;
import nl.bij.intake.wire.ReleaseEventXml;
import nl.bij.intake.wire.ReturnXml;
import nl.bij.intake.wire.SanctionXml;
import nl.bij.intake.wire.SubjectXml;

/**
 * Maps the generated wire classes of a schema-valid message to the domain's {@link ReleaseEvent}. It runs only
 * after validation, so required parts are present. What it leaves behind on purpose: the BSN, Justid's person
 * number, foreign-namespace extensions, and (never present here, as intake removed it before parsing) the
 * aftercare block.
 */
final class WireMapping {

    private WireMapping() {
    }

    static ReleaseEvent toDomain(ReleaseEventXml xml) {
        return new ReleaseEvent(
                xml.getEventId().getValue().toLowerCase(),
                EventType.valueOf(xml.getEventType().getValue().value()),
                Optional.ofNullable(xml.getSupersedes()).map(s -> s.getValue().toLowerCase()),
                xml.getCaseId().getValue(),
                offsetDateTime(xml.getCreatedAt().getValue()),
                subject(xml.getSubject()),
                ret(xml.getReturn()),
                destination(xml.getDestination()),
                list(xml.getConvictions().getConviction(), WireMapping::conviction));
    }

    private static Subject subject(SubjectXml s) {
        return new Subject(
                s.getSurname().getValue(),
                text(s.getSurnamePrefix()),
                s.getGivenNames().getValue(),
                date(s.getDateOfBirth()),
                text(s.getPlaceOfBirth()),
                Optional.ofNullable(s.getCountryOfBirth()).map(c -> c.getValue()),
                list(s.getNationality(), c -> c.getValue()));
    }

    private static Return ret(ReturnXml r) {
        return new Return(
                ReturnKind.valueOf(r.getKind().getValue().value()),
                date(r.getExpectedDate()),
                Optional.ofNullable(r.getEndDate()).map(WireMapping::date),
                r.getInstitution().getCode(),
                r.getInstitution().getValue());
    }

    private static Destination destination(DestinationXml d) {
        return new Destination(
                registration(d),
                Optional.ofNullable(d.getAddress()).map(a -> new Address(
                        a.getStreet().getValue(), a.getHouseNumber().getValue(), a.getPostalCode().getValue(),
                        a.getCity().getValue())),
                Optional.ofNullable(d.getIntendedMunicipality())
                        .map(i -> new IntendedMunicipality(i.getCode(), i.getValue())));
    }

    private static Registration registration(DestinationXml d) {
        if (d.getMunicipality() != null) {
            var m = d.getMunicipality();
            return new Municipality(m.getCode(), m.getValue(), AddressKind.valueOf(m.getAddressKind().value()));
        }
        if (d.getAbroad() != null) {
            return new Abroad(d.getAbroad().getCountry());
        }
        if (d.getCaribbeanNetherlands() != null) {
            return new CaribbeanNetherlands(Island.valueOf(d.getCaribbeanNetherlands().getIsland()));
        }
        return new UnknownDestination();
    }

    private static Conviction conviction(ConvictionXml c) {
        return new Conviction(
                c.getParketNumber().getValue(),
                c.getCourt().getValue(),
                date(c.getJudgmentDate()),
                Optional.ofNullable(c.getIrrevocableDate()).map(WireMapping::date),
                c.getJuvenileLaw().isValue(),
                list(c.getOffence(), WireMapping::offence),
                list(c.getSanction(), WireMapping::sanction));
    }

    private static Offence offence(OffenceXml o) {
        return new Offence(
                o.getArticle(),
                Optional.ofNullable(o.getParagraph()),
                Boolean.TRUE.equals(o.isAttempt()),
                Boolean.TRUE.equals(o.isParticipation()),
                localDate(o.getDate()),
                "OLD".equals(o.getRegime()),
                Optional.ofNullable(o.getQualification()));
    }

    private static Sanction sanction(SanctionXml s) {
        return new Sanction(
                SanctionType.valueOf(s.getType().value()),
                Optional.ofNullable(s.getDuration()).map(WireMapping::period),
                Optional.ofNullable(s.getConditionalPart()).map(WireMapping::period),
                Optional.ofNullable(s.isExtendable()));
    }

    private static Optional<String> text(NameXml name) {
        return Optional.ofNullable(name).map(NameXml::getValue);
    }

    private static LocalDate date(DateXml date) {
        return localDate(date.getValue());
    }

    /** xs:date may carry a time zone; a calendar date is all the law looks at. */
    private static LocalDate localDate(XMLGregorianCalendar c) {
        return LocalDate.of(c.getYear(), c.getMonth(), c.getDay());
    }

    private static OffsetDateTime offsetDateTime(XMLGregorianCalendar c) {
        return c.toGregorianCalendar().toZonedDateTime().toOffsetDateTime();
    }

    /** The schema allows years, months and days only, each bounded, so the ints cannot overflow. */
    private static Period period(Duration d) {
        return Period.of(d.getYears(), d.getMonths(), d.getDays());
    }

    private static <A, B> List<B> list(List<A> items, Function<A, B> mapping) {
        return items.stream().map(mapping).toList();
    }
}
