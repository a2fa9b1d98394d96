package nl.bij.eligibility;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import nl.bij.eligibility.OffenceCatalogue.Source;
import nl.bij.intake.ReleaseEvent;
import nl.bij.intake.ReleaseEvent.AddressKind;
import nl.bij.intake.ReleaseEvent.Conviction;
import nl.bij.intake.ReleaseEvent.Destination;
import nl.bij.intake.ReleaseEvent.EventType;
import nl.bij.intake.ReleaseEvent.Municipality;
import nl.bij.intake.ReleaseEvent.Offence;
import nl.bij.intake.ReleaseEvent.Registration;
import nl.bij.intake.ReleaseEvent.Return;
import nl.bij.intake.ReleaseEvent.ReturnKind;
import nl.bij.intake.ReleaseEvent.Sanction;
import nl.bij.intake.ReleaseEvent.SanctionType;
import nl.bij.intake.ReleaseEvent.Subject;

/** Builds release events for the law's tables, and the catalogue as configured. */
public final class Law {

    public static final LocalDate FINAL = LocalDate.of(2021, 2, 24);

    private Law() {
    }

    public static OffenceCatalogue catalogue() {
        return catalogue(LocalDate.of(2025, 1, 1));
    }

    /** The catalogue as configured, with arson covered from {@code arsonEffective}. */
    public static OffenceCatalogue catalogue(LocalDate arsonEffective) {
        return OffenceCatalogue.load(source("config/offence-catalogue.csv"), source("config/renumbered-articles.csv"),
                source("config/data/sr-articles-2015.csv"), Map.of("arson-effective-date", arsonEffective));
    }

    public static Source source(String resource) {
        return new Source(resource, new InputStreamReader(Law.class.getClassLoader().getResourceAsStream(resource),
                StandardCharsets.UTF_8));
    }

    public static ReleaseEvent event(ReturnKind kind, Conviction... convictions) {
        return event(kind, new Municipality("0344", "Utrecht", AddressKind.HOME), convictions);
    }

    public static ReleaseEvent event(ReturnKind kind, Registration registration, Conviction... convictions) {
        return new ReleaseEvent("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee", EventType.ANNOUNCE, Optional.empty(), "JD-1",
                OffsetDateTime.parse("2025-03-01T09:00:00+01:00"),
                new Subject("Test", Optional.empty(), "T", LocalDate.of(1980, 1, 1), Optional.empty(),
                        Optional.empty(), List.of()),
                new Return(kind, LocalDate.of(2025, 6, 1), Optional.empty(), "PI", "PI"),
                new Destination(registration, Optional.empty(), Optional.empty()), List.of(convictions));
    }

    /** An adult, final conviction. */
    public static Conviction adult(List<Offence> offences, Sanction... sanctions) {
        return new Conviction("16/1-20", "Rb", FINAL.minusDays(14), Optional.of(FINAL), false, offences, List.of(sanctions));
    }

    public static Conviction juvenile(List<Offence> offences, Sanction... sanctions) {
        return new Conviction("16/1-20", "Rb", FINAL.minusDays(14), Optional.of(FINAL), true, offences, List.of(sanctions));
    }

    public static Conviction juvenileNotFinal(List<Offence> offences, Sanction... sanctions) {
        return new Conviction("16/1-20", "Rb", FINAL.minusDays(14), Optional.empty(), true, offences, List.of(sanctions));
    }

    public static Conviction notFinal(List<Offence> offences, Sanction... sanctions) {
        return new Conviction("16/1-20", "Rb", FINAL.minusDays(14), Optional.empty(), false, offences, List.of(sanctions));
    }

    public static List<Offence> offences(Offence... offences) {
        return List.of(offences);
    }

    public static Offence article(String article) {
        return article(article, "2020-06-01");
    }

    public static Offence article(String article, String date) {
        return new Offence(article, Optional.empty(), false, false, LocalDate.parse(date), false, Optional.empty());
    }

    public static Offence article(String article, String paragraph, String date) {
        return new Offence(article, Optional.of(paragraph), false, false, LocalDate.parse(date), false, Optional.empty());
    }

    public static Offence old(String article) {
        return new Offence(article, Optional.empty(), false, false, LocalDate.parse("2008-01-01"), true, Optional.empty());
    }

    public static Offence attempt(String article) {
        return new Offence(article, Optional.empty(), true, false, LocalDate.parse("2020-06-01"), false, Optional.empty());
    }

    public static Offence participation(String article) {
        return new Offence(article, Optional.empty(), false, true, LocalDate.parse("2020-06-01"), false, Optional.empty());
    }

    public static Sanction prison(String duration) {
        return new Sanction(SanctionType.GEVANGENISSTRAF, Optional.of(Period.parse(duration)), Optional.empty(),
                Optional.empty());
    }

    public static Sanction prison(String duration, String conditional) {
        return new Sanction(SanctionType.GEVANGENISSTRAF, Optional.of(Period.parse(duration)),
                Optional.of(Period.parse(conditional)), Optional.empty());
    }

    public static Sanction hechtenis(String duration) {
        return new Sanction(SanctionType.HECHTENIS, Optional.of(Period.parse(duration)), Optional.empty(), Optional.empty());
    }

    public static Sanction sanction(SanctionType type) {
        return new Sanction(type, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static Sanction jeugddetentie(String duration) {
        return new Sanction(SanctionType.JEUGDDETENTIE, Optional.of(Period.parse(duration)), Optional.empty(),
                Optional.empty());
    }

    /** A PIJ whose message does not say whether it is extendable. */
    public static Sanction pijUnknown() {
        return new Sanction(SanctionType.PIJ, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Levenslang: a gevangenisstraf without a duration. */
    public static Sanction life() {
        return new Sanction(SanctionType.GEVANGENISSTRAF, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static Sanction hechtenisWithoutDuration() {
        return new Sanction(SanctionType.HECHTENIS, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static Sanction pij(boolean extendable) {
        return new Sanction(SanctionType.PIJ, Optional.empty(), Optional.empty(), Optional.of(extendable));
    }
}
