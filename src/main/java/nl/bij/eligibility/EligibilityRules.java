package nl.bij.eligibility;

import java.time.LocalDate;
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
import nl.bij.eligibility.UnconditionalPart.Length;
import nl.bij.intake.ReleaseEvent;
import nl.bij.intake.ReleaseEvent.Conviction;
import nl.bij.intake.ReleaseEvent.Offence;
import nl.bij.intake.ReleaseEvent.ReturnKind;
import nl.bij.intake.ReleaseEvent.Sanction;
import nl.bij.intake.ReleaseEvent.SanctionType;

/**
 * Article 11a Bjsg as rules: does the person of a release event qualify, by which route and convictions? Plain
 * Java, stateless, thread-safe.
 *
 * <p>Two dates, never mixed up: the offence date decides which numbering an article follows; the provision date
 * (the day the notice would be given) decides what the regulation covers and whether a conviction is final.
 *
 * <p>Missing or unplaceable data is never a silent "no", and a person is asked only when the answer depends on
 * them: an attempt, an article that cannot be read, a sanction that cannot be placed or a threshold that depends
 * on how a month is reckoned goes to review only if, read in the person's favour of notifying, the conviction
 * would qualify. A conviction that fails anyway (not final, juvenile law, nothing unconditional, below the
 * threshold) is not qualifying with that reason.
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
        if (NOT_A_RETURN.contains(event.ret().kind())) {
            return new NotQualifying(Reason.EVENT_NOT_A_RETURN);
        }
        List<Verdict> verdicts = verdicts(event, provisionDate);
        List<QualifyingConviction> qualifying = new ArrayList<>();
        for (int i = 0; i < verdicts.size(); i++) {
            int index = i;
            verdicts.get(i).route().ifPresent(route -> qualifying.add(new QualifyingConviction(index, route)));
        }
        if (qualifying.isEmpty()) {
            return withoutRoute(verdicts);
        }
        // deportation or transfer abroad: a person decides, but only for someone who would otherwise qualify
        return event.ret().kind() == ReturnKind.DEPORTATION ? new NeedsReview(Reason.DEPORTATION)
                : new Qualifies(firstRoute(qualifying), qualifying);
    }

    /**
     * A person judged that the event qualifies by {@code route} (a review's legal question answered "yes"): the
     * convictions that qualify by themselves keep their route, those that waited for the judgment take this one.
     * Empty when no conviction could carry a notice (every one is plainly not qualifying).
     */
    public Optional<Qualifies> asJudged(ReleaseEvent event, LocalDate provisionDate, Route route) {
        List<Verdict> verdicts = verdicts(event, provisionDate);
        List<QualifyingConviction> convictions = new ArrayList<>();
        for (int i = 0; i < verdicts.size(); i++) {
            Verdict verdict = verdicts.get(i);
            if (verdict.route().isPresent() || verdict.needsReview()) {
                convictions.add(new QualifyingConviction(i, verdict.route().orElse(route)));
            }
        }
        return convictions.isEmpty() ? Optional.empty() : Optional.of(new Qualifies(route, convictions));
    }

    private List<Verdict> verdicts(ReleaseEvent event, LocalDate provisionDate) {
        return event.convictions().stream().map(c -> assess(c, provisionDate)).toList();
    }

    /** No conviction qualifies: a person decides if any asks for it, else the most telling reason. */
    private static Eligibility withoutRoute(List<Verdict> verdicts) {
        Optional<Reason> review = verdicts.stream().filter(Verdict::needsReview).map(Verdict::reason).findFirst();
        if (review.isPresent()) {
            return new NeedsReview(review.get());
        }
        return new NotQualifying(verdicts.stream().map(Verdict::reason).min(Comparator.naturalOrder())
                .orElse(Reason.OFFENCE_NOT_LISTED));
    }

    private static Route firstRoute(List<QualifyingConviction> qualifying) {
        return qualifying.stream().map(QualifyingConviction::route).min(Comparator.naturalOrder()).orElseThrow();
    }

    /** One conviction: a route, or the reason it has none (which may ask for a person). */
    private record Verdict(Optional<Route> route, Reason reason) {
        static Verdict qualifies(Route route) {
            return new Verdict(Optional.of(route), null);
        }

        static Verdict not(Reason reason) {
            return new Verdict(Optional.empty(), reason);
        }

        boolean qualifies() {
            return route.isPresent();
        }

        boolean needsReview() {
            return reason != null && reason.needsReview();
        }
    }

    private Verdict assess(Conviction conviction, LocalDate provisionDate) {
        if (conviction.irrevocableDate().filter(date -> !date.isAfter(provisionDate)).isEmpty()) {
            return Verdict.not(Reason.NOT_IRREVOCABLE);
        }
        List<Verdict> verdicts = List.of(routeB(conviction), routeC(conviction), routeA(conviction, provisionDate));
        return verdicts.stream().filter(Verdict::qualifies).min(Comparator.comparing(v -> v.route().get()))
                .or(() -> verdicts.stream().filter(Verdict::needsReview).findFirst())
                .orElseGet(() -> verdicts.stream().min(Comparator.comparing(Verdict::reason)).orElseThrow());
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

    /** Route C: a PIJ-maatregel, only when extendable under art. 77t lid 3 Sr; not saying so is not "no". */
    private static Verdict routeC(Conviction conviction) {
        List<Sanction> pij = conviction.sanctions().stream().filter(s -> s.type() == SanctionType.PIJ).toList();
        if (pij.isEmpty()) {
            return Verdict.not(Reason.OFFENCE_NOT_LISTED);
        }
        if (pij.stream().anyMatch(s -> s.extendable().orElse(false))) {
            return Verdict.qualifies(Route.ROUTE_C_PIJ);
        }
        return pij.stream().anyMatch(s -> s.extendable().isEmpty()) ? Verdict.not(Reason.PIJ_EXTENDABILITY_UNKNOWN)
                : Verdict.not(Reason.PIJ_NOT_EXTENDABLE);
    }

    /**
     * Route A, read three ways: firmly (attempts as the policy says, unreadable articles as unlisted); then with
     * the attempts as the offence attempted; then with an unreadable article as a list-1 offence (a typo of 242
     * must not become "no notice"). A person is asked only if a wider reading makes the conviction qualify.
     */
    private Verdict routeA(Conviction conviction, LocalDate provisionDate) {
        Verdict firm = routeA(conviction, classify(conviction.offences(), provisionDate, Reading.FIRM));
        if (firm.qualifies()) {
            return firm;
        }
        OffenceMix attempts = classify(conviction.offences(), provisionDate, Reading.WITH_ATTEMPTS);
        if (attemptPolicy == AttemptPolicy.MANUAL && attempts.doubtfulAttempt() && routeA(conviction, attempts).qualifies()) {
            return Verdict.not(Reason.ATTEMPT_OR_PARTICIPATION);
        }
        OffenceMix widest = classify(conviction.offences(), provisionDate, Reading.WIDEST);
        if (!widest.unreadable()) {
            return attempts.doubtfulAttempt() && !firm.needsReview() ? routeA(conviction, attempts) : firm;
        }
        Verdict widestVerdict = routeA(conviction, widest);
        if (widestVerdict.qualifies()) {
            return Verdict.not(Reason.UNKNOWN_ARTICLE);
        }
        return firm.needsReview() ? firm : widestVerdict;
    }

    /** Route A on one reading of the offences: an unconditional custodial sentence, adult law, a listed offence. */
    private static Verdict routeA(Conviction conviction, OffenceMix offences) {
        if (!offences.anyListed()) {
            return Verdict.not(Reason.OFFENCE_NOT_LISTED);
        }
        if (conviction.juvenileLaw() || has(conviction, SanctionType.JEUGDDETENTIE) && custodial(conviction).isEmpty()) {
            return Verdict.not(Reason.JUVENILE_LAW);
        }
        Length length = UnconditionalPart.of(custodial(conviction));
        // a sanction the service cannot place (OTHER, such as ISD) may be the custodial one: a person decides
        boolean unplaced = has(conviction, SanctionType.OTHER);
        if (length == Length.UNKNOWN) {
            return Verdict.not(Reason.SANCTION_UNCLEAR);
        }
        if (!length.moreThanNothing()) {
            return Verdict.not(unplaced ? Reason.SANCTION_UNCLEAR : Reason.NO_UNCONDITIONAL_PART);
        }
        if (offences.list1().isPresent()) {
            return Verdict.qualifies(offences.list1().get());
        }
        if (offences.arson()) {
            return Verdict.qualifies(Route.ROUTE_A_ARSON);
        }
        return list2(length, offences.unlisted(), unplaced);
    }

    /** List 2 alone: the unconditional part must be one year or longer, and attributable to the listed offence. */
    private static Verdict list2(Length length, boolean withUnlistedOffences, boolean unplacedSanction) {
        return switch (length) {
            case BELOW_A_YEAR -> Verdict.not(unplacedSanction ? Reason.SANCTION_UNCLEAR : Reason.BELOW_THRESHOLD);
            case DEPENDS_ON_THE_MONTH -> Verdict.not(Reason.THRESHOLD_NOT_ATTRIBUTABLE);
            // one sentence for a list-2 offence and unlisted ones: the year cannot be attributed to the listed one
            default -> withUnlistedOffences ? Verdict.not(Reason.THRESHOLD_NOT_ATTRIBUTABLE)
                    : Verdict.qualifies(Route.ROUTE_A_LIST2);
        };
    }

    /** How doubtful offences are read: an attempt of a listed offence, and an article that cannot be read. */
    private enum Reading { FIRM, WITH_ATTEMPTS, WIDEST }

    /** What the offences of one conviction amount to, on one reading. */
    private record OffenceMix(Optional<Route> list1, boolean arson, boolean list2, boolean unlisted,
                              boolean doubtfulAttempt, boolean unreadable) {
        boolean anyListed() {
            return list1.isPresent() || arson || list2;
        }
    }

    private OffenceMix classify(List<Offence> offences, LocalDate provisionDate, Reading reading) {
        Optional<Route> list1 = Optional.empty();
        boolean arson = false;
        boolean list2 = false;
        boolean unlisted = false;
        boolean doubtfulAttempt = false;
        boolean unreadable = false;
        for (Offence offence : offences) {
            Optional<OffenceList> listed = listedOn(offence, provisionDate);
            if (listed.isPresent() && (offence.attempt() || offence.participation())) {
                doubtfulAttempt |= attemptPolicy == AttemptPolicy.MANUAL;
                boolean counts = attemptPolicy == AttemptPolicy.QUALIFY
                        || attemptPolicy == AttemptPolicy.MANUAL && reading != Reading.FIRM;
                listed = counts ? listed : Optional.empty();
            } else if (listed.isEmpty() && (catalogue.needsParagraph(offence) || catalogue.isUnknown(offence))) {
                unreadable = true;
                listed = reading == Reading.WIDEST ? Optional.of(OffenceList.LIST1_ZEDEN) : Optional.empty();
            }
            if (listed.isEmpty()) {
                unlisted = true;
                continue;
            }
            switch (listed.get()) {
                case LIST1_ZEDEN -> list1 = list1.or(() -> Optional.of(Route.ROUTE_A_LIST1_ZEDEN));
                case LIST1_GEWELD -> list1 = list1.or(() -> Optional.of(Route.ROUTE_A_LIST1_GEWELD));
                case BRANDSTICHTING -> arson = true;
                case LIST2_GEWELD -> list2 = true;
            }
        }
        return new OffenceMix(list1, arson, list2, unlisted, doubtfulAttempt, unreadable);
    }

    private Optional<OffenceList> listedOn(Offence offence, LocalDate provisionDate) {
        return catalogue.listing(offence).filter(entry -> entry.inScopeOn(provisionDate)).map(e -> e.list());
    }

    private static boolean has(Conviction conviction, SanctionType type) {
        return conviction.sanctions().stream().anyMatch(s -> s.type() == type);
    }

    private static List<Sanction> custodial(Conviction conviction) {
        return conviction.sanctions().stream().filter(s -> CUSTODIAL.contains(s.type())).toList();
    }
}
