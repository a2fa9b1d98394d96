package nl.bij.eligibility;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import nl.bij.eligibility.Eligibility.NeedsReview;
import nl.bij.eligibility.Eligibility.NotQualifying;
import nl.bij.eligibility.Eligibility.Qualifies;
import nl.bij.eligibility.Eligibility.QualifyingConviction;
import nl.bij.eligibility.OffenceCatalogue.OffenceList;
import nl.bij.intake.ReleaseEvent;
import nl.bij.intake.ReleaseEvent.Conviction;
import nl.bij.intake.ReleaseEvent.Offence;
import nl.bij.intake.ReleaseEvent.ReturnKind;
import nl.bij.intake.ReleaseEvent.Sanction;
import nl.bij.intake.ReleaseEvent.SanctionType;

/**
 * Article 11a Bjsg as rules (DOMAIN.md §2 and §3): does the person of a release event qualify, by which route and
 * convictions? Plain Java, stateless, thread-safe.
 *
 * <p>Two dates, never mixed up: the offence date decides which numbering an article follows; the provision date
 * (the day the notice would be given) decides what the regulation covers and whether a conviction is final.
 */
public final class EligibilityRules {

    private static final Set<ReturnKind> NOT_A_RETURN = EnumSet.of(ReturnKind.ESCAPE, ReturnKind.TRANSFER,
            ReturnKind.DEATH);
    private static final Set<SanctionType> CUSTODIAL = EnumSet.of(SanctionType.GEVANGENISSTRAF, SanctionType.HECHTENIS);

    private final OffenceCatalogue catalogue;
    private final AttemptPolicy attemptPolicy;

    public EligibilityRules(OffenceCatalogue catalogue, AttemptPolicy attemptPolicy) {
        this.catalogue = catalogue;
        this.attemptPolicy = attemptPolicy;
    }

    public Eligibility assess(ReleaseEvent event, LocalDate provisionDate) {
        ReturnKind kind = event.ret().kind();
        if (NOT_A_RETURN.contains(kind)) {
            return new NotQualifying(Reason.EVENT_NOT_A_RETURN);
        }
        if (kind == ReturnKind.DEPORTATION) {
            return new NeedsReview(Reason.DEPORTATION);
        }
        List<QualifyingConviction> qualifying = new ArrayList<>();
        List<Reason> others = new ArrayList<>();
        for (int i = 0; i < event.convictions().size(); i++) {
            int index = i;
            Verdict verdict = assess(event.convictions().get(i), provisionDate);
            verdict.route().ifPresentOrElse(route -> qualifying.add(new QualifyingConviction(index, route)),
                    () -> others.add(verdict.reason()));
        }
        return qualifying.isEmpty() ? withoutRoute(others) : new Qualifies(firstRoute(qualifying), qualifying);
    }

    /** Several convictions and none qualifies: a person decides if any asks for it, else the most telling reason. */
    private static Eligibility withoutRoute(List<Reason> reasons) {
        Optional<Reason> review = reasons.stream().filter(Reason::needsReview).findFirst();
        if (review.isPresent()) {
            return new NeedsReview(review.get());
        }
        return new NotQualifying(reasons.stream().min(Comparator.naturalOrder()).orElse(Reason.OFFENCE_NOT_LISTED));
    }

    private static Route firstRoute(List<QualifyingConviction> qualifying) {
        return qualifying.stream().map(QualifyingConviction::route).min(Comparator.naturalOrder()).orElseThrow();
    }

    /** One conviction: a route, or the reason it has none. */
    private record Verdict(Optional<Route> route, Reason reason) {
        static Verdict qualifies(Route route) {
            return new Verdict(Optional.of(route), null);
        }

        static Verdict not(Reason reason) {
            return new Verdict(Optional.empty(), reason);
        }
    }

    private Verdict assess(Conviction conviction, LocalDate provisionDate) {
        if (conviction.irrevocableDate().filter(date -> !date.isAfter(provisionDate)).isEmpty()) {
            return Verdict.not(Reason.NOT_IRREVOCABLE);
        }
        List<Verdict> verdicts = List.of(routeB(conviction), routeC(conviction), routeA(conviction, provisionDate));
        return verdicts.stream().filter(v -> v.route().isPresent()).min(Comparator.comparing(v -> v.route().get()))
                .or(() -> verdicts.stream().filter(v -> v.reason() != null && v.reason().needsReview()).findFirst())
                .orElseGet(() -> verdicts.stream().filter(v -> v.reason() != null)
                        .min(Comparator.comparing(Verdict::reason)).orElseThrow());
    }

    /** Route B: TBS with compulsory treatment (art. 37a with 37b Sr); TBS with conditions only goes to a person. */
    private static Verdict routeB(Conviction conviction) {
        if (has(conviction, SanctionType.TBS_DWANGVERPLEGING) && !conviction.juvenileLaw()) {
            return Verdict.qualifies(Route.ROUTE_B_TBS);
        }
        if (has(conviction, SanctionType.TBS_VOORWAARDEN) && !conviction.juvenileLaw()) {
            return Verdict.not(Reason.TBS_CONDITIONS_ONLY);
        }
        return Verdict.not(Reason.OFFENCE_NOT_LISTED);
    }

    /** Route C: a PIJ-maatregel, only when extendable under art. 77t lid 3 Sr. */
    private static Verdict routeC(Conviction conviction) {
        List<Sanction> pij = conviction.sanctions().stream().filter(s -> s.type() == SanctionType.PIJ).toList();
        if (pij.isEmpty()) {
            return Verdict.not(Reason.OFFENCE_NOT_LISTED);
        }
        boolean extendable = pij.stream().anyMatch(s -> s.extendable().orElse(false));
        return extendable ? Verdict.qualifies(Route.ROUTE_C_PIJ) : Verdict.not(Reason.PIJ_NOT_EXTENDABLE);
    }

    /** Route A: an unconditional custodial sentence, adult law, for a listed offence. */
    private Verdict routeA(Conviction conviction, LocalDate provisionDate) {
        OffenceMix offences = classify(conviction.offences(), provisionDate);
        if (!offences.anyListed()) {
            return Verdict.not(offences.review().orElse(Reason.OFFENCE_NOT_LISTED));
        }
        if (conviction.juvenileLaw() || has(conviction, SanctionType.JEUGDDETENTIE) && !hasCustodial(conviction)) {
            return Verdict.not(Reason.JUVENILE_LAW);
        }
        Optional<Period> unconditional = UnconditionalPart.of(custodial(conviction));
        if (unconditional.isEmpty()) {
            return Verdict.not(Reason.THRESHOLD_NOT_ATTRIBUTABLE);
        }
        if (UnconditionalPart.isZero(unconditional.get())) {
            return Verdict.not(Reason.NO_UNCONDITIONAL_PART);
        }
        if (offences.list1().isPresent()) {
            return Verdict.qualifies(offences.list1().get());
        }
        if (offences.arson()) {
            return Verdict.qualifies(Route.ROUTE_A_ARSON);
        }
        if (!UnconditionalPart.isAtLeastOneYear(unconditional.get())) {
            return Verdict.not(Reason.BELOW_THRESHOLD);
        }
        // a list-2 offence with unlisted ones in one sentence: the year cannot be attributed to the listed offence
        return offences.unlisted() ? Verdict.not(Reason.THRESHOLD_NOT_ATTRIBUTABLE) : Verdict.qualifies(Route.ROUTE_A_LIST2);
    }

    /** What the offences of one conviction amount to. */
    private record OffenceMix(Optional<Route> list1, boolean arson, boolean list2, boolean unlisted,
                              Optional<Reason> review) {
        boolean anyListed() {
            return list1.isPresent() || arson || list2;
        }
    }

    private OffenceMix classify(List<Offence> offences, LocalDate provisionDate) {
        Optional<Route> list1 = Optional.empty();
        boolean arson = false;
        boolean list2 = false;
        boolean unlisted = false;
        Optional<Reason> review = Optional.empty();
        for (Offence offence : offences) {
            Optional<OffenceList> listed = listedOn(offence, provisionDate);
            if (listed.isPresent() && (offence.attempt() || offence.participation())) {
                if (attemptPolicy == AttemptPolicy.MANUAL) {
                    review = review.or(() -> Optional.of(Reason.ATTEMPT_OR_PARTICIPATION));
                    continue;
                }
                if (attemptPolicy == AttemptPolicy.NOT) {
                    listed = Optional.empty();
                }
            }
            if (listed.isEmpty()) {
                if (catalogue.needsParagraph(offence) || catalogue.isUnknown(offence)) {
                    review = review.or(() -> Optional.of(Reason.UNKNOWN_ARTICLE));
                } else {
                    unlisted = true;
                }
                continue;
            }
            switch (listed.get()) {
                case LIST1_ZEDEN -> list1 = list1.or(() -> Optional.of(Route.ROUTE_A_LIST1_ZEDEN));
                case LIST1_GEWELD -> list1 = list1.or(() -> Optional.of(Route.ROUTE_A_LIST1_GEWELD));
                case BRANDSTICHTING -> arson = true;
                case LIST2_GEWELD -> list2 = true;
            }
        }
        return new OffenceMix(list1, arson, list2, unlisted, review);
    }

    private Optional<OffenceList> listedOn(Offence offence, LocalDate provisionDate) {
        return catalogue.listing(offence).filter(entry -> entry.inScopeOn(provisionDate)).map(e -> e.list());
    }

    private static boolean has(Conviction conviction, SanctionType type) {
        return conviction.sanctions().stream().anyMatch(s -> s.type() == type);
    }

    private static boolean hasCustodial(Conviction conviction) {
        return !custodial(conviction).isEmpty();
    }

    private static List<Sanction> custodial(Conviction conviction) {
        return conviction.sanctions().stream().filter(s -> CUSTODIAL.contains(s.type())).toList();
    }
}
