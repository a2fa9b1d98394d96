package nl.bij.municipality;

import java.io.IOException;
import java.io.Reader;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import nl.bij.intake.ReleaseEvent.Abroad;
import nl.bij.intake.ReleaseEvent.CaribbeanNetherlands;
import nl.bij.intake.ReleaseEvent.Destination;
import nl.bij.intake.ReleaseEvent.Municipality;
import nl.bij.intake.ReleaseEvent.Registration;
import nl.bij.municipality.Resolution.Mayor;
import nl.bij.municipality.Resolution.NoMayor;
import nl.bij.municipality.Resolution.ReviewReason;

/**
 * Dutch municipalities and their mergers (config/data, from RvIG Tabel 33 and CBS; see SOURCES.md there), and the
 * resolution of a destination to the mayor to inform on a given day. Plain Java, immutable, thread-safe.
 *
 * <p>A few municipalities were split over several successors (Littenseradiel 2018, Winsum 2019, Haaren 2021): the
 * mergers file names them in {@code other_receiving_codes}. For such a code the code alone does not say which
 * mayor, so it resolves to no mayor ({@code MUNICIPALITY_SPLIT}) with the candidates for a person to choose from.
 */
public final class MunicipalityRegister {

    /** BRP codes that are not a municipality: Onbekend, the pre-GBA placeholders, RNI (non-residents). */
    private static final Set<String> NO_MUNICIPALITY = Set.of("0000", "0997", "0998", "0999", "1999");
    /** ISO 3166-1 code of Bonaire, Sint Eustatius and Saba, should Justid send it as a country. */
    private static final String CARIBBEAN_NETHERLANDS_ISO = "BQ";
    private static final Pattern CODE = Pattern.compile("[0-9]{4}");
    private static final int LONGEST_CHAIN = 20;

    record Gemeente(String code, String name, Optional<LocalDate> validFrom, Optional<LocalDate> validUntil) {
        boolean validOn(LocalDate day) {
            return validFrom.map(from -> !day.isBefore(from)).orElse(true)
                    && validUntil.map(until -> day.isBefore(until)).orElse(true);
        }
    }

    /** @param otherReceiving codes that also received part of the municipality's area (a split), else empty */
    record Merger(LocalDate date, String newCode, List<String> otherReceiving) {
    }

    private final Map<String, Gemeente> gemeenten;
    private final Map<String, Merger> mergers;

    private MunicipalityRegister(Map<String, Gemeente> gemeenten, Map<String, Merger> mergers) {
        this.gemeenten = Map.copyOf(gemeenten);
        this.mergers = Map.copyOf(mergers);
    }

    /**
     * Loads municipalities.csv and the mergers (mergers_annotated.csv: the optional column other_receiving_codes
     * names the other successors of a split), and checks that every merger chain ends in a known municipality.
     */
    public static MunicipalityRegister load(String municipalitiesName, Reader municipalities, String mergersName,
                                            Reader mergers) {
        Map<String, Gemeente> gemeenten = new HashMap<>();
        for (CSVRecord row : rows(municipalitiesName, municipalities)) {
            String code = code(municipalitiesName, row, "code");
            gemeenten.put(code, new Gemeente(code, row.get("name"), date(row.get("valid_from")),
                    date(row.get("valid_until"))));
        }
        Map<String, Merger> successors = new HashMap<>();
        for (CSVRecord row : rows(mergersName, mergers)) {
            successors.put(code(mergersName, row, "old_code"), new Merger(LocalDate.parse(row.get("date")),
                    code(mergersName, row, "new_code"), otherReceiving(mergersName, row)));
        }
        MunicipalityRegister register = new MunicipalityRegister(gemeenten, successors);
        register.checkChains();
        return register;
    }

    public Resolution resolve(Destination destination, LocalDate provisionDate) {
        Resolution resolution = resolve(destination.registration(), provisionDate);
        if (resolution instanceof Mayor mayor && destination.intendedMunicipality().isPresent()) {
            String intended = destination.intendedMunicipality().get().code();
            boolean differs = !(resolve(intended, provisionDate) instanceof Mayor other && other.code().equals(mayor.code()));
            if (differs) {
                return new Mayor(mayor.code(), mayor.name(), List.of(ReviewReason.INTENDED_MUNICIPALITY_DIFFERS));
            }
        }
        return resolution;
    }

    private Resolution resolve(Registration registration, LocalDate provisionDate) {
        if (registration instanceof Municipality m) {
            return resolve(m.code(), provisionDate);
        }
        if (registration instanceof Abroad abroad) {
            return new NoMayor(CARIBBEAN_NETHERLANDS_ISO.equals(abroad.country())
                    ? ReviewReason.CARIBBEAN_NETHERLANDS : ReviewReason.ABROAD);
        }
        if (registration instanceof CaribbeanNetherlands) {
            return new NoMayor(ReviewReason.CARIBBEAN_NETHERLANDS);
        }
        return new NoMayor(ReviewReason.NO_DUTCH_ADDRESS);
    }

    /** The mayor of this code on that day, following mergers to the municipality that exists then. */
    public Optional<Mayor> current(String code, LocalDate day) {
        return resolve(code, day) instanceof Mayor mayor ? Optional.of(mayor) : Optional.empty();
    }

    /** The name of the municipality with this code on that day, if it exists then and was not merged away. */
    public Optional<String> existingOn(String code, LocalDate day) {
        Gemeente gemeente = gemeenten.get(code);
        Merger merger = mergers.get(code);
        boolean mergedAway = merger != null && !merger.date().isAfter(day);
        return gemeente != null && gemeente.validOn(day) && !mergedAway ? Optional.of(gemeente.name()) : Optional.empty();
    }

    /** A BRP code on a day: follows mergers dated on or before that day to the municipality then in existence. */
    Resolution resolve(String code, LocalDate provisionDate) {
        if (NO_MUNICIPALITY.contains(code)) {
            return new NoMayor(ReviewReason.NO_DUTCH_ADDRESS);
        }
        String current = code;
        for (int step = 0; step < LONGEST_CHAIN; step++) {
            Merger merger = mergers.get(current);
            if (merger == null || merger.date().isAfter(provisionDate)) {
                break;
            }
            if (!merger.otherReceiving().isEmpty()) {
                return new NoMayor(ReviewReason.MUNICIPALITY_SPLIT, candidates(merger, provisionDate));
            }
            current = merger.newCode();
        }
        Gemeente gemeente = gemeenten.get(current);
        if (gemeente == null || !gemeente.validOn(provisionDate)) {
            return new NoMayor(ReviewReason.UNKNOWN_MUNICIPALITY);
        }
        return new Mayor(gemeente.code(), gemeente.name(), List.of());
    }

    /** The municipalities that received part of a split one, as they are on the day (they may have merged since). */
    private List<String> candidates(Merger split, LocalDate day) {
        List<String> codes = new java.util.ArrayList<>();
        for (String code : java.util.stream.Stream.concat(java.util.stream.Stream.of(split.newCode()),
                split.otherReceiving().stream()).toList()) {
            String current = current(code, day).map(Mayor::code).orElse(code);
            if (!codes.contains(current)) {
                codes.add(current);
            }
        }
        return codes;
    }

    private void checkChains() {
        for (String start : mergers.keySet()) {
            String current = start;
            int steps = 0;
            while (mergers.containsKey(current)) {
                current = mergers.get(current).newCode();
                if (++steps > LONGEST_CHAIN) {
                    throw new IllegalStateException("mergers: the chain from " + start + " does not end (a cycle?)");
                }
            }
            if (!gemeenten.containsKey(current)) {
                throw new IllegalStateException("mergers: the chain from " + start + " ends at " + current
                        + ", which is not in the municipalities");
            }
            for (String other : mergers.get(start).otherReceiving()) {
                if (!gemeenten.containsKey(other)) {
                    throw new IllegalStateException("mergers: " + start + " was split to " + other
                            + ", which is not in the municipalities");
                }
            }
        }
    }

    private static List<CSVRecord> rows(String name, Reader reader) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
                .get();
        try (reader) {
            return format.parse(reader).getRecords();
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new IllegalStateException(name + ": cannot be read as CSV: " + e.getMessage(), e);
        }
    }

    private static String code(String name, CSVRecord row, String column) {
        String code = row.get(column);
        if (!CODE.matcher(code).matches()) {
            throw new IllegalStateException(name + " data row " + row.getRecordNumber() + ": '" + code
                    + "' is not a 4-digit municipality code");
        }
        return code;
    }

    private static List<String> otherReceiving(String name, CSVRecord row) {
        if (!row.isMapped("other_receiving_codes") || row.get("other_receiving_codes").isBlank()) {
            return List.of();
        }
        List<String> codes = List.of(row.get("other_receiving_codes").strip().split(";"));
        for (String code : codes) {
            if (!CODE.matcher(code).matches()) {
                throw new IllegalStateException(name + " data row " + row.getRecordNumber() + ": other_receiving_codes '"
                        + code + "' is not a 4-digit municipality code");
            }
        }
        return codes;
    }

    private static Optional<LocalDate> date(String text) {
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(LocalDate.parse(text.strip()));
    }
}
