package nl.bij.eligibility;

import java.io.IOException;
import java.io.Reader;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import nl.bij.intake.ReleaseEvent.Offence;

/**
 * The listed offences with their validity dates (config/offence-catalogue.csv), the articles that the 2024
 * renumbering changed, and the register of existing Sr articles. Loaded and checked once at start-up: a malformed
 * file stops the service with the file, line and problem.
 */
public final class OffenceCatalogue {

    private static final Pattern ARTICLE = Pattern.compile("[1-9][0-9]{0,3}[a-z]{0,9}");
    private static final Pattern PARAGRAPH = Pattern.compile("[1-9][0-9]?[a-z]?");
    private static final int FIRST_ARTICLE_OF_BOEK_2 = 92;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z0-9-]+)}");

    /** A row of the catalogue. Dates are half-open: from inclusive, until exclusive. */
    public record Entry(OffenceList list, String article, Optional<String> paragraph, boolean oldRegimeOnly,
                        Optional<LocalDate> numberingFrom, Optional<LocalDate> numberingUntil,
                        Optional<LocalDate> inScopeFrom) {

        boolean numbers(Offence offence) {
            return article.equals(offence.article())
                    && (!oldRegimeOnly || offence.oldRegime())
                    && numberingFrom.map(from -> !offence.date().isBefore(from)).orElse(true)
                    && numberingUntil.map(until -> offence.date().isBefore(until)).orElse(true);
        }

        boolean coversParagraph(Offence offence) {
            return paragraph.isEmpty() || paragraph.equals(offence.paragraph());
        }

        boolean inScopeOn(LocalDate provisionDate) {
            return inScopeFrom.map(from -> !provisionDate.isBefore(from)).orElse(true);
        }
    }

    public enum OffenceList { LIST1_ZEDEN, LIST1_GEWELD, LIST2_GEWELD, BRANDSTICHTING }

    private final Map<String, List<Entry>> entriesByArticle;
    private final Map<String, LocalDate> renumberedOn;
    private final Set<String> register;

    private OffenceCatalogue(List<Entry> entries, Map<String, LocalDate> renumberedOn, Set<String> register) {
        Map<String, List<Entry>> byArticle = new HashMap<>();
        entries.forEach(e -> byArticle.computeIfAbsent(e.article(), a -> new ArrayList<>()).add(e));
        this.entriesByArticle = Map.copyOf(byArticle);
        this.renumberedOn = Map.copyOf(renumberedOn);
        this.register = Set.copyOf(register);
    }

    /**
     * @param catalogue   offence-catalogue.csv
     * @param renumbered  renumbered-articles.csv
     * @param register    sr-articles-2015.csv, the articles that exist
     * @param namedDates  dates that catalogue cells may name as {@code ${name}}, e.g. arson-effective-date
     */
    public static OffenceCatalogue load(Source catalogue, Source renumbered, Source register,
                                        Map<String, LocalDate> namedDates) {
        List<Entry> entries = new ArrayList<>();
        for (CSVRecord row : rows(catalogue)) {
            try {
                entries.add(entry(catalogue.name(), row, namedDates));
            } catch (IllegalArgumentException e) {
                throw problem(catalogue.name(), row, "missing column: " + e.getMessage());
            }
        }
        if (entries.isEmpty()) {
            throw new IllegalStateException(catalogue.name() + ": the offence catalogue is empty");
        }
        Map<String, LocalDate> renumberedOn = new HashMap<>();
        for (CSVRecord row : rows(renumbered)) {
            renumberedOn.put(article(renumbered.name(), row, "article"), date(renumbered.name(), row, "renumbered_on",
                    Map.of()).orElseThrow(() -> problem(renumbered.name(), row, "renumbered_on is required")));
        }
        Set<String> articles = new HashSet<>();
        for (CSVRecord row : rows(register)) {
            articles.add(article(register.name(), row, "article"));
        }
        return new OffenceCatalogue(entries, renumberedOn, articles);
    }

    /** The catalogue entry that lists this offence, if any, whatever its scope date. */
    Optional<Entry> listing(Offence offence) {
        return Optional.ofNullable(entryFor(offence));
    }

    /** As {@link #listing}, without an Optional: the decision engine asks this for every offence of every event. */
    Entry entryFor(Offence offence) {
        for (Entry entry : entriesByArticle.getOrDefault(offence.article(), List.of())) {
            if (entry.numbers(offence) && entry.coversParagraph(offence)) {
                return entry;
            }
        }
        return null;
    }

    /** Listed only for certain paragraphs, but the offence names none: the reference cannot be resolved. */
    boolean needsParagraph(Offence offence) {
        if (offence.paragraph().isPresent()) {
            return false;
        }
        for (Entry entry : entriesByArticle.getOrDefault(offence.article(), List.of())) {
            if (entry.numbers(offence) && entry.paragraph().isPresent()) {
                return true;
            }
        }
        return false;
    }

    /**
     * An article this service cannot read with confidence: renumbered on or before the offence date (and the
     * catalogue has no row for its new meaning), or in neither the register nor the catalogue (a typo such as
     * {@code 24} for {@code 242}). Both must reach a person rather than silently mean "no notice".
     */
    boolean isUnknown(Offence offence) {
        LocalDate renumbered = renumberedOn.get(offence.article());
        if (renumbered != null && !offence.date().isBefore(renumbered)) {
            return true;
        }
        for (Entry entry : entriesByArticle.getOrDefault(offence.article(), List.of())) {
            if (!entry.oldRegimeOnly()) {
                return false;
            }
        }
        return !(register.contains(offence.article()) && definesOffences(offence.article()));
    }

    /** Boek 1 Sr (art. 1 to 91) holds general provisions, not offences: "24" is a typo, not an offence. */
    private static boolean definesOffences(String article) {
        return Integer.parseInt(article.replaceAll("[a-z]", "")) >= FIRST_ARTICLE_OF_BOEK_2;
    }

    /** A named text source, so that errors can say which file is wrong. */
    public record Source(String name, Reader reader) {
    }

    private static Entry entry(String file, CSVRecord row, Map<String, LocalDate> namedDates) {
        String regime = row.get("regime").strip();
        if (!regime.isEmpty() && !"OLD".equals(regime)) {
            throw problem(file, row, "regime must be empty or OLD, not '" + regime + "'");
        }
        String paragraph = row.get("paragraph").strip();
        if (!paragraph.isEmpty() && !PARAGRAPH.matcher(paragraph).matches()) {
            throw problem(file, row, "paragraph '" + paragraph + "' is not a lid number");
        }
        Entry entry = new Entry(list(file, row), article(file, row, "article"),
                paragraph.isEmpty() ? Optional.empty() : Optional.of(paragraph), "OLD".equals(regime),
                date(file, row, "numbering_from", namedDates), date(file, row, "numbering_until", namedDates),
                date(file, row, "in_scope_from", namedDates));
        if (entry.numberingFrom().isPresent() && entry.numberingUntil().isPresent()
                && !entry.numberingFrom().get().isBefore(entry.numberingUntil().get())) {
            throw problem(file, row, "numbering_from must be before numbering_until");
        }
        return entry;
    }

    private static OffenceList list(String file, CSVRecord row) {
        return switch (row.get("list").strip()) {
            case "1-ZEDEN" -> OffenceList.LIST1_ZEDEN;
            case "1-GEWELD" -> OffenceList.LIST1_GEWELD;
            case "2-GEWELD" -> OffenceList.LIST2_GEWELD;
            case "BRANDSTICHTING" -> OffenceList.BRANDSTICHTING;
            default -> throw problem(file, row, "list must be 1-ZEDEN, 1-GEWELD, 2-GEWELD or BRANDSTICHTING");
        };
    }

    private static String article(String file, CSVRecord row, String column) {
        String article = row.get(column).strip();
        if (!ARTICLE.matcher(article).matches()) {
            throw problem(file, row, "'" + article + "' is not an article number");
        }
        return article;
    }

    private static Optional<LocalDate> date(String file, CSVRecord row, String column, Map<String, LocalDate> named) {
        String text = row.get(column).strip();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        var placeholder = PLACEHOLDER.matcher(text);
        if (placeholder.matches()) {
            LocalDate date = named.get(placeholder.group(1));
            if (date == null) {
                throw problem(file, row, column + " names " + text + ", which the configuration does not set");
            }
            return Optional.of(date);
        }
        try {
            return Optional.of(LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            throw problem(file, row, column + " '" + text + "' is not a date (yyyy-mm-dd)");
        }
    }

    private static List<CSVRecord> rows(Source source) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setCommentMarker('#')
                .setIgnoreEmptyLines(true).get();
        try (Reader reader = source.reader()) {
            return format.parse(reader).getRecords();
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new IllegalStateException(source.name() + ": cannot be read as CSV: " + e.getMessage(), e);
        }
    }

    private static IllegalStateException problem(String file, CSVRecord row, String message) {
        return new IllegalStateException(file + " data row " + row.getRecordNumber() + ": " + message);
    }
}
