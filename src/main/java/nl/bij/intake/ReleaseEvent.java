package nl.bij.intake;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.util.List;
import java.util.Optional;

/**
 * A valid release event from Justid, as the rest of the service sees it (docs/contract.md §1.1).
 *
 * <p>Plain Java on purpose: eligibility, municipality resolution and the notice work on this and know nothing of
 * XML, JMS or Camel. Two things from the message never get here: the {@code aftercare} block (dropped before
 * parsing) and the BSN (data minimisation: no notice or record may carry it).
 */
public record ReleaseEvent(
        String eventId,
        EventType eventType,
        Optional<String> supersedes,
        String caseId,
        OffsetDateTime createdAt,
        Subject subject,
        Return ret,
        Destination destination,
        List<Conviction> convictions) {

    public ReleaseEvent {
        convictions = List.copyOf(convictions);
    }

    public enum EventType { ANNOUNCE, UPDATE, WITHDRAW }

    public enum ReturnKind {
        FINAL_RELEASE, CONDITIONAL_RELEASE, LEAVE, TBS_LEAVE, TBS_END, PIJ_LEAVE, PIJ_END,
        ESCAPE, TRANSFER, DEPORTATION, DEATH;

        /** Only a leave has an end date (docs/contract.md §1.1). */
        public boolean isLeave() {
            return this == LEAVE || this == TBS_LEAVE || this == PIJ_LEAVE;
        }
    }

    public enum SanctionType {
        GEVANGENISSTRAF, HECHTENIS, JEUGDDETENTIE, TBS_DWANGVERPLEGING, TBS_VOORWAARDEN, PIJ, TAAKSTRAF,
        GELDBOETE, OTHER
    }

    /** Justid's person number is not here: nothing the service decides or sends needs it (optional on the wire). */
    public record Subject(
            String surname,
            Optional<String> surnamePrefix,
            String givenNames,
            LocalDate dateOfBirth,
            Optional<String> placeOfBirth,
            Optional<String> countryOfBirth,
            List<String> nationalities) {

        public Subject {
            nationalities = List.copyOf(nationalities);
        }
    }

    public record Return(
            ReturnKind kind,
            LocalDate expectedDate,
            Optional<LocalDate> endDate,
            String institutionCode,
            String institutionName) {
    }

    public record Destination(Registration registration, Optional<Address> address,
                              Optional<IntendedMunicipality> intendedMunicipality) {
    }

    /** Where the person is registered in the BRP, or why there is no Dutch registration. */
    public sealed interface Registration permits Municipality, Abroad, CaribbeanNetherlands, UnknownDestination {
    }

    public enum AddressKind { HOME, POSTAL }

    /** A 4-digit gemeentecode; {@code POSTAL} is a briefadres. */
    public record Municipality(String code, String name, AddressKind addressKind) implements Registration {
    }

    public record Abroad(String country) implements Registration {
    }

    public enum Island { BONAIRE, SINT_EUSTATIUS, SABA }

    public record CaribbeanNetherlands(Island island) implements Registration {
    }

    public record UnknownDestination() implements Registration {
    }

    public record Address(String street, String houseNumber, String postalCode, String city) {
    }

    public record IntendedMunicipality(String code, String name) {
    }

    public record Conviction(
            String parketNumber,
            String court,
            LocalDate judgmentDate,
            Optional<LocalDate> irrevocableDate,
            boolean juvenileLaw,
            List<Offence> offences,
            List<Sanction> sanctions) {

        public Conviction {
            offences = List.copyOf(offences);
            sanctions = List.copyOf(sanctions);
        }
    }

    /**
     * One offence of a conviction. {@code oldRegime} marks a reference to an article in its former meaning
     * ({@code regime="OLD"}: 250a, and 273a before it became 273f).
     */
    public record Offence(
            String article,
            Optional<String> paragraph,
            boolean attempt,
            boolean participation,
            LocalDate date,
            boolean oldRegime,
            Optional<String> qualification) {
    }

    public record Sanction(
            SanctionType type,
            Optional<Period> duration,
            Optional<Period> conditionalPart,
            Optional<Boolean> extendable) {
    }
}
