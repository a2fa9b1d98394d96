package nl.bij.municipality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import nl.bij.eligibility.Law;
import nl.bij.intake.ReleaseEvent.Abroad;
import nl.bij.intake.ReleaseEvent.AddressKind;
import nl.bij.intake.ReleaseEvent.CaribbeanNetherlands;
import nl.bij.intake.ReleaseEvent.Destination;
import nl.bij.intake.ReleaseEvent.IntendedMunicipality;
import nl.bij.intake.ReleaseEvent.Island;
import nl.bij.intake.ReleaseEvent.Municipality;
import nl.bij.intake.ReleaseEvent.Registration;
import nl.bij.intake.ReleaseEvent.UnknownDestination;
import nl.bij.municipality.Resolution.Mayor;
import nl.bij.municipality.Resolution.NoMayor;
import nl.bij.municipality.Resolution.ReviewReason;

/** Which mayor (docs/law.md §6), on the real data of config/data. */
class MunicipalityRegisterTest {

    private static final MunicipalityRegister REGISTER = MunicipalityRegister.load(
            "municipalities.csv", Law.source("config/data/municipalities.csv").reader(),
            "mergers_annotated.csv", Law.source("config/data/mergers_annotated.csv").reader());

    @ParameterizedTest(name = "{0}: {1} on {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
        a current municipality                 | 0344 | 2025-03-01 | 0344
        Amsterdam                              | 0363 | 2025-03-01 | 0363
        Westvoorne merged into Voorne aan Zee  | 0614 | 2025-03-01 | 1992
        merger on its exact date               | 0614 | 2023-01-01 | 1992
        the day before the merger              | 0614 | 2022-12-31 | 0614
        Weesp into Amsterdam, mid-year         | 0457 | 2022-03-24 | 0363
        a chain of mergers: 0019 -> 1651 -> 1966 | 0019 | 2025-03-01 | 1966
        a renumbering: Dantumadeel             | 0065 | 2025-03-01 | 1891
        """)
    void resolvesToTheMunicipalityOfTheDay(String rule, String code, String day, String expected) {
        assertThat(REGISTER.resolve(code, LocalDate.parse(day))).as(rule)
                .isInstanceOfSatisfying(Mayor.class, mayor -> assertThat(mayor.code()).isEqualTo(expected));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
        RNI, registered as non-resident        | 1999 | NO_DUTCH_ADDRESS
        0000 Onbekend                          | 0000 | NO_DUTCH_ADDRESS
        a code that never existed              | 9999 | UNKNOWN_MUNICIPALITY
        Voorne aan Zee before it existed       | 1992 | UNKNOWN_MUNICIPALITY
        """)
    void refusesWhatIsNoMunicipality(String rule, String code, String expected) {
        LocalDate day = "1992".equals(code) ? LocalDate.of(2022, 6, 1) : LocalDate.of(2025, 3, 1);
        assertThat(REGISTER.resolve(code, day)).as(rule).isEqualTo(new NoMayor(ReviewReason.valueOf(expected)));
    }

    @ParameterizedTest(name = "{0}: {1} on {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
        Littenseradiel, split in 2018          | 0140 | 2025-03-01 | 1900,0080,1949
        Winsum, split in 2019                  | 0053 | 2025-03-01 | 1966,1969
        Haaren, split in 2021                  | 0788 | 2025-03-01 | 0824,0865,0757,0855
        Adorp, merged into Winsum in 1990      | 0001 | 2025-03-01 | 1966,1969
        Littenseradeel, renumbered in 1985     | 0103 | 2025-03-01 | 1900,0080,1949
        """)
    void aSplitMunicipalityGoesToAPersonWithItsCandidates(String rule, String code, String day, String candidates) {
        assertThat(REGISTER.resolve(code, LocalDate.parse(day))).as(rule)
                .isEqualTo(new NoMayor(ReviewReason.MUNICIPALITY_SPLIT, List.of(candidates.split(","))));
    }

    @Test
    void beforeItsSplitAMunicipalityHasItsOwnMayor() {
        assertThat(REGISTER.resolve("0140", LocalDate.of(2017, 12, 31)))
                .isInstanceOfSatisfying(Mayor.class, mayor -> assertThat(mayor.code()).isEqualTo("0140"));
        assertThat(REGISTER.resolve("0788", LocalDate.of(2020, 12, 31)))
                .isInstanceOfSatisfying(Mayor.class, mayor -> assertThat(mayor.code()).isEqualTo("0788"));
    }

    @Test
    void destinationsWithoutAMayorGoToAPerson() {
        LocalDate day = LocalDate.of(2025, 3, 1);
        assertThat(resolve(new Abroad("BE"), day)).isEqualTo(new NoMayor(ReviewReason.ABROAD));
        assertThat(resolve(new Abroad("BQ"), day)).isEqualTo(new NoMayor(ReviewReason.CARIBBEAN_NETHERLANDS));
        assertThat(resolve(new CaribbeanNetherlands(Island.BONAIRE), day))
                .isEqualTo(new NoMayor(ReviewReason.CARIBBEAN_NETHERLANDS));
        assertThat(resolve(new UnknownDestination(), day)).isEqualTo(new NoMayor(ReviewReason.NO_DUTCH_ADDRESS));
    }

    @Test
    void aBriefadresIsARegistration() {
        assertThat(resolve(new Municipality("0344", "Utrecht", AddressKind.POSTAL), LocalDate.of(2025, 3, 1)))
                .isEqualTo(new Mayor("0344", "Utrecht", List.of()));
    }

    @Test
    void aDifferentIntendedMunicipalityIsFlaggedWithoutStoppingTheNotice() {
        var registered = new Municipality("0344", "Utrecht", AddressKind.HOME);
        LocalDate day = LocalDate.of(2025, 3, 1);
        assertThat(REGISTER.resolve(new Destination(registered, Optional.empty(),
                Optional.of(new IntendedMunicipality("0518", "'s-Gravenhage"))), day))
                .isEqualTo(new Mayor("0344", "Utrecht", List.of(ReviewReason.INTENDED_MUNICIPALITY_DIFFERS)));
        // the old code of the same municipality is no difference
        assertThat(REGISTER.resolve(new Destination(new Municipality("1992", "", AddressKind.HOME), Optional.empty(),
                Optional.of(new IntendedMunicipality("0614", "Westvoorne"))), day))
                .isEqualTo(new Mayor("1992", "Voorne aan Zee", List.of()));
    }

    @Test
    void aBrokenMergerChainStopsTheServiceAtStartUp() {
        assertThatThrownBy(() -> MunicipalityRegister.load("m.csv",
                new StringReader("code,name,province,valid_from,valid_until\n0001,A,X,,2020-01-01\n"),
                "g.csv", new StringReader("date,old_code,old_name,new_code,new_name\n2020-01-01,0001,A,0002,B\n")))
                .hasMessageContaining("ends at 0002");
    }

    private static Resolution resolve(Registration registration, LocalDate day) {
        return REGISTER.resolve(new Destination(registration, Optional.empty(), Optional.empty()), day);
    }
}
