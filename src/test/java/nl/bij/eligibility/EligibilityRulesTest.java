package nl.bij.eligibility;

import static nl.bij.eligibility.Law.adult;
import static nl.bij.eligibility.Law.article;
import static nl.bij.eligibility.Law.attempt;
import static nl.bij.eligibility.Law.event;
import static nl.bij.eligibility.Law.hechtenis;
import static nl.bij.eligibility.Law.hechtenisWithoutDuration;
import static nl.bij.eligibility.Law.jeugddetentie;
import static nl.bij.eligibility.Law.juvenileNotFinal;
import static nl.bij.eligibility.Law.life;
import static nl.bij.eligibility.Law.pijUnknown;
import static nl.bij.eligibility.Law.juvenile;
import static nl.bij.eligibility.Law.notFinal;
import static nl.bij.eligibility.Law.offences;
import static nl.bij.eligibility.Law.old;
import static nl.bij.eligibility.Law.participation;
import static nl.bij.eligibility.Law.pij;
import static nl.bij.eligibility.Law.prison;
import static nl.bij.eligibility.Law.sanction;
import static nl.bij.intake.ReleaseEvent.ReturnKind.CONDITIONAL_RELEASE;
import static nl.bij.intake.ReleaseEvent.ReturnKind.DEATH;
import static nl.bij.intake.ReleaseEvent.ReturnKind.DEPORTATION;
import static nl.bij.intake.ReleaseEvent.ReturnKind.ESCAPE;
import static nl.bij.intake.ReleaseEvent.ReturnKind.FINAL_RELEASE;
import static nl.bij.intake.ReleaseEvent.ReturnKind.LEAVE;
import static nl.bij.intake.ReleaseEvent.ReturnKind.PIJ_END;
import static nl.bij.intake.ReleaseEvent.ReturnKind.PIJ_LEAVE;
import static nl.bij.intake.ReleaseEvent.ReturnKind.TBS_END;
import static nl.bij.intake.ReleaseEvent.ReturnKind.TBS_LEAVE;
import static nl.bij.intake.ReleaseEvent.ReturnKind.TRANSFER;
import static nl.bij.intake.ReleaseEvent.SanctionType.GELDBOETE;
import static nl.bij.intake.ReleaseEvent.SanctionType.OTHER;
import static nl.bij.intake.ReleaseEvent.SanctionType.TAAKSTRAF;
import static nl.bij.intake.ReleaseEvent.SanctionType.TBS_DWANGVERPLEGING;
import static nl.bij.intake.ReleaseEvent.SanctionType.TBS_VOORWAARDEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import nl.bij.eligibility.Eligibility.NeedsReview;
import nl.bij.eligibility.Eligibility.NotQualifying;
import nl.bij.eligibility.Eligibility.Qualifies;
import nl.bij.intake.ReleaseEvent;

/** Article 11a Bjsg, rule by rule (docs/law.md §2 and §3). Each row names the rule it tests. */
class EligibilityRulesTest {

    private static final LocalDate TODAY = LocalDate.of(2025, 3, 1);
    private static final EligibilityRules RULES = new EligibilityRules(Law.catalogue(), AttemptPolicy.MANUAL);

    static Stream<Arguments> law() {
        return Stream.of(
                // §2.2 route A, list 1
                row("A list 1 zeden: 242 with 4 years", event(FINAL_RELEASE, adult(offences(article("242")), prison("P4Y"))), "ROUTE_A_LIST1"),
                row("A list 1 geweld: 287 doodslag", event(FINAL_RELEASE, adult(offences(article("287")), prison("P6Y"))), "ROUTE_A_LIST1"),
                row("A list 1 needs no threshold: one day unconditional", event(FINAL_RELEASE, adult(offences(article("246")), prison("P1D"))), "ROUTE_A_LIST1"),
                row("A list 1 with hechtenis", event(FINAL_RELEASE, adult(offences(article("289")), hechtenis("P2M"))), "ROUTE_A_LIST1"),
                row("A list 1: 252 lid 2", event(FINAL_RELEASE, adult(offences(article("252", "2", "2020-01-01")), prison("P1Y"))), "ROUTE_A_LIST1"),
                row("A list 1: 252 lid 1 is not listed", event(FINAL_RELEASE, adult(offences(article("252", "1", "2020-01-01")), prison("P1Y"))), "OFFENCE_NOT_LISTED"),
                row("A list 1: 252 without lid cannot be resolved", event(FINAL_RELEASE, adult(offences(article("252")), prison("P1Y"))), "UNKNOWN_ARTICLE"),
                row("A: 273a marked OLD is human trafficking", event(FINAL_RELEASE, adult(offences(old("273a")), prison("P3Y"))), "ROUTE_A_LIST1"),
                row("A: 273a unmarked is opening mail", event(FINAL_RELEASE, adult(offences(article("273a")), prison("P3Y"))), "OFFENCE_NOT_LISTED"),
                row("A: 250a marked OLD", event(FINAL_RELEASE, adult(offences(old("250a")), prison("P3Y"))), "ROUTE_A_LIST1"),
                row("A: 250a unmarked no longer exists", event(FINAL_RELEASE, adult(offences(article("250a")), prison("P3Y"))), "UNKNOWN_ARTICLE"),
                row("A: 273f", event(FINAL_RELEASE, adult(offences(article("273f")), prison("P3Y"))), "ROUTE_A_LIST1"),
                // §2.2 route A, list 2 and its threshold
                row("A list 2: 302 with exactly one year unconditional", event(FINAL_RELEASE, adult(offences(article("302")), prison("P1Y"))), "ROUTE_A_LIST2"),
                row("A list 2: 12 months is one year", event(FINAL_RELEASE, adult(offences(article("302")), prison("P12M"))), "ROUTE_A_LIST2"),
                row("A list 2: 365 days is one year", event(FINAL_RELEASE, adult(offences(article("303")), prison("P365D"))), "ROUTE_A_LIST2"),
                row("§2.3: 360 days depends on how a month is reckoned", event(FINAL_RELEASE, adult(offences(article("303")), prison("P360D"))), "THRESHOLD_NOT_ATTRIBUTABLE"),
                row("§2.3: 364 days still depends", event(FINAL_RELEASE, adult(offences(article("303")), prison("P364D"))), "THRESHOLD_NOT_ATTRIBUTABLE"),
                row("§2.3: 359 days is below one year", event(FINAL_RELEASE, adult(offences(article("303")), prison("P359D"))), "BELOW_THRESHOLD"),
                row("§2.3: 12 months of which 90 days conditional leaves 270 days", event(FINAL_RELEASE, adult(offences(article("302")), prison("P12M", "P90D"))), "BELOW_THRESHOLD"),
                row("§2.3: 18 months of which 6 months conditional leaves 12 months", event(FINAL_RELEASE, adult(offences(article("302")), prison("P18M", "P6M"))), "ROUTE_A_LIST2"),
                row("§2.3: 13 months of which 30 days conditional leaves 360 days", event(FINAL_RELEASE, adult(offences(article("302")), prison("P13M", "P30D"))), "THRESHOLD_NOT_ATTRIBUTABLE"),
                row("§2.3: 1 year of which P0D conditional is a year", event(FINAL_RELEASE, adult(offences(article("302")), prison("P1Y", "P0D"))), "ROUTE_A_LIST2"),
                row("§2.3: 1 year of which 1 day conditional is 364 days", event(FINAL_RELEASE, adult(offences(article("302")), prison("P1Y", "P1D"))), "THRESHOLD_NOT_ATTRIBUTABLE"),
                row("§2.3: 2 years of which 365 days conditional is a year", event(FINAL_RELEASE, adult(offences(article("302")), prison("P2Y", "P365D"))), "ROUTE_A_LIST2"),
                row("§2.3: 52 weeks is 364 days", event(FINAL_RELEASE, adult(offences(article("302")), prison("P52W"))), "THRESHOLD_NOT_ATTRIBUTABLE"),
                row("§2.3: two sentences of 6 months add up to a year", event(FINAL_RELEASE, adult(offences(article("302")), prison("P6M"), hechtenis("P6M"))), "ROUTE_A_LIST2"),
                row("life: list 2 with levenslang qualifies", event(FINAL_RELEASE, adult(offences(article("302")), life())), "ROUTE_A_LIST2"),
                row("life: list 1 with levenslang qualifies", event(FINAL_RELEASE, adult(offences(article("287")), life())), "ROUTE_A_LIST1"),
                row("hechtenis without a duration cannot be placed", event(FINAL_RELEASE, adult(offences(article("302")), hechtenisWithoutDuration())), "SANCTION_UNCLEAR"),
                row("A list 2: 18 months of which 7 conditional", event(FINAL_RELEASE, adult(offences(article("302")), prison("P18M", "P7M"))), "BELOW_THRESHOLD"),
                row("A list 2: 2 years of which 1 conditional", event(FINAL_RELEASE, adult(offences(article("302")), prison("P2Y", "P1Y"))), "ROUTE_A_LIST2"),
                row("A list 2: 141 lid 2", event(FINAL_RELEASE, adult(offences(article("141", "2", "2020-01-01")), prison("P2Y"))), "ROUTE_A_LIST2"),
                row("A list 2: 141 lid 1 is not listed", event(FINAL_RELEASE, adult(offences(article("141", "1", "2020-01-01")), prison("P2Y"))), "OFFENCE_NOT_LISTED"),
                row("§2.3: list 2 with an unlisted offence, one year or more", event(FINAL_RELEASE, adult(offences(article("302"), article("310")), prison("P2Y"))), "THRESHOLD_NOT_ATTRIBUTABLE"),
                row("§2.3: list 2 with an unlisted offence, under one year", event(FINAL_RELEASE, adult(offences(article("302"), article("310")), prison("P6M"))), "BELOW_THRESHOLD"),
                row("A list 2 with a list 1 offence qualifies by list 1", event(FINAL_RELEASE, adult(offences(article("302"), article("242")), prison("P6M"))), "ROUTE_A_LIST1"),
                // unconditional part
                row("A: fully conditional sentence", event(FINAL_RELEASE, adult(offences(article("242")), prison("P2Y", "P2Y"))), "NO_UNCONDITIONAL_PART"),
                row("A: unconditional part zero (P0D)", event(FINAL_RELEASE, adult(offences(article("242")), prison("P0D"))), "NO_UNCONDITIONAL_PART"),
                row("A: community service only", event(FINAL_RELEASE, adult(offences(article("242")), sanction(TAAKSTRAF))), "NO_UNCONDITIONAL_PART"),
                row("A: a fine only", event(FINAL_RELEASE, adult(offences(article("302")), sanction(GELDBOETE))), "NO_UNCONDITIONAL_PART"),
                // juvenile law
                row("A: juvenile law applied", event(FINAL_RELEASE, juvenile(offences(article("242")), prison("P2Y"))), "JUVENILE_LAW"),
                row("A: jeugddetentie never qualifies", event(FINAL_RELEASE, adult(offences(article("242")), jeugddetentie("P2Y"))), "JUVENILE_LAW"),
                // §2.1 final
                row("§2.1: no irrevocableDate", event(FINAL_RELEASE, notFinal(offences(article("242")), prison("P4Y"))), "NOT_IRREVOCABLE"),
                // unlisted and unknown
                row("unlisted: 285 threat", event(FINAL_RELEASE, adult(offences(article("285")), prison("P4Y"))), "OFFENCE_NOT_LISTED"),
                row("unlisted: 285b stalking", event(FINAL_RELEASE, adult(offences(article("285b")), prison("P4Y"))), "OFFENCE_NOT_LISTED"),
                row("unlisted: 312 robbery", event(FINAL_RELEASE, adult(offences(article("312")), prison("P4Y"))), "OFFENCE_NOT_LISTED"),
                row("unlisted: 248f", event(FINAL_RELEASE, adult(offences(article("248f")), prison("P4Y"))), "OFFENCE_NOT_LISTED"),
                row("§2.3: 24 is no article (typo for 242)", event(FINAL_RELEASE, adult(offences(article("24")), prison("P4Y"))), "UNKNOWN_ARTICLE"),
                // §2.3 attempt and participation
                row("§2.3: attempt of 242 goes to a person", event(FINAL_RELEASE, adult(offences(attempt("242")), prison("P4Y"))), "ATTEMPT_OR_PARTICIPATION"),
                row("§2.3: participation in 287 goes to a person", event(FINAL_RELEASE, adult(offences(participation("287")), prison("P4Y"))), "ATTEMPT_OR_PARTICIPATION"),
                row("§2.3: attempt of an unlisted offence is simply unlisted", event(FINAL_RELEASE, adult(offences(attempt("310")), prison("P4Y"))), "OFFENCE_NOT_LISTED"),
                row("§2.3: attempt of list 2 below the threshold is simply below it", event(FINAL_RELEASE, adult(offences(attempt("302")), prison("P6M"))), "BELOW_THRESHOLD"),
                row("§2.3: attempt with a fully conditional sentence", event(FINAL_RELEASE, adult(offences(attempt("242")), prison("P2Y", "P2Y"))), "NO_UNCONDITIONAL_PART"),
                row("§2.3: attempt, not final", event(FINAL_RELEASE, notFinal(offences(attempt("242")), prison("P4Y"))), "NOT_IRREVOCABLE"),
                row("§2.3: attempt under juvenile law", event(FINAL_RELEASE, juvenile(offences(attempt("242")), prison("P4Y"))), "JUVENILE_LAW"),
                row("§2.3: attempt beside a listed offence that qualifies by itself", event(FINAL_RELEASE, adult(offences(attempt("242"), article("287")), prison("P4Y"))), "ROUTE_A_LIST1"),
                row("§2.3: attempt of list 2, a year or more", event(FINAL_RELEASE, adult(offences(participation("302")), prison("P2Y"))), "ATTEMPT_OR_PARTICIPATION"),
                // §2.3 an article that cannot be read
                row("§2.3: list 2 with an unknown article cannot carry the year", event(FINAL_RELEASE, adult(offences(article("302"), article("24")), prison("P2Y"))), "UNKNOWN_ARTICLE"),
                row("§2.3: list 2 with an unknown article, a short sentence (the typo may be list 1)", event(FINAL_RELEASE, adult(offences(article("302"), article("24")), prison("P6M"))), "UNKNOWN_ARTICLE"),
                row("§2.3: list 1 beside an unknown article qualifies by list 1", event(FINAL_RELEASE, adult(offences(article("242"), article("24")), prison("P6M"))), "ROUTE_A_LIST1"),
                row("§2.3: an unknown article with community service only", event(FINAL_RELEASE, adult(offences(article("24")), sanction(TAAKSTRAF))), "NO_UNCONDITIONAL_PART"),
                row("§2.3: an unknown article, not final", event(FINAL_RELEASE, notFinal(offences(article("24")), prison("P4Y"))), "NOT_IRREVOCABLE"),
                row("§2.3: an unknown article under juvenile law", event(FINAL_RELEASE, juvenile(offences(article("24")), prison("P4Y"))), "JUVENILE_LAW"),
                row("§2.3: an unknown article in another conviction does not stop the one that qualifies", event(FINAL_RELEASE,
                        adult(offences(article("24")), prison("P4Y")), adult(offences(article("242")), prison("P1Y"))), "ROUTE_A_LIST1"),
                // §2.2 a sanction the service cannot place
                row("§2.2: OTHER (ISD) for a listed offence", event(FINAL_RELEASE, adult(offences(article("302")), sanction(OTHER))), "SANCTION_UNCLEAR"),
                row("§2.2: OTHER beside a short prison sentence for list 2", event(FINAL_RELEASE, adult(offences(article("302")), prison("P6M"), sanction(OTHER))), "SANCTION_UNCLEAR"),
                row("§2.2: OTHER beside a sentence that qualifies", event(FINAL_RELEASE, adult(offences(article("242")), prison("P1Y"), sanction(OTHER))), "ROUTE_A_LIST1"),
                row("§2.2: OTHER for an unlisted offence", event(FINAL_RELEASE, adult(offences(article("310")), sanction(OTHER))), "OFFENCE_NOT_LISTED"),
                row("§2.2: OTHER under juvenile law", event(FINAL_RELEASE, juvenile(offences(article("242")), sanction(OTHER))), "JUVENILE_LAW"),
                // §2.4 renumbering: the offence date decides
                row("§2.4: 242 committed on 30 June 2024 (old numbering)", event(FINAL_RELEASE, adult(offences(article("242", "2024-06-30")), prison("P4Y"))), "ROUTE_A_LIST1"),
                row("§2.4: 242 committed on 1 July 2024 (new numbering, not yet catalogued)", event(FINAL_RELEASE, adult(offences(article("242", "2024-07-01")), prison("P4Y"))), "UNKNOWN_ARTICLE"),
                row("§2.4: 302 is not renumbered", event(FINAL_RELEASE, adult(offences(article("302", "2024-07-01")), prison("P4Y"))), "ROUTE_A_LIST2"),
                // route B and C
                row("B: TBS with compulsory treatment", event(TBS_LEAVE, adult(offences(article("310")), sanction(TBS_DWANGVERPLEGING))), "ROUTE_B_TBS"),
                row("B: TBS with conditions only", event(TBS_END, adult(offences(article("310")), sanction(TBS_VOORWAARDEN))), "TBS_CONDITIONS_ONLY"),
                row("C: extendable PIJ", event(PIJ_LEAVE, juvenile(offences(article("287")), pij(true))), "ROUTE_C_PIJ"),
                row("C: PIJ not extendable", event(PIJ_END, juvenile(offences(article("287")), pij(false))), "PIJ_NOT_EXTENDABLE"),
                row("C: PIJ without the extendable flag", event(PIJ_LEAVE, juvenile(offences(article("287")), pijUnknown())), "PIJ_EXTENDABILITY_UNKNOWN"),
                row("C: PIJ without the flag, not final", event(PIJ_LEAVE, juvenileNotFinal(offences(article("287")), pijUnknown())), "NOT_IRREVOCABLE"),
                // §3 trigger events
                row("§3: leave counts as a return", event(LEAVE, adult(offences(article("242")), prison("P4Y"))), "ROUTE_A_LIST1"),
                row("§3: conditional release counts", event(CONDITIONAL_RELEASE, adult(offences(article("242")), prison("P4Y"))), "ROUTE_A_LIST1"),
                row("§3: escape is not an expected return", event(ESCAPE, adult(offences(article("242")), prison("P4Y"))), "EVENT_NOT_A_RETURN"),
                row("§3: transfer is no return", event(TRANSFER, adult(offences(article("242")), prison("P4Y"))), "EVENT_NOT_A_RETURN"),
                row("§3: death", event(DEATH, adult(offences(article("242")), prison("P4Y"))), "EVENT_NOT_A_RETURN"),
                row("§3: deportation of someone who qualifies goes to a person", event(DEPORTATION, adult(offences(article("242")), prison("P4Y"))), "DEPORTATION"),
                row("§3: deportation of someone who does not qualify", event(DEPORTATION, adult(offences(article("310")), prison("P4Y"))), "OFFENCE_NOT_LISTED"),
                row("§3: deportation of someone below the threshold", event(DEPORTATION, adult(offences(article("302")), prison("P6M"))), "BELOW_THRESHOLD"),
                // several convictions
                row("several: any qualifying conviction qualifies", event(FINAL_RELEASE,
                        adult(offences(article("310")), prison("P4Y")), adult(offences(article("242")), prison("P1Y"))), "ROUTE_A_LIST1"),
                row("several: none qualifies, the most telling reason", event(FINAL_RELEASE,
                        adult(offences(article("310")), prison("P4Y")), adult(offences(article("302")), prison("P6M"))), "BELOW_THRESHOLD"),
                row("several: none qualifies, one needs a person", event(FINAL_RELEASE,
                        adult(offences(article("310")), prison("P4Y")), adult(offences(attempt("242")), prison("P6M"))), "ATTEMPT_OR_PARTICIPATION"));
    }

    private static Arguments row(String rule, ReleaseEvent event, String expected) {
        return Arguments.of(rule, event, expected);
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("law")
    void decidesByLaw(String rule, ReleaseEvent event, String expected) {
        assertThat(reasonOf(RULES.assess(event, TODAY))).as(rule).isEqualTo(expected);
    }

    @Test
    void aPersonIsAskedEveryOpenQuestionAtOnceADeportationsAmongThem() {
        // one "qualifies" judgment answers them all, so none may stay unseen behind the first
        assertThat(RULES.assess(event(DEPORTATION, adult(offences(attempt("242")), prison("P4Y"))), TODAY))
                .isEqualTo(new Eligibility.NeedsReview(Reason.ATTEMPT_OR_PARTICIPATION,
                        List.of(Reason.ATTEMPT_OR_PARTICIPATION, Reason.DEPORTATION)));
        assertThat(RULES.assess(event(FINAL_RELEASE, adult(offences(attempt("242")), prison("P4Y")),
                adult(offences(article("302"), article("310")), prison("P2Y")), adult(offences(attempt("287")),
                prison("P4Y"))), TODAY)).isEqualTo(new Eligibility.NeedsReview(Reason.ATTEMPT_OR_PARTICIPATION,
                        List.of(Reason.ATTEMPT_OR_PARTICIPATION, Reason.THRESHOLD_NOT_ATTRIBUTABLE)));
        assertThat(RULES.assess(event(DEPORTATION, adult(offences(article("242")), prison("P4Y"))), TODAY))
                .as("a deportation alone").isEqualTo(new Eligibility.NeedsReview(Reason.DEPORTATION));
        assertThat(RULES.assess(event(DEPORTATION, adult(offences(article("242")), prison("P4Y")),
                adult(offences(attempt("287")), prison("P4Y"))), TODAY))
                .as("one conviction qualifies, the other waits: its question is asked with the deportation")
                .isEqualTo(new Eligibility.NeedsReview(Reason.DEPORTATION,
                        List.of(Reason.DEPORTATION, Reason.ATTEMPT_OR_PARTICIPATION)));
    }

    @Test
    void aList1JudgmentWithoutItsGroundTakesItFromTheOffences() {
        assertThat(RULES.list1RouteOf(event(FINAL_RELEASE, adult(offences(attempt("287")), prison("P4Y"))), TODAY))
                .contains(Route.ROUTE_A_LIST1_GEWELD);
        assertThat(RULES.list1RouteOf(event(FINAL_RELEASE, adult(offences(participation("287"), attempt("242")),
                prison("P4Y"))), TODAY)).as("zeden before geweld, as in a notice").contains(Route.ROUTE_A_LIST1_ZEDEN);
        assertThat(RULES.list1RouteOf(event(FINAL_RELEASE, adult(offences(article("24"), article("302")), prison("P4Y"))),
                TODAY)).as("an unknown article and list 2 name no list-1 ground").isEmpty();
    }

    @Test
    void arsonIsListedFromItsEffectiveProvisionDate() {
        ReleaseEvent arson = event(FINAL_RELEASE, adult(offences(article("157", "2020-01-01")), prison("P2Y")));
        assertThat(reasonOf(RULES.assess(arson, LocalDate.of(2024, 12, 31)))).isEqualTo("OFFENCE_NOT_LISTED");
        assertThat(reasonOf(RULES.assess(arson, LocalDate.of(2025, 1, 1)))).isEqualTo("ROUTE_A_ARSON");
    }

    @Test
    void aConvictionFinalAfterTheProvisionDateIsNotFinalYet() {
        ReleaseEvent event = event(FINAL_RELEASE, adult(offences(article("242")), prison("P4Y")));
        assertThat(reasonOf(RULES.assess(event, Law.FINAL.minusDays(1)))).isEqualTo("NOT_IRREVOCABLE");
        assertThat(reasonOf(RULES.assess(event, Law.FINAL))).isEqualTo("ROUTE_A_LIST1");
    }

    @Test
    void attemptPolicyIsConfigurable() {
        ReleaseEvent event = event(FINAL_RELEASE, adult(offences(attempt("242")), prison("P4Y")));
        assertThat(reasonOf(new EligibilityRules(Law.catalogue(), AttemptPolicy.QUALIFY).assess(event, TODAY)))
                .isEqualTo("ROUTE_A_LIST1");
        assertThat(reasonOf(new EligibilityRules(Law.catalogue(), AttemptPolicy.NOT).assess(event, TODAY)))
                .isEqualTo("OFFENCE_NOT_LISTED");
    }

    @Test
    void aPersonsJudgmentCarriesTheConvictionsThatWaitedForItAndThoseThatQualify() {
        ReleaseEvent event = event(FINAL_RELEASE, adult(offences(article("310")), prison("P4Y")),
                adult(offences(attempt("242")), prison("P4Y")), adult(offences(article("287")), prison("P9Y")));
        Qualifies judged = RULES.asJudged(event, TODAY, Route.ROUTE_A_LIST1_ZEDEN).orElseThrow();
        assertThat(judged.convictions()).extracting(Eligibility.QualifyingConviction::index).containsExactly(1, 2);
        assertThat(judged.convictions()).extracting(Eligibility.QualifyingConviction::route)
                .containsExactly(Route.ROUTE_A_LIST1_ZEDEN, Route.ROUTE_A_LIST1_GEWELD);
        assertThat(RULES.asJudged(event(FINAL_RELEASE, adult(offences(article("310")), prison("P4Y"))), TODAY,
                Route.ROUTE_A_LIST2)).as("nothing that could carry a notice").isEmpty();
    }

    @Test
    void aConvictionThatWaitedKeepsTheRouteItsOwnQuestionNamesNotTheOneAnotherWasJudgedBy() {
        // the judgment answered the attempt of 242 (ZEDEN); the manslaughter's threshold, answered yes, is list 2,
        // an attempt of 287 list 1 GEWELD, a PIJ of unknown extendability route C; an unknown article names
        // nothing, so it takes the judged route
        ReleaseEvent event = event(FINAL_RELEASE, adult(offences(attempt("242")), prison("P4Y")),
                adult(offences(article("302"), article("310")), prison("P2Y")), adult(offences(attempt("287")),
                prison("P4Y")), juvenile(offences(article("287")), pijUnknown()), adult(offences(article("24")),
                prison("P4Y")));
        Qualifies judged = RULES.asJudged(event, TODAY, Route.ROUTE_A_LIST1_ZEDEN).orElseThrow();
        assertThat(judged.route()).isEqualTo(Route.ROUTE_A_LIST1_ZEDEN);
        assertThat(judged.convictions()).extracting(Eligibility.QualifyingConviction::route).containsExactly(
                Route.ROUTE_A_LIST1_ZEDEN, Route.ROUTE_A_LIST2, Route.ROUTE_A_LIST1_GEWELD, Route.ROUTE_C_PIJ,
                Route.ROUTE_A_LIST1_ZEDEN);
    }

    @Test
    void aJudgedRouteThatNoWaitingConvictionNamesIsTakenForThemAll() {
        // the conviction shows one question (TBS with conditions: route B); the jurist answered its attempt of 242
        ReleaseEvent both = event(FINAL_RELEASE, adult(offences(attempt("242")), prison("P4Y"), sanction(nl.bij.intake.ReleaseEvent.SanctionType.TBS_VOORWAARDEN)));
        assertThat(reasonOf(RULES.assess(both, TODAY))).isEqualTo("TBS_CONDITIONS_ONLY");
        assertThat(RULES.asJudged(both, TODAY, Route.ROUTE_A_LIST1_ZEDEN).orElseThrow().convictions())
                .extracting(Eligibility.QualifyingConviction::route).containsExactly(Route.ROUTE_A_LIST1_ZEDEN);
        assertThat(RULES.asJudged(both, TODAY, Route.ROUTE_B_TBS).orElseThrow().convictions())
                .extracting(Eligibility.QualifyingConviction::route).containsExactly(Route.ROUTE_B_TBS);
    }

    @Test
    void onlyTheQualifyingConvictionsGoInTheNotice() {
        ReleaseEvent event = event(FINAL_RELEASE, adult(offences(article("310")), prison("P4Y")),
                adult(offences(article("242")), prison("P1Y")), adult(offences(article("287")), prison("P9Y")));
        Qualifies qualifies = (Qualifies) RULES.assess(event, TODAY);
        assertThat(qualifies.convictions()).extracting(Eligibility.QualifyingConviction::index).containsExactly(1, 2);
        assertThat(qualifies.convictions()).extracting(c -> c.route().ground()).containsExactly("ZEDEN", "GEWELD");
    }

    static String reasonOf(Eligibility eligibility) {
        if (eligibility instanceof Qualifies q) {
            return q.route().reason();
        }
        if (eligibility instanceof NotQualifying n) {
            return n.reason().name();
        }
        return ((NeedsReview) eligibility).reason().name();
    }
}
